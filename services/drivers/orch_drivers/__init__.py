"""Built-in drivers and a small SDK for writing drivers (the Driver API over aiohttp)."""
