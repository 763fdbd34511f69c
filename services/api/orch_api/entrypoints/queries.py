"""Query parameters, described once for the OpenAPI document. Handlers parse what they read."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from orch_api.entrypoints.requests import Id


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DeltaListQuery(Query):
    env: Id | None = Field(default=None, description="Only deltas for this environment.")
    archived: bool = Field(default=False, description="List archived deltas instead of active ones.")


class DefinitionListQuery(Query):
    app: Id | None = None
    env: Id | None = None
    env_type: Id | None = None
    res: str | None = Field(default=None, max_length=300)
    res_type: str | None = Field(default=None, max_length=100)
    class_: str | None = Field(default=None, alias="class", max_length=100)
    deleted: bool = False


class DeletedQuery(Query):
    deleted: bool = Field(default=False, description="Also answer for a deleted definition.")


class ForceQuery(Query):
    force: bool = Field(default=False, description="Go ahead although active resources would move.")


class KeyChangedQuery(Query):
    key_changed: str | None = Field(default=None, max_length=200, description="Only versions that changed this key.")
