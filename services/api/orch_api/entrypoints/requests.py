"""Request bodies as pydantic models: what the API accepts, validated before any command is sent."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9](?:-?[a-z0-9]+)+$", max_length=50)]
DefId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]+[a-z0-9]$", max_length=100)]
TypeId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/_-]*[a-z0-9]$", max_length=100)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OrgBody(_Body):
    id: Id
    name: Name


class EnvBody(_Body):
    id: Id
    name: Name | None = None
    type: Id = "development"


class AppBody(_Body):
    id: Id
    name: Name | None = None
    env: EnvBody | None = None


class CriterionBody(_Body):
    app_id: Id | None = None
    env_id: Id | None = None
    env_type: Id | None = None
    res_id: str | None = Field(default=None, max_length=300)
    class_: str = Field(default="default", alias="class", max_length=100)


class DriverInputsBody(_Body):
    values: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, Any] = Field(default_factory=dict)


class DefinitionBody(_Body):
    id: DefId
    name: Name
    type: TypeId
    driver_type: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    driver_inputs: DriverInputsBody = Field(default_factory=DriverInputsBody)
    criteria: list[CriterionBody] = Field(default_factory=list, max_length=100)


class DeltaMetadataBody(_Body):
    env_id: Id | None = None
    name: str | None = Field(default=None, max_length=500)


class ModulesBody(_Body):
    add: dict[str, dict[str, Any]] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    update: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)


class DeltaBody(_Body):
    metadata: DeltaMetadataBody = Field(default_factory=DeltaMetadataBody)
    modules: ModulesBody = Field(default_factory=ModulesBody)
    shared: list[dict[str, Any]] = Field(default_factory=list)


class DeploymentBody(_Body):
    delta_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")] | None = None
    set_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{43}$")] | None = None
    comment: str = Field(default="", max_length=2000)
