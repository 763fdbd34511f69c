"""Aggregate states of shared values: one value set for the app, one (its overrides) per
environment. Pure data."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts import values as c


class ValueSetState(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    org_id: str
    app_id: str
    env_id: str | None = None
    values: dict[str, c.SharedValue] = Field(default_factory=dict)
    """The app's values, or the environment's overrides (not the merged view)."""
    latest_version_id: str | None = None
    seq: int = 0
    purged: tuple[str, ...] = ()
    """Revisions purged in this scope: they are never restored again, even from a version whose
    stored copy the projector has not wiped yet."""

    @property
    def scope(self) -> str:
        return "env" if self.env_id else "app"


def values_aggregate_id(org_id: str, app_id: str, env_id: str | None = None) -> str:
    return f"values:{org_id}/{app_id}" + (f"/{env_id}" if env_id else "")


def empty(org_id: str, app_id: str, env_id: str | None = None) -> ValueSetState:
    return ValueSetState(org_id=org_id, app_id=app_id, env_id=env_id)


def latest_value_set_version_id(app: ValueSetState | None, env: ValueSetState | None) -> str | None:
    """The version that pins an environment's values right now (for a deployment to record): the
    environment's newest version; before it has one, its values are the app's, so the app's."""
    if env is not None and env.latest_version_id is not None:
        return env.latest_version_id
    return app.latest_version_id if app is not None else None
