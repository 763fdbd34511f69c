"""Machinery every orchestrator service shares: settings, logging, tracing, messages, Kafka, PostgreSQL.

Nothing in this package does work at import time; services build what they need from typed settings
in their composition root.
"""
