"""Typed settings shared by every service, built once in each service's composition root."""

from __future__ import annotations

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseModel):
    bootstrap_servers: str = "127.0.0.1:9092"
    topic_prefix: str = "orch."
    partitions: int = 6
    client_id: str = "orch"

    def topic(self, name: str) -> str:
        return f"{self.topic_prefix}{name}"


class PostgresSettings(BaseModel):
    dsn: str = "postgresql://orch:orch@127.0.0.1:55432/orch"
    min_connections: int = 1
    max_connections: int = 10
    command_timeout_s: float = 30.0


class TelemetrySettings(BaseModel):
    service_name: str = "orch"
    log_level: str = "info"
    log_json: bool = True
    otlp_endpoint: str | None = None
    """OTLP/HTTP endpoint, e.g. http://127.0.0.1:4318; spans go there when set."""
    traces_file: str | None = None
    """A JSON-lines file that receives every finished span (for local runs and tests)."""
    console_traces: bool = False


class ConsumerSettings(BaseModel):
    poll_timeout_ms: int = 200
    max_batch: int = 100
    max_attempts: int = 5
    backoff_initial_s: float = 0.05
    backoff_max_s: float = 5.0
    outbox_sweep_interval_s: float = 0.5


class SecretsSettings(BaseModel):
    keys: dict[str, str] = Field(default_factory=dict)
    """Key id -> base64url 256-bit key (see ``shared.crypto``); set ``ORCH_SECRETS__KEYS`` as JSON."""
    active_key: str | None = None
    """The key new secrets are sealed with; the last key id in sort order when unset."""


class ServiceSettings(BaseSettings):
    """Settings common to every service; each service subclasses it with its own prefix."""

    model_config = SettingsConfigDict(env_prefix="ORCH_", env_nested_delimiter="__", extra="ignore")

    kafka: KafkaSettings = Field(default_factory=KafkaSettings)
    postgres: PostgresSettings = Field(default_factory=PostgresSettings)
    telemetry: TelemetrySettings = Field(default_factory=TelemetrySettings)
    consumer: ConsumerSettings = Field(default_factory=ConsumerSettings)
    secrets: SecretsSettings = Field(default_factory=SecretsSettings)
    db_schema: str = "public"
    health_host: str = "127.0.0.1"
    health_port: int = 0
    """Port of the health/readiness endpoint; 0 means none."""
