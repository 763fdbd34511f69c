"""Deltas and deployment sets."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from shared.messages import Command, Event, Message


class CreateDelta(Command):
    TYPE: ClassVar[str] = "CreateDelta"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str | None = None
    name: str | None = None
    modules: dict[str, Any] = Field(default_factory=dict)
    shared: tuple[dict[str, Any], ...] = ()


class DeltaCreated(Event):
    TYPE: ClassVar[str] = "DeltaCreated"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str | None = None
    name: str | None = None
    modules: dict[str, Any] = Field(default_factory=dict)
    shared: tuple[dict[str, Any], ...] = ()


MESSAGES: tuple[type[Message], ...] = (CreateDelta, DeltaCreated)
