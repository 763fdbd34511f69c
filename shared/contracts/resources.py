"""Resource definitions, types, classes, drivers and active resources.

Every definition event carries the whole definition as it is after the change, so a consumer
(the resolver) keeps its view with one upsert and never needs the history. Secret values in
``DriverInputs.secrets`` are always sealed (``shared.crypto``) before they enter a command.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ConfigDict, Field

from shared.contracts._base import _Frozen
from shared.messages import Command, Event, Message


class DriverInputs(_Frozen):
    values: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, Any] = Field(default_factory=dict)
    """Sealed secret values (``v1:<key>:...``), nested as the client sent them."""
    secret_refs: dict[str, Any] = Field(default_factory=dict)
    """References to secrets in external stores: leaves are ``{store, ref, version?}``."""


class Criterion(_Frozen):
    id: str
    app_id: str | None = None
    env_id: str | None = None
    env_type: str | None = None
    res_id: str | None = None
    class_: str = Field(default="default", alias="class")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ProvisionDependency(_Frozen):
    is_dependent: bool = False
    match_dependents: bool = False
    params: dict[str, Any] = Field(default_factory=dict)


class ResourceDefinitionSpec(_Frozen):
    id: str
    name: str
    type: str
    driver_type: str
    driver_inputs: DriverInputs = Field(default_factory=DriverInputs)
    criteria: tuple[Criterion, ...] = ()
    driver_account: str | None = None
    provision: dict[str, ProvisionDependency] = Field(default_factory=dict)
    in_place_driver_change: bool = False
    version_id: str | None = None
    """The active version; set by the command processor, never by a client."""


class DefinitionChanges(_Frozen):
    """What a PUT or PATCH of a definition asks for; ``None`` means "not given"."""

    name: str | None = None
    driver_type: str | None = None
    driver_account: str | None = None
    driver_inputs: DriverInputs | None = None
    provision: dict[str, ProvisionDependency] | None = None
    in_place_driver_change: bool | None = None


class ResourceTypeSpec(_Frozen):
    type: str
    name: str = ""
    category: str = ""
    use: str = "direct"
    inputs_schema: dict[str, Any] = Field(default_factory=dict)
    outputs_schema: dict[str, Any] = Field(default_factory=dict)


class DriverSpec(_Frozen):
    id: str
    type: str
    target: str
    inputs_schema: dict[str, Any] = Field(default_factory=dict)
    account_types: tuple[str, ...] = ()
    template: Any = None
    is_public: bool = False


# Definitions


class CreateResourceDefinition(Command):
    TYPE: ClassVar[str] = "CreateResourceDefinition"
    org_id: str
    definition: ResourceDefinitionSpec


class ResourceDefinitionCreated(Event):
    TYPE: ClassVar[str] = "ResourceDefinitionCreated"
    org_id: str
    definition: ResourceDefinitionSpec


class ChangeResourceDefinition(Command):
    """PUT (``replace``: what is not given is reset) or PATCH (what is not given is kept; driver
    inputs are merged as a JSON merge patch)."""

    TYPE: ClassVar[str] = "ChangeResourceDefinition"
    org_id: str
    def_id: str
    changes: DefinitionChanges
    replace: bool = False
    proposed: bool = False


class ResourceDefinitionUpdated(Event):
    TYPE: ClassVar[str] = "ResourceDefinitionUpdated"
    org_id: str
    definition: ResourceDefinitionSpec


class ResourceDefinitionVersionProposed(Event):
    """A version that is not active: the definition in use does not change."""

    TYPE: ClassVar[str] = "ResourceDefinitionVersionProposed"
    org_id: str
    definition: ResourceDefinitionSpec


class PromoteDefinitionVersion(Command):
    """Make a (proposed) version the active one."""

    TYPE: ClassVar[str] = "PromoteDefinitionVersion"
    org_id: str
    def_id: str
    version_id: str


class ChangeDefinitionCriteria(Command):
    """Add criteria (``replace`` false) or replace them all; ``remove`` lists ids to delete."""

    TYPE: ClassVar[str] = "ChangeDefinitionCriteria"
    org_id: str
    def_id: str
    add: tuple[Criterion, ...] = ()
    remove: tuple[str, ...] = ()
    replace: bool = False
    force: bool = False


class ResourceDefinitionCriteriaChanged(Event):
    TYPE: ClassVar[str] = "ResourceDefinitionCriteriaChanged"
    org_id: str
    definition: ResourceDefinitionSpec


class DeleteResourceDefinition(Command):
    TYPE: ClassVar[str] = "DeleteResourceDefinition"
    org_id: str
    def_id: str
    force: bool = False


class ResourceDefinitionDeleted(Event):
    TYPE: ClassVar[str] = "ResourceDefinitionDeleted"
    org_id: str
    def_id: str
    type: str
    version_id: str
    """The version recording the deletion (action ``deleted``)."""


# Types and classes


class CreateResourceType(Command):
    TYPE: ClassVar[str] = "CreateResourceType"
    org_id: str
    spec: ResourceTypeSpec


class ResourceTypeCreated(Event):
    TYPE: ClassVar[str] = "ResourceTypeCreated"
    org_id: str
    spec: ResourceTypeSpec


class UpdateResourceType(Command):
    """``spec`` holds every field for a PUT; for a PATCH only ``fields`` are taken from it."""

    TYPE: ClassVar[str] = "UpdateResourceType"
    org_id: str
    spec: ResourceTypeSpec
    fields: tuple[str, ...] | None = None


class ResourceTypeUpdated(Event):
    TYPE: ClassVar[str] = "ResourceTypeUpdated"
    org_id: str
    spec: ResourceTypeSpec


class DeleteResourceType(Command):
    TYPE: ClassVar[str] = "DeleteResourceType"
    org_id: str
    type: str


class ResourceTypeDeleted(Event):
    TYPE: ClassVar[str] = "ResourceTypeDeleted"
    org_id: str
    type: str


class SetResourceClass(Command):
    """Create (``create``) or update the description of a class of a resource type."""

    TYPE: ClassVar[str] = "SetResourceClass"
    org_id: str
    type: str
    class_id: str
    description: str
    create: bool


class ResourceClassCreated(Event):
    TYPE: ClassVar[str] = "ResourceClassCreated"
    org_id: str
    type: str
    class_id: str
    description: str


class ResourceClassUpdated(Event):
    TYPE: ClassVar[str] = "ResourceClassUpdated"
    org_id: str
    type: str
    class_id: str
    description: str


class DeleteResourceClass(Command):
    TYPE: ClassVar[str] = "DeleteResourceClass"
    org_id: str
    type: str
    class_id: str


class ResourceClassDeleted(Event):
    TYPE: ClassVar[str] = "ResourceClassDeleted"
    org_id: str
    type: str
    class_id: str


# Drivers


class RegisterDriver(Command):
    """Register a driver (``create``) or replace a registered one."""

    TYPE: ClassVar[str] = "RegisterDriver"
    org_id: str
    driver: DriverSpec
    create: bool


class DriverRegistered(Event):
    TYPE: ClassVar[str] = "DriverRegistered"
    org_id: str
    driver: DriverSpec


class DriverUpdated(Event):
    TYPE: ClassVar[str] = "DriverUpdated"
    org_id: str
    driver: DriverSpec


class DeleteDriver(Command):
    TYPE: ClassVar[str] = "DeleteDriver"
    org_id: str
    driver_id: str


class DriverDeleted(Event):
    TYPE: ClassVar[str] = "DriverDeleted"
    org_id: str
    driver_id: str


# Active resources


class DeleteActiveResource(Command):
    TYPE: ClassVar[str] = "DeleteActiveResource"
    org_id: str
    app_id: str
    env_id: str
    type: str
    res_id: str


class ActiveResourceDeletionScheduled(Event):
    """The resources are marked for deletion; calling their drivers' DELETE is the deployer's job."""

    TYPE: ClassVar[str] = "ActiveResourceDeletionScheduled"
    org_id: str
    app_id: str
    env_id: str
    type: str
    res_id: str
    guresids: tuple[str, ...]


MESSAGES: tuple[type[Message], ...] = (
    CreateResourceDefinition,
    ResourceDefinitionCreated,
    ChangeResourceDefinition,
    ResourceDefinitionUpdated,
    ResourceDefinitionVersionProposed,
    PromoteDefinitionVersion,
    ChangeDefinitionCriteria,
    ResourceDefinitionCriteriaChanged,
    DeleteResourceDefinition,
    ResourceDefinitionDeleted,
    CreateResourceType,
    ResourceTypeCreated,
    UpdateResourceType,
    ResourceTypeUpdated,
    DeleteResourceType,
    ResourceTypeDeleted,
    SetResourceClass,
    ResourceClassCreated,
    ResourceClassUpdated,
    DeleteResourceClass,
    ResourceClassDeleted,
    RegisterDriver,
    DriverRegistered,
    DriverUpdated,
    DeleteDriver,
    DriverDeleted,
    DeleteActiveResource,
    ActiveResourceDeletionScheduled,
)
