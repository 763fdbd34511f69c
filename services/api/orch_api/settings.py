"""The API service's settings (environment variables ``ORCH_*``)."""

from __future__ import annotations

from shared.settings import ServiceSettings


class ApiSettings(ServiceSettings):
    db_schema: str = "api"
    api_host: str = "127.0.0.1"
    api_port: int = 8080
    command_wait_s: float = 10.0
    max_body_bytes: int = 1_048_576
