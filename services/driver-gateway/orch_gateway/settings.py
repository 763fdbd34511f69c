"""The driver gateway's settings (environment variables ``ORCH_*``)."""

from __future__ import annotations

from pydantic import Field

from shared.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    db_schema: str = "gateway"
    health_port: int = 8083
    driver_targets: dict[str, str] = Field(default_factory=lambda: {"humanitec/echo": "http://127.0.0.1:8090/"})
    """Driver type -> target URL prefix; the built-in drivers are registered here."""
    driver_timeout_s: float = 30.0
    driver_max_attempts: int = 6
    driver_poll_interval_s: float = 0.5
