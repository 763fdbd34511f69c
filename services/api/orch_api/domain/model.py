"""Aggregate states of the application model. Pure data: no IO, no clock, no randomness."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _State(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OrgState(_State):
    org_id: str
    name: str


class AppState(_State):
    org_id: str
    app_id: str
    name: str


class EnvState(_State):
    org_id: str
    app_id: str
    env_id: str
    name: str
    type: str
    last_deploy_id: str | None = None
    last_set_id: str | None = None


class DefinitionState(_State):
    org_id: str
    def_id: str
    type: str


class DeltaState(_State):
    org_id: str
    app_id: str
    delta_id: str


def org_aggregate_id(org_id: str) -> str:
    return f"org:{org_id}"


def app_aggregate_id(org_id: str, app_id: str) -> str:
    return f"app:{org_id}/{app_id}"


def env_aggregate_id(org_id: str, app_id: str, env_id: str) -> str:
    return f"env:{org_id}/{app_id}/{env_id}"


def definition_aggregate_id(org_id: str, def_id: str) -> str:
    return f"def:{org_id}/{def_id}"


def delta_aggregate_id(org_id: str, app_id: str, delta_id: str) -> str:
    return f"delta:{org_id}/{app_id}/{delta_id}"
