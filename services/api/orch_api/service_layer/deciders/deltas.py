"""Deciders and routes for deltas and deployment sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import deltas as d
from orch_api.domain import deployment_sets as s
from orch_api.domain import model as m
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from orch_api.service_layer.deciders.lookups import set_content
from shared import contracts as c
from shared.contracts import deltas as cd
from shared.errors import NotFound
from shared.messages import Event
from shared.postgres import Connection


async def _create_delta(store: AggregateStore, _: Connection, cmd: cd.CreateDelta) -> list[Event]:
    app, _v = await store.load(m.app_aggregate_id(cmd.org_id, cmd.app_id), m.AppState)
    state = await _delta(store, cmd.org_id, cmd.app_id, cmd.delta_id)
    return d.decide_create_delta(app, state, cmd)


async def _update_delta(store: AggregateStore, _: Connection, cmd: cd.UpdateDelta) -> list[Event]:
    return d.decide_update_delta(await _delta(store, cmd.org_id, cmd.app_id, cmd.delta_id), cmd)


async def _replace_delta(store: AggregateStore, _: Connection, cmd: cd.ReplaceDelta) -> list[Event]:
    return d.decide_replace_delta(await _delta(store, cmd.org_id, cmd.app_id, cmd.delta_id), cmd)


async def _archive_delta(store: AggregateStore, _: Connection, cmd: cd.ArchiveDelta) -> list[Event]:
    return d.decide_archive_delta(await _delta(store, cmd.org_id, cmd.app_id, cmd.delta_id), cmd)


async def _change_delta_env(store: AggregateStore, _: Connection, cmd: cd.ChangeDeltaEnv) -> list[Event]:
    return d.decide_change_delta_env(await _delta(store, cmd.org_id, cmd.app_id, cmd.delta_id), cmd)


async def _rename_delta(store: AggregateStore, _: Connection, cmd: cd.RenameDelta) -> list[Event]:
    return d.decide_rename_delta(await _delta(store, cmd.org_id, cmd.app_id, cmd.delta_id), cmd)


async def _delta(store: AggregateStore, org_id: str, app_id: str, delta_id: str) -> m.DeltaState | None:
    state, _v = await store.load(m.delta_aggregate_id(org_id, app_id, delta_id), m.DeltaState)
    return state


async def _create_set(store: AggregateStore, conn: Connection, cmd: cd.CreateDeploymentSet) -> list[Event]:
    app, _v = await store.load(m.app_aggregate_id(cmd.org_id, cmd.app_id), m.AppState)
    if app is None or app.deleted:
        raise NotFound(f"Application '{cmd.app_id}' not found.", details={"app_id": cmd.app_id})
    base = await set_content(conn, cmd.org_id, cmd.app_id, cmd.base_set_id)
    if base is None:
        raise NotFound(f"Deployment set '{cmd.base_set_id}' not found.", details={"id": cmd.base_set_id})
    result = s.apply_delta(base, cmd.delta)
    # Content-addressed: the same set stored again is the same row, so this is always safe to emit.
    return [
        c.DeploymentSetCreated(org_id=cmd.org_id, app_id=cmd.app_id, set_id=s.set_id(result), deployment_set=result)
    ]


DECIDERS: dict[str, Decider] = {
    cd.CreateDelta.TYPE: _create_delta,
    cd.UpdateDelta.TYPE: _update_delta,
    cd.ReplaceDelta.TYPE: _replace_delta,
    cd.ArchiveDelta.TYPE: _archive_delta,
    cd.ChangeDeltaEnv.TYPE: _change_delta_env,
    cd.RenameDelta.TYPE: _rename_delta,
    cd.CreateDeploymentSet.TYPE: _create_set,
}


def _delta_route(evolve: Callable[[Any, Any], BaseModel]) -> RouteFn:
    return lambda e: Routing(
        m.delta_aggregate_id(e.org_id, e.app_id, e.delta_id), c.app_key(e.org_id, e.app_id), m.DeltaState, evolve
    )


ROUTES: dict[str, RouteFn] = {
    cd.DeltaCreated.TYPE: _delta_route(d.delta_created),
    cd.DeltaUpdated.TYPE: _delta_route(d.delta_updated),
    cd.DeltaArchived.TYPE: _delta_route(d.delta_archived),
    cd.DeltaUnarchived.TYPE: _delta_route(d.delta_unarchived),
    cd.DeltaEnvChanged.TYPE: _delta_route(d.delta_env_changed),
    cd.DeltaRenamed.TYPE: _delta_route(d.delta_renamed),
    cd.DeploymentSetCreated.TYPE: lambda e: Routing(
        s.set_aggregate_id(e.org_id, e.app_id, e.set_id),
        c.app_key(e.org_id, e.app_id),
        s.SetState,
        lambda event, _state: s.SetState(org_id=event.org_id, app_id=event.app_id, set_id=event.set_id),
    ),
}
