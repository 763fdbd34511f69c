"""Deciders and routes for shared values and secrets.

Every values command locks the application's state first (it lists the environments), then the
app's value set, then the environment value sets concerned, always in that order: two racing
changes to one app's values are decided one after the other, never both on stale state.
"""

from __future__ import annotations

import json

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import model as m
from orch_api.domain import values as d
from orch_api.domain import values_sets as vs
from orch_api.domain.values_model import ValueSetState, latest_value_set_version_id, values_aggregate_id
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from shared.contracts import _base as keys
from shared.contracts import values as c
from shared.messages import Event
from shared.postgres import Connection


async def _value_set(store: AggregateStore, org_id: str, app_id: str, env_id: str | None) -> ValueSetState | None:
    state, _v = await store.load(values_aggregate_id(org_id, app_id, env_id), ValueSetState)
    return state


async def _decide(store: AggregateStore, conn: Connection, cmd: d.ValueCommand) -> list[Event]:
    app, _v = await store.load(m.app_aggregate_id(cmd.org_id, cmd.app_id), m.AppState)
    app_values = await _value_set(store, cmd.org_id, cmd.app_id, None)
    env_ids = [cmd.env_id] if cmd.env_id else sorted(app.env_ids if app else ())
    envs = {e: await _value_set(store, cmd.org_id, cmd.app_id, e) for e in env_ids}
    version = None
    if isinstance(cmd, c.RestoreValueSetVersion | c.PurgeValue):
        version = await _stored_version(conn, cmd, app_values, envs.get(cmd.env_id or ""))
    return d.decide(d.ValuesInputs(app, app_values, envs, version), cmd)


async def _stored_version(
    conn: Connection,
    cmd: c.RestoreValueSetVersion | c.PurgeValue,
    app_values: ValueSetState | None,
    env_values: ValueSetState | None,
) -> d.StoredVersion | None:
    """The version a restore or purge names: the latest straight from the states (always current),
    any other from the read model; at environment level an app version too (the environment
    shares the app's versions until it has its own)."""
    if cmd.version_id == vs.ZERO_VERSION_ID:
        return d.latest_version(app_values, env_values if cmd.env_id else None)
    for env_id in [cmd.env_id, None] if cmd.env_id else [None]:
        raw = await conn.fetchval(
            "SELECT value_set FROM value_set_versions WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
            cmd.org_id,
            cmd.app_id,
            env_id or "",
            cmd.version_id,
        )
        if raw is not None:
            stored = json.loads(raw)
            values = {
                k: c.SharedValue.model_validate({f: x for f, x in v.items() if f != "purged"})
                for k, v in stored.items()
            }
            return d.StoredVersion(cmd.version_id, env_id, values)
    return None


async def latest_version_id(store: AggregateStore, org_id: str, app_id: str, env_id: str) -> str | None:
    """For a deployment decider: the value set version that pins the environment's values now.
    Locks the value sets (after whatever the caller locked), so no change slips in between."""
    return latest_value_set_version_id(
        await _value_set(store, org_id, app_id, None), await _value_set(store, org_id, app_id, env_id)
    )


def _routing(e: c.ValueSetVersionCreated | c.ValuePurged, evolve: object) -> Routing:
    key = keys.env_key(e.org_id, e.app_id, e.env_id) if e.env_id else keys.app_key(e.org_id, e.app_id)
    return Routing(values_aggregate_id(e.org_id, e.app_id, e.env_id), key, ValueSetState, evolve)  # type: ignore[arg-type]


DECIDERS: dict[str, Decider] = {
    command.TYPE: _decide
    for command in (
        c.CreateValue,
        c.UpdateValue,
        c.DeleteValue,
        c.DeleteValues,
        c.RestoreValueSetVersion,
        c.PurgeValue,
    )
}

ROUTES: dict[str, RouteFn] = {
    c.ValueSetVersionCreated.TYPE: lambda e: _routing(e, d.version_created),
    c.ValuePurged.TYPE: lambda e: _routing(e, d.value_purged),
}
