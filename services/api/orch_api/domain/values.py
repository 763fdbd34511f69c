"""Shared values and secrets: pure decisions and state changes."""
