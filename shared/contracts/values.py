"""Shared values and secrets, at app and environment level, with value set versions.

A value's ``value`` is plain text for an ordinary value and *sealed* text (``shared.crypto``) for a
secret: the API seals a secret before it enters a command, so commands, events and every projection
only ever hold sealed text. A secret that lives in an external store carries a ``secret_ref`` and
no value at all.

Every accepted change makes a value set version. Its id comes from the ``request_id`` the API puts
in the command (a fresh UUID per request), so the events carry every id and a replay rebuilds
identical rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal, Protocol

from shared.contracts._base import _Frozen
from shared.messages import Command, Event, Message

ORCHESTRATOR_STORE = "orchestrator"
"""The ``secret_store_id`` of secrets the orchestrator keeps itself (sealed in its own log)."""

Source = Literal["app", "env"]
ResultOf = Literal[
    "app_value_create",
    "app_value_update",
    "app_value_delete",
    "app_values_delete",
    "app_value_set_version_restore",
    "app_value_set_version_purge",
    "env_value_create",
    "env_value_update",
    "env_value_delete",
    "env_values_delete",
    "env_value_set_version_restore",
    "env_value_set_version_purge",
]


class ScopeEvent(Protocol):
    """What an event that ends an app (or an environment) has: its org and app ids."""

    @property
    def org_id(self) -> str: ...
    @property
    def app_id(self) -> str: ...


class SecretRef(_Frozen):
    """A secret kept in an external store: only the reference is stored, never resolved yet."""

    store: str
    ref: str
    version: str | None = None


class SharedValue(_Frozen):
    key: str
    value: str = ""
    """Plain text, or sealed text for a secret; empty for an external reference or once purged."""
    description: str = ""
    is_secret: bool = False
    secret_ref: SecretRef | None = None
    source: Source = "app"
    revision: str
    """The id of the value set version that wrote this content (a secret's ``secret_version``);
    restoring keeps it, so a purge finds every copy of one value."""
    created_at: datetime
    updated_at: datetime


class ChangeOp(_Frozen):
    """One JSON patch operation on the value set (``/<key>``)."""

    op: Literal["add", "remove", "replace"]
    path: str
    value: SharedValue | None = None


class _ValuesCommand(Command):
    org_id: str
    app_id: str
    env_id: str | None = None
    """``None`` at app level; the environment whose overrides change otherwise."""
    request_id: str
    """A fresh UUID per request: the value set version ids derive from it."""
    at: datetime


class CreateValue(_ValuesCommand):
    TYPE: ClassVar[str] = "CreateValue"
    key: str
    value: str = ""
    description: str = ""
    is_secret: bool = False
    secret_ref: SecretRef | None = None


class UpdateValue(_ValuesCommand):
    TYPE: ClassVar[str] = "UpdateValue"
    key: str
    value: str | None = None
    """``None`` keeps the current value."""
    description: str | None = None
    secret_ref: SecretRef | None = None
    expect_secret: bool
    """Whether the API sealed ``value``: the update is refused if the value is not (or no longer)
    of that kind, so a secret is never stored unsealed, nor a plain value sealed."""


class DeleteValue(_ValuesCommand):
    TYPE: ClassVar[str] = "DeleteValue"
    key: str


class DeleteValues(_ValuesCommand):
    TYPE: ClassVar[str] = "DeleteValues"


class RestoreValueSetVersion(_ValuesCommand):
    TYPE: ClassVar[str] = "RestoreValueSetVersion"
    version_id: str
    key: str | None = None
    """``None`` restores the whole set."""
    comment: str = ""


class PurgeValue(_ValuesCommand):
    TYPE: ClassVar[str] = "PurgeValue"
    version_id: str
    key: str
    comment: str = ""


class ValueSetVersionCreated(Event):
    TYPE: ClassVar[str] = "ValueSetVersionCreated"
    org_id: str
    app_id: str
    env_id: str | None = None
    version_id: str
    seq: int
    """1, 2, ... per app or environment: the order of its versions."""
    result_of: ResultOf
    values: dict[str, SharedValue]
    """The whole set after the change; at environment level the app values merged with the
    environment's overrides (``source`` says which is which)."""
    change: tuple[ChangeOp, ...] = ()
    comment: str = ""
    source_value_set_version_id: str | None = None
    at: datetime


class ValuePurged(Event):
    """One value (``key`` at ``revision``) is wiped from every version of the app that holds it."""

    TYPE: ClassVar[str] = "ValuePurged"
    org_id: str
    app_id: str
    env_id: str | None = None
    key: str
    revision: str
    at: datetime


MESSAGES: tuple[type[Message], ...] = (
    CreateValue,
    UpdateValue,
    DeleteValue,
    DeleteValues,
    RestoreValueSetVersion,
    PurgeValue,
    ValueSetVersionCreated,
    ValuePurged,
)
