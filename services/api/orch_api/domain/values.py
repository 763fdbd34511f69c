"""Shared values and secrets: pure decisions and state changes.

Every accepted command makes one version of the value set it changes (the app's, or one
environment's). An app-level change also makes a version in every environment whose merged view
it changes, so an environment's newest version always pins exactly the values a deployment there
would use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from orch_api.domain import values_sets as vs
from orch_api.domain.model import AppState
from orch_api.domain.orgs import require_app
from orch_api.domain.values_model import ValueSetState, empty, latest_value_set_version_id
from shared.contracts import values as c
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event

ValueCommand = c.CreateValue | c.UpdateValue | c.DeleteValue | c.DeleteValues | c.RestoreValueSetVersion | c.PurgeValue


@dataclass(frozen=True)
class StoredVersion:
    """A version as the read model holds it, for restore and purge."""

    id: str
    env_id: str | None
    values: dict[str, c.SharedValue]


@dataclass(frozen=True)
class ValuesInputs:
    """What a decision needs: the app, its value set, the environment value sets concerned (the
    one changed, or every environment of the app for an app-level change), the version named."""

    app: AppState | None
    app_values: ValueSetState | None
    env_values: Mapping[str, ValueSetState | None] = field(default_factory=dict)
    version: StoredVersion | None = None


def latest_version(app: ValueSetState | None, env: ValueSetState | None) -> StoredVersion | None:
    """The newest version of the app (``env`` None) or of an environment, from the states: what
    the all-zero version id names. An environment without versions shares the app's."""
    latest = latest_value_set_version_id(app, env)
    if latest is None:
        return None
    app_values = app.values if app else {}
    if env is None or env.latest_version_id is None:
        return StoredVersion(latest, None, vs.merge(app_values, {}))
    return StoredVersion(latest, env.env_id, vs.merge(app_values, env.values))


def decide(inputs: ValuesInputs, cmd: ValueCommand) -> list[Event]:
    _require_scope(inputs.app, cmd)
    own = _own(inputs, cmd)
    if isinstance(cmd, c.PurgeValue):
        return _purge(inputs, own, cmd)
    new_values, action = _change(inputs, own, cmd)
    return _versions(inputs, cmd, new_values, action)


def _require_scope(app: AppState | None, cmd: ValueCommand) -> None:
    app = require_app(app, cmd.app_id)
    if cmd.env_id is not None and cmd.env_id not in app.env_ids:
        raise NotFound(f"Environment '{cmd.env_id}' not found.", details={"env_id": cmd.env_id})


def _own(inputs: ValuesInputs, cmd: ValueCommand) -> ValueSetState:
    state = inputs.app_values if cmd.env_id is None else inputs.env_values.get(cmd.env_id)
    return state or empty(cmd.org_id, cmd.app_id, cmd.env_id)


def _change(inputs: ValuesInputs, own: ValueSetState, cmd: ValueCommand) -> tuple[dict[str, c.SharedValue], str]:
    values, revision = dict(own.values), vs.version_id(cmd.request_id, cmd.env_id)
    if isinstance(cmd, c.CreateValue):
        if cmd.key in values:
            raise Conflict(f"Shared value '{cmd.key}' already exists.", details={"key": cmd.key})
        values[cmd.key] = vs.written(
            cmd.key,
            value=cmd.value,
            description=cmd.description,
            is_secret=cmd.is_secret,
            secret_ref=cmd.secret_ref,
            revision=revision,
            at=cmd.at,
        )
        return values, "value_create"
    if isinstance(cmd, c.UpdateValue):
        values[cmd.key] = _updated(_existing(values, cmd.key), cmd, revision)
        return values, "value_update"
    if isinstance(cmd, c.DeleteValue):
        _existing(values, cmd.key)
        del values[cmd.key]
        return values, "value_delete"
    if isinstance(cmd, c.DeleteValues):
        return {}, "values_delete"
    assert isinstance(cmd, c.RestoreValueSetVersion)
    return _restored(_version(inputs, cmd), own, cmd), "value_set_version_restore"


def _existing(values: Mapping[str, c.SharedValue], key: str) -> c.SharedValue:
    if key not in values:
        raise NotFound(f"Shared value '{key}' not found.", details={"key": key})
    return values[key]


def _updated(old: c.SharedValue, cmd: c.UpdateValue, revision: str) -> c.SharedValue:
    if old.is_secret != cmd.expect_secret:
        # The value was deleted and created again as the other kind since the API looked.
        raise Conflict(f"Shared value '{cmd.key}' changed meanwhile; try again.", details={"key": cmd.key})
    if cmd.secret_ref is not None and not old.is_secret:
        raise InvalidInput(f"Shared value '{cmd.key}' is not a secret: it cannot refer to a secret store.")
    if cmd.value is None and cmd.secret_ref is None:
        description = cmd.description if cmd.description is not None else old.description
        return old.model_copy(update={"description": description, "updated_at": cmd.at})
    return vs.written(
        cmd.key,
        value=cmd.value or "",
        description=cmd.description if cmd.description is not None else old.description,
        is_secret=old.is_secret,
        secret_ref=cmd.secret_ref,
        revision=revision,
        at=cmd.at,
        created_at=old.created_at,
    )


def _version(inputs: ValuesInputs, cmd: c.RestoreValueSetVersion | c.PurgeValue) -> StoredVersion:
    if inputs.version is None:
        raise NotFound(f"Value set version '{cmd.version_id}' not found.", details={"id": cmd.version_id})
    return inputs.version


