"""The resolver's settings (environment variables ``ORCH_*``)."""

from __future__ import annotations

from shared.settings import ServiceSettings


class ResolverSettings(ServiceSettings):
    db_schema: str = "resolver"
    health_port: int = 8081
