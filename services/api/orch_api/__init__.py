"""The API service: validates requests, appends commands, decides them into events, serves reads."""
