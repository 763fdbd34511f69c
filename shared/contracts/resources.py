"""Resource definitions, types, classes and drivers."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ConfigDict, Field

from shared.contracts._base import _Frozen
from shared.messages import Command, Event, Message


class DriverInputs(_Frozen):
    values: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, Any] = Field(default_factory=dict)


class Criterion(_Frozen):
    id: str
    app_id: str | None = None
    env_id: str | None = None
    env_type: str | None = None
    res_id: str | None = None
    class_: str = Field(default="default", alias="class")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ResourceDefinitionSpec(_Frozen):
    id: str
    name: str
    type: str
    driver_type: str
    driver_inputs: DriverInputs = Field(default_factory=DriverInputs)
    criteria: tuple[Criterion, ...] = ()


class CreateResourceDefinition(Command):
    TYPE: ClassVar[str] = "CreateResourceDefinition"
    org_id: str
    definition: ResourceDefinitionSpec


class ResourceDefinitionCreated(Event):
    TYPE: ClassVar[str] = "ResourceDefinitionCreated"
    org_id: str
    definition: ResourceDefinitionSpec


MESSAGES: tuple[type[Message], ...] = (CreateResourceDefinition, ResourceDefinitionCreated)
