"""One exception tree for the whole orchestrator.

    OrchestratorError
    ├── DomainError            a rule of the model was broken (HTTP 409 / 422)
    │   └── Conflict           the thing exists already, or something is in the way (409)
    ├── NotFound               the object does not exist (404)
    ├── InvalidInput           the request cannot be understood (400 / 422)
    └── InfrastructureError    something outside our code failed
        ├── TransientError     retrying later may succeed (broker or database down, timeouts)
        └── PermanentError     retrying will never succeed (poison message, bad schema)

Adapters translate library exceptions (asyncpg, aiokafka, aiohttp) into this tree with
``raise ... from exc``; nothing above ``adapters/`` sees a library exception type.
"""

from __future__ import annotations

from typing import Any


class OrchestratorError(Exception):
    """Root of every error the orchestrator raises on purpose."""

    code = "ORC-000"
    http_status = 500

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_body(self) -> dict[str, Any]:
        """The Humanitec error shape: ``{error, message, details}``."""
        return {"error": self.code, "message": self.message, "details": self.details}


class DomainError(OrchestratorError):
    code = "API-409"
    http_status = 409


class Conflict(DomainError):
    code = "API-409"
    http_status = 409


class NotFound(OrchestratorError):
    code = "API-404"
    http_status = 404


class InvalidInput(OrchestratorError):
    code = "API-400"
    http_status = 400


class InfrastructureError(OrchestratorError):
    code = "API-503"
    http_status = 503


class TransientError(InfrastructureError):
    """Retrying later may succeed."""


class PermanentError(InfrastructureError):
    """Retrying will never succeed; the message goes to the dead-letter topic."""

    code = "API-500"
    http_status = 500


class DependencyUnavailable(TransientError):
    """Kafka or PostgreSQL cannot be reached right now (HTTP 503)."""

    code = "API-503"
    http_status = 503


class CommandTimeout(TransientError):
    """A command was accepted durably but its outcome was not seen in time."""

    code = "API-504"
    http_status = 504