def _restored(version: StoredVersion, own: ValueSetState, cmd: c.RestoreValueSetVersion) -> dict[str, c.SharedValue]:
    """The scope's values after a restore. At environment level only the environment's own
    overrides come back: a value the version inherited from the app goes back to inheriting."""
    source = "env" if cmd.env_id else "app"
    old = {k: v for k, v in version.values.items() if v.source == source}
    if cmd.key is None:
        return _restore_all(old, own, cmd)
    if cmd.key not in version.values:
        raise InvalidInput(f"Key '{cmd.key}' is not in value set version '{version.id}'.", details={"key": cmd.key})
    values = dict(own.values)
    values.pop(cmd.key, None)
    if cmd.key in old:
        if old[cmd.key].revision in own.purged:
            raise InvalidInput(f"The value of '{cmd.key}' in this version was purged.", details={"key": cmd.key})
        values[cmd.key] = vs.restored(old[cmd.key], own.values.get(cmd.key), cmd.at)
    return dict(sorted(values.items()))


def _restore_all(
    old: dict[str, c.SharedValue], own: ValueSetState, cmd: c.RestoreValueSetVersion
) -> dict[str, c.SharedValue]:
    """Every value as it was; keys the version does not have are deleted. A purged value cannot
    come back: its key keeps its current value (or stays absent)."""
    values = {k: v for k, v in own.values.items() if k in old and old[k].revision in own.purged}
    for key, value in old.items():
        if value.revision not in own.purged:
            values[key] = vs.restored(value, own.values.get(key), cmd.at)
    return dict(sorted(values.items()))


def _purge(inputs: ValuesInputs, own: ValueSetState, cmd: c.PurgeValue) -> list[Event]:
    version = _version(inputs, cmd)
    value = version.values.get(cmd.key)
    source = "env" if cmd.env_id else "app"
    if value is None:
        raise InvalidInput(f"Key '{cmd.key}' is not in value set version '{version.id}'.", details={"key": cmd.key})
    if value.source != source:
        raise InvalidInput(
            f"The value of '{cmd.key}' in this version is the application's: purge it at application level.",
            details={"key": cmd.key},
        )
    if value.revision in own.purged:
        return []
    current = own.values.get(cmd.key)
    if current is not None and current.revision == value.revision:
        raise InvalidInput(
            f"The value of '{cmd.key}' in this version is its current value: update or delete it first.",
            details={"key": cmd.key},
        )
    purged = c.ValuePurged(
        org_id=cmd.org_id, app_id=cmd.app_id, env_id=cmd.env_id, key=cmd.key, revision=value.revision, at=cmd.at
    )
    return [purged, *_versions(inputs, cmd, dict(own.values), "value_set_version_purge")]


def _versions(
    inputs: ValuesInputs, cmd: ValueCommand, new_values: dict[str, c.SharedValue], action: str
) -> list[Event]:
    """The version of the scope changed, and one in each environment whose merged view changed."""
    app_values = inputs.app_values or empty(cmd.org_id, cmd.app_id)
    source_id = inputs.version.id if inputs.version is not None else None
    common: dict[str, Any] = {
        "org_id": cmd.org_id,
        "app_id": cmd.app_id,
        "result_of": f"{'env' if cmd.env_id else 'app'}_{action}",
        "comment": getattr(cmd, "comment", ""),
        "source_value_set_version_id": source_id,
        "at": cmd.at,
    }
    if cmd.env_id is not None:
        env = _own(inputs, cmd)
        old, new = vs.merge(app_values.values, env.values), vs.merge(app_values.values, new_values)
        return [_version_event(cmd, env, old, new, common)]
    events: list[Event] = [_version_event(cmd, app_values, app_values.values, dict(sorted(new_values.items())), common)]
    for env_id in sorted(inputs.env_values):
        env = inputs.env_values[env_id] or empty(cmd.org_id, cmd.app_id, env_id)
        old, new = vs.merge(app_values.values, env.values), vs.merge(new_values, env.values)
        if vs.diff(old, new):
            events.append(_version_event(cmd, env, old, new, common))
    return events


def _version_event(
    cmd: ValueCommand, scope: ValueSetState, old: vs.ValueSet, new: vs.ValueSet, common: dict[str, Any]
) -> c.ValueSetVersionCreated:
    return c.ValueSetVersionCreated(
        env_id=scope.env_id,
        version_id=vs.version_id(cmd.request_id, scope.env_id),
        seq=scope.seq + 1,
        values=dict(new),
        change=vs.diff(old, new),
        **common,
    )


def version_created(event: c.ValueSetVersionCreated, state: ValueSetState | None) -> ValueSetState:
    """A scope's state after one of its versions: the environment keeps only its overrides."""
    state = state or empty(event.org_id, event.app_id, event.env_id)
    own = "env" if event.env_id else "app"
    return state.model_copy(
        update={
            "values": {k: v for k, v in event.values.items() if v.source == own},
            "latest_version_id": event.version_id,
            "seq": event.seq,
        }
    )


def value_purged(event: c.ValuePurged, state: ValueSetState | None) -> ValueSetState:
    state = state or empty(event.org_id, event.app_id, event.env_id)
    return state.model_copy(update={"purged": tuple(sorted({*state.purged, event.revision}))})


def values_forgotten(event: c.ScopeEvent, _: ValueSetState | None) -> ValueSetState:
    """The value set of a deleted app or environment (``EnvironmentDeleted``/``AppDeleted``,
    routed here with ``Routing.also``): empty, so one created later under the same id starts
    afresh."""
    return empty(event.org_id, event.app_id, getattr(event, "env_id", None))
