"""Partition keys and the frozen base of contract models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


def org_key(org_id: str) -> str:
    return org_id


def app_key(org_id: str, app_id: str) -> str:
    return f"{org_id}/{app_id}"


def env_key(org_id: str, app_id: str, env_id: str) -> str:
    return f"{org_id}/{app_id}/{env_id}"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
