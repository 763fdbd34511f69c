"""The deployer's settings (environment variables ``ORCH_*``)."""

from __future__ import annotations

from shared.settings import ServiceSettings


class DeployerSettings(ServiceSettings):
    db_schema: str = "deployer"
    health_port: int = 8082
