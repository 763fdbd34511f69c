"""Deltas and deployment sets.

A delta's content is ``modules`` (``add`` whole modules, ``remove`` them by id, ``update`` them
with JSON-patch operations) and ``shared`` (JSON-patch operations on the set's ``shared`` map).
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from shared.contracts._base import _Frozen
from shared.messages import Command, Event, Message


class PatchOp(_Frozen):
    """One JSON-patch operation (RFC 6902); Humanitec supports only these three."""

    op: Literal["add", "remove", "replace"]
    path: str
    value: Any = None
    """Ignored by ``remove``; for ``add`` and ``replace`` ``None`` is JSON ``null``."""


class ModuleDeltas(_Frozen):
    add: dict[str, dict[str, Any]] = Field(default_factory=dict)
    remove: tuple[str, ...] = ()
    update: dict[str, tuple[PatchOp, ...]] = Field(default_factory=dict)


class DeltaContent(_Frozen):
    """What a delta changes; also the shape of a diff between two sets (Humanitec's PlainDelta)."""

    modules: ModuleDeltas = Field(default_factory=ModuleDeltas)
    shared: tuple[PatchOp, ...] = ()


class ModulePatch(_Frozen):
    """``modules`` of a delta merged into a stored one: an ``add`` of ``None`` un-removes."""

    add: dict[str, dict[str, Any] | None] = Field(default_factory=dict)
    remove: tuple[str, ...] = ()
    update: dict[str, tuple[PatchOp, ...]] = Field(default_factory=dict)


class DeltaPatch(_Frozen):
    modules: ModulePatch = Field(default_factory=ModulePatch)
    shared: tuple[PatchOp, ...] = ()


class CreateDelta(Command):
    TYPE: ClassVar[str] = "CreateDelta"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str | None = None
    name: str | None = None
    modules: ModuleDeltas = Field(default_factory=ModuleDeltas)
    shared: tuple[PatchOp, ...] = ()


class DeltaCreated(Event):
    TYPE: ClassVar[str] = "DeltaCreated"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str | None = None
    name: str | None = None
    modules: ModuleDeltas = Field(default_factory=ModuleDeltas)
    shared: tuple[PatchOp, ...] = ()


class UpdateDelta(Command):
    """``PATCH``: merge ``patches`` into the delta, in order."""

    TYPE: ClassVar[str] = "UpdateDelta"
    org_id: str
    app_id: str
    delta_id: str
    patches: tuple[DeltaPatch, ...]


class ReplaceDelta(Command):
    """``PUT``: the delta's content becomes ``content``."""

    TYPE: ClassVar[str] = "ReplaceDelta"
    org_id: str
    app_id: str
    delta_id: str
    content: DeltaContent


class DeltaUpdated(Event):
    """The delta's content changed (merged or replaced); carries the whole new content."""

    TYPE: ClassVar[str] = "DeltaUpdated"
    org_id: str
    app_id: str
    delta_id: str
    content: DeltaContent


class ArchiveDelta(Command):
    TYPE: ClassVar[str] = "ArchiveDelta"
    org_id: str
    app_id: str
    delta_id: str
    archived: bool


class DeltaArchived(Event):
    TYPE: ClassVar[str] = "DeltaArchived"
    org_id: str
    app_id: str
    delta_id: str


class DeltaUnarchived(Event):
    TYPE: ClassVar[str] = "DeltaUnarchived"
    org_id: str
    app_id: str
    delta_id: str


class ChangeDeltaEnv(Command):
    TYPE: ClassVar[str] = "ChangeDeltaEnv"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str


class DeltaEnvChanged(Event):
    TYPE: ClassVar[str] = "DeltaEnvChanged"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str


class RenameDelta(Command):
    TYPE: ClassVar[str] = "RenameDelta"
    org_id: str
    app_id: str
    delta_id: str
    name: str


class DeltaRenamed(Event):
    TYPE: ClassVar[str] = "DeltaRenamed"
    org_id: str
    app_id: str
    delta_id: str
    name: str


class CreateDeploymentSet(Command):
    """Apply ``delta`` to the app's set ``base_set_id``; the result is stored as a new set."""

    TYPE: ClassVar[str] = "CreateDeploymentSet"
    org_id: str
    app_id: str
    base_set_id: str
    delta: DeltaContent


class DeploymentSetCreated(Event):
    TYPE: ClassVar[str] = "DeploymentSetCreated"
    org_id: str
    app_id: str
    set_id: str
    deployment_set: dict[str, Any]


MESSAGES: tuple[type[Message], ...] = (
    CreateDelta,
    DeltaCreated,
    UpdateDelta,
    ReplaceDelta,
    DeltaUpdated,
    ArchiveDelta,
    DeltaArchived,
    DeltaUnarchived,
    ChangeDeltaEnv,
    DeltaEnvChanged,
    RenameDelta,
    DeltaRenamed,
    CreateDeploymentSet,
    DeploymentSetCreated,
)
