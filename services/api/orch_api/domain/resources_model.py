"""Aggregate states of resource definitions, resource types (with their classes and the index of
the criteria of their definitions), drivers and active resources. Pure data."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

from shared import contracts as c
from shared.contracts import resources as rc

# Version ids are UUIDs derived from the definition and the version's number, so a replay of the
# same commands gives the same ids.
_VERSION_NAMESPACE = uuid.UUID("2b0d6a4e-3f0c-4a43-8f57-6a1d2c9e7b10")


class _State(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DefinitionRecord(_State):
    org_id: str
    def_id: str
    type: str
    definition: c.ResourceDefinitionSpec | None = None
    """The active definition; ``None`` only in states written before definitions were versioned."""
    deleted: bool = False
    versions: int = 0
    """How many versions were made; numbers the next one (kept across a delete and re-create)."""
    proposed: tuple[c.ResourceDefinitionSpec, ...] = ()
    """Proposed versions not promoted yet."""


class OwnedCriterion(_State):
    def_id: str
    criterion: c.Criterion


class ClassRecord(_State):
    id: str
    description: str = ""


class ResourceTypeRecord(_State):
    """One resource type of an org: its own spec if it is a custom type, its classes, and every
    definition of the type with its criteria (the index that rejects duplicate criteria)."""

    org_id: str
    type: str
    custom: rc.ResourceTypeSpec | None = None
    classes: tuple[ClassRecord, ...] = ()
    definitions: tuple[str, ...] = ()
    criteria: tuple[OwnedCriterion, ...] = ()

    def class_(self, class_id: str) -> ClassRecord | None:
        return next((k for k in self.classes if k.id == class_id), None)


class DriverRecord(_State):
    org_id: str
    driver_id: str
    driver: rc.DriverSpec | None = None
    """``None`` once deleted."""


class ActiveResourceRecord(_State):
    org_id: str
    app_id: str
    env_id: str
    type: str
    res_id: str
    deletion_scheduled: bool = False


def version_id(org_id: str, def_id: str, number: int) -> str:
    return str(uuid.uuid5(_VERSION_NAMESPACE, f"{org_id}/{def_id}/{number}"))


def definition_aggregate_id(org_id: str, def_id: str) -> str:
    return f"def:{org_id}/{def_id}"


def type_aggregate_id(org_id: str, type_id: str) -> str:
    return f"restype:{org_id}/{type_id}"


def driver_aggregate_id(org_id: str, driver_id: str) -> str:
    return f"driver:{org_id}/{driver_id}"


def active_resource_aggregate_id(org_id: str, app_id: str, env_id: str, type_id: str, res_id: str) -> str:
    return f"activeres:{org_id}/{app_id}/{env_id}/{type_id}/{res_id}"
