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


MESSAGES: tuple[type[Message], ...] = (CreateOrg, CreateApp, OrgCreated, AppCreated, EnvironmentCreated)
