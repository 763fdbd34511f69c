"""Value sets as pure data: merging app values with an environment's overrides, the JSON patch
between two sets, version ids, secret paths, and wiping a purged value out of a stored version."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from shared.contracts import values as c
from shared.messages import derived_id

KEY_PATTERN = re.compile(r"[A-Za-z_.-][A-Za-z0-9_.-]*")
"""Humanitec's ``^[A-Za-z0-9_.-]+$``, and (its changelog) not starting with a digit."""
ZERO_VERSION_ID = "00000000-0000-0000-0000-000000000000"
"""Asking for this version means the latest one."""

ValueSet = Mapping[str, c.SharedValue]


def is_valid_key(key: str) -> bool:
    return KEY_PATTERN.fullmatch(key) is not None


def merge(app_values: ValueSet, env_values: ValueSet) -> dict[str, c.SharedValue]:
    """The environment's view: every app value, with the environment's overrides on top."""
    merged = {k: v.model_copy(update={"source": "app"}) for k, v in app_values.items()}
    merged.update({k: v.model_copy(update={"source": "env"}) for k, v in env_values.items()})
    return dict(sorted(merged.items()))


def diff(old: ValueSet, new: ValueSet) -> tuple[c.ChangeOp, ...]:
    """The JSON patch that turns ``old`` into ``new``, one operation per changed key, by key."""
    ops: list[c.ChangeOp] = []
    for key in sorted({*old, *new}):
        before, after = old.get(key), new.get(key)
        if after is None:
            ops.append(c.ChangeOp(op="remove", path=f"/{key}"))
        elif before is None:
            ops.append(c.ChangeOp(op="add", path=f"/{key}", value=after))
        elif _content(before) != _content(after):
            ops.append(c.ChangeOp(op="replace", path=f"/{key}", value=after))
    return tuple(ops)


def _content(value: c.SharedValue) -> dict[str, Any]:
    """What a change is about: not the timestamps a restore refreshes."""
    return value.model_dump(exclude={"created_at", "updated_at"})


def version_id(request_id: str, env_id: str | None) -> str:
    """The id of the version one request makes in the app (``env_id`` None) or an environment:
    derived, so the events carry it and a replay sees the same."""
    return derived_id(request_id, "values", env_id or "")


def secret_path(org_id: str, app_id: str, env_id: str | None, key: str) -> str:
    """Where a secret lives: its ``secret_key``, and the context it is sealed with (a sealed value
    copied to another key or environment does not open)."""
    env = f"/envs/{env_id}" if env_id else ""
    return f"orgs/{org_id}/apps/{app_id}{env}/values/{key}"


def written(  # noqa: PLR0913 - the fields of a value
    key: str,
    *,
    value: str,
    description: str,
    is_secret: bool,
    secret_ref: c.SecretRef | None,
    revision: str,
    at: datetime,
    created_at: datetime | None = None,
) -> c.SharedValue:
    return c.SharedValue(
        key=key,
        value="" if secret_ref is not None else value,
        description=description,
        is_secret=is_secret or secret_ref is not None,
        secret_ref=secret_ref,
        revision=revision,
        created_at=created_at or at,
        updated_at=at,
    )


def restored(old: c.SharedValue, current: c.SharedValue | None, at: datetime) -> c.SharedValue:
    """A value of an old version made current again: same content and revision, fresh times."""
    return old.model_copy(update={"created_at": current.created_at if current else at, "updated_at": at})


def erase(stored: dict[str, Any], key: str, revision: str) -> dict[str, Any] | None:
    """A stored value (JSON) with its content wiped if it is ``key`` at ``revision``; None if not."""
    if stored.get("key") != key or stored.get("revision") != revision:
        return None
    return {**stored, "value": "", "secret_ref": None, "purged": True}


def erase_in_version(
    values: dict[str, Any], change: list[dict[str, Any]], key: str, revision: str
) -> tuple[dict[str, Any], list[dict[str, Any]], bool]:
    """A stored version's ``values`` and ``change`` with one purged value wiped; and whether
    anything was."""
    hit = False
    new_values = dict(values)
    wiped = erase(values[key], key, revision) if isinstance(values.get(key), dict) else None
    if wiped is not None:
        new_values[key], hit = wiped, True
    new_change = []
    for op in change:
        wiped_op = erase(op["value"], key, revision) if isinstance(op.get("value"), dict) else None
        if wiped_op is not None:
            op, hit = {**op, "value": wiped_op}, True  # noqa: PLW2901 - the op, wiped
        new_change.append(op)
    return new_values, new_change, hit
