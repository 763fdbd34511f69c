"""Organizations, applications and environments."""

from __future__ import annotations

from typing import ClassVar

from shared.contracts._base import _Frozen
from shared.messages import Command, Event, Message


class EnvSpec(_Frozen):
    id: str
    name: str
    type: str


class CreateOrg(Command):
    TYPE: ClassVar[str] = "CreateOrg"
    org_id: str
    name: str


class CreateApp(Command):
    TYPE: ClassVar[str] = "CreateApp"
    org_id: str
    app_id: str
    name: str
    env: EnvSpec | None = None
    skip_environment_creation: bool = False


class OrgCreated(Event):
    TYPE: ClassVar[str] = "OrgCreated"
    org_id: str
    name: str


class AppCreated(Event):
    TYPE: ClassVar[str] = "AppCreated"
    org_id: str
    app_id: str
    name: str


class EnvironmentCreated(Event):
    TYPE: ClassVar[str] = "EnvironmentCreated"
    org_id: str
    app_id: str
    env_id: str
    name: str
    type: str
    from_deploy_id: str | None = None
    from_set_id: str | None = None


class EnvironmentTypeCreated(Event):
    TYPE: ClassVar[str] = "EnvironmentTypeCreated"
    org_id: str
    env_type_id: str
    description: str = ""


class CreateEnvironmentType(Command):
    TYPE: ClassVar[str] = "CreateEnvironmentType"
    org_id: str
    env_type_id: str
    description: str = ""


class UpdateEnvironmentType(Command):
    TYPE: ClassVar[str] = "UpdateEnvironmentType"
    org_id: str
    env_type_id: str
    description: str


class EnvironmentTypeUpdated(Event):
    TYPE: ClassVar[str] = "EnvironmentTypeUpdated"
    org_id: str
    env_type_id: str
    description: str


class DeleteEnvironmentType(Command):
    TYPE: ClassVar[str] = "DeleteEnvironmentType"
    org_id: str
    env_type_id: str


class EnvironmentTypeDeleted(Event):
    TYPE: ClassVar[str] = "EnvironmentTypeDeleted"
    org_id: str
    env_type_id: str


class UpdateApp(Command):
    TYPE: ClassVar[str] = "UpdateApp"
    org_id: str
    app_id: str
    name: str


class AppUpdated(Event):
    TYPE: ClassVar[str] = "AppUpdated"
    org_id: str
    app_id: str
    name: str


class DeleteApp(Command):
    TYPE: ClassVar[str] = "DeleteApp"
    org_id: str
    app_id: str


class AppDeleted(Event):
    TYPE: ClassVar[str] = "AppDeleted"
    org_id: str
    app_id: str


class CreateEnvironment(Command):
    TYPE: ClassVar[str] = "CreateEnvironment"
    org_id: str
    app_id: str
    env_id: str
    name: str
    type: str
    from_deploy_id: str | None = None


class UpdateEnvironment(Command):
    TYPE: ClassVar[str] = "UpdateEnvironment"
    org_id: str
    app_id: str
    env_id: str
    name: str


class EnvironmentUpdated(Event):
    TYPE: ClassVar[str] = "EnvironmentUpdated"
    org_id: str
    app_id: str
    env_id: str
    name: str


class DeleteEnvironment(Command):
    TYPE: ClassVar[str] = "DeleteEnvironment"
    org_id: str
    app_id: str
    env_id: str


class EnvironmentDeleted(Event):
    TYPE: ClassVar[str] = "EnvironmentDeleted"
    org_id: str
    app_id: str
    env_id: str
    type: str


class RebaseEnvironment(Command):
    TYPE: ClassVar[str] = "RebaseEnvironment"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str


class EnvironmentRebased(Event):
    TYPE: ClassVar[str] = "EnvironmentRebased"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    set_id: str


MESSAGES: tuple[type[Message], ...] = (
    CreateOrg,
    OrgCreated,
    CreateApp,
    AppCreated,
    UpdateApp,
    AppUpdated,
    DeleteApp,
    AppDeleted,
    EnvironmentCreated,
    CreateEnvironment,
    UpdateEnvironment,
    EnvironmentUpdated,
    DeleteEnvironment,
    EnvironmentDeleted,
    RebaseEnvironment,
    EnvironmentRebased,
    CreateEnvironmentType,
    EnvironmentTypeCreated,
    UpdateEnvironmentType,
    EnvironmentTypeUpdated,
    DeleteEnvironmentType,
    EnvironmentTypeDeleted,
)
