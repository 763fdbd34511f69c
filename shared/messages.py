"""Commands and events: frozen payload models inside one envelope, a registry, upcasting.

A message on Kafka is an ``Envelope`` serialized as JSON. Its ``type`` names the payload model in a
``MessageRegistry``; ``schema_version`` says which shape the payload has. When a payload model's
``VERSION`` moves on, an upcaster turns old payloads into the new shape before validation, so the
log written years ago still replays.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from shared.errors import PermanentError

MessageKind = Literal["command", "event"]
# A fixed namespace so that ids derived from other ids are the same on every replay.
_ID_NAMESPACE = uuid.UUID("6f1c53a4-61f4-4b43-9b8e-1f5b5f0c2d7e")


class Message(BaseModel):
    """Base of every command and event payload."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    TYPE: ClassVar[str]
    KIND: ClassVar[MessageKind]
    VERSION: ClassVar[int] = 1


class Command(Message):
    KIND: ClassVar[MessageKind] = "command"


class Event(Message):
    KIND: ClassVar[MessageKind] = "event"


class Envelope(BaseModel):
    """What travels on Kafka: identity, ordering, causality and trace context around a payload."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    kind: MessageKind
    type: str
    schema_version: int
    aggregate_id: str
    aggregate_version: int = 0
    key: str
    occurred_at: datetime
    correlation_id: str
    causation_id: str | None = None
    actor: str = "system"
    trace: dict[str, str] = Field(default_factory=dict)
    payload: dict[str, Any]

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        try:
            return cls.model_validate_json(raw)
        except ValidationError as exc:
            msg = f"not a message envelope: {exc.errors()[0]['msg']}"
            raise PermanentError(msg) from exc


def derived_id(parent_id: str, *parts: object) -> str:
    """A deterministic id for the n-th message caused by ``parent_id``: replays give the same ids."""
    return str(uuid.uuid5(_ID_NAMESPACE, "/".join([parent_id, *map(str, parts)])))


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class MessageRegistry:
    """Maps stable type names to payload models, and old payload versions to upcasters."""

    def __init__(self) -> None:
        self._types: dict[str, type[Message]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    def register(self, *models: type[Message]) -> MessageRegistry:
        for model in models:
            known = self._types.get(model.TYPE)
            if known is not None and known is not model:
                msg = f"message type {model.TYPE!r} registered twice"
                raise ValueError(msg)
            self._types[model.TYPE] = model
        return self

    def register_upcaster(self, type_name: str, from_version: int, upcaster: Upcaster) -> None:
        """``upcaster`` turns a payload of ``from_version`` into one of ``from_version + 1``."""
        self._upcasters[(type_name, from_version)] = upcaster

    def knows(self, type_name: str) -> bool:
        return type_name in self._types

    def decode(self, envelope: Envelope) -> Message:
        model = self._types.get(envelope.type)
        if model is None:
            msg = f"unknown message type {envelope.type!r}"
            raise PermanentError(msg)
        payload, version = dict(envelope.payload), envelope.schema_version
        while version < model.VERSION:
            upcaster = self._upcasters.get((envelope.type, version))
            if upcaster is None:
                msg = f"no upcaster for {envelope.type} v{version}"
                raise PermanentError(msg)
            payload, version = upcaster(payload), version + 1
        if version > model.VERSION:
            msg = f"{envelope.type} v{version} is newer than this service understands (v{model.VERSION})"
            raise PermanentError(msg)
        try:
            return model.model_validate(payload)
        except ValidationError as exc:
            msg = f"invalid {envelope.type} payload: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}"
            raise PermanentError(msg) from exc


def canonical_json(value: Any) -> str:  # noqa: ANN401 - any JSON value
    """JSON with sorted keys and no whitespace: equal content, equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
