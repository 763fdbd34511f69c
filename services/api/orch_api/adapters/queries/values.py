"""Reads of shared values and secrets."""
