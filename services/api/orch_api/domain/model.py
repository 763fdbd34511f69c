"""Aggregate states of the application model. Pure data: no IO, no clock, no randomness."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.deltas import DeltaContent


class _State(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OrgState(_State):
    org_id: str
    name: str


class AppState(_State):
    org_id: str
    app_id: str
    name: str
    env_ids: tuple[str, ...] = ()
    deleted: bool = False


class EnvTypeState(_State):
    org_id: str
    env_type_id: str
    description: str = ""
    env_count: int = 0
    """Environments of this type: a type in use cannot be deleted."""
    deleted: bool = False


class EnvState(_State):
    org_id: str
    app_id: str
    env_id: str
    name: str
    type: str
    last_deploy_id: str | None = None
    """The newest deployment in this environment (the one that may still be running)."""
    last_set_id: str | None = None
    from_deploy_id: str | None = None
    """The deployment the next one builds on (Humanitec's ``from_deploy``): the newest one, or the
    one the environment was created from or rebased to, possibly of another environment."""
    from_set_id: str | None = None
    deleted: bool = False

    @property
    def base_set_id(self) -> str | None:
        return self.from_set_id or self.last_set_id


class DeltaState(_State):
    org_id: str
    app_id: str
    delta_id: str
    env_id: str | None = None
    name: str | None = None
    archived: bool = False
    content: DeltaContent = Field(default_factory=DeltaContent)
    """What the delta changes: what ``PATCH`` merges into."""


def org_aggregate_id(org_id: str) -> str:
    return f"org:{org_id}"


def app_aggregate_id(org_id: str, app_id: str) -> str:
    return f"app:{org_id}/{app_id}"


def env_type_aggregate_id(org_id: str, env_type_id: str) -> str:
    return f"envtype:{org_id}/{env_type_id}"


def env_aggregate_id(org_id: str, app_id: str, env_id: str) -> str:
    return f"env:{org_id}/{app_id}/{env_id}"


def delta_aggregate_id(org_id: str, app_id: str, delta_id: str) -> str:
    return f"delta:{org_id}/{app_id}/{delta_id}"
