"""Deciders and routes for deltas and deployment sets."""

from __future__ import annotations

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import deltas as d
from orch_api.domain import model as m
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from shared import contracts as c
from shared.messages import Event
from shared.postgres import Connection


async def _create_delta(store: AggregateStore, _: Connection, cmd: c.CreateDelta) -> list[Event]:
    app, _v = await store.load(m.app_aggregate_id(cmd.org_id, cmd.app_id), m.AppState)
    state, _v = await store.load(m.delta_aggregate_id(cmd.org_id, cmd.app_id, cmd.delta_id), m.DeltaState)
    return d.decide_create_delta(app, state, cmd)


DECIDERS: dict[str, Decider] = {
    c.CreateDelta.TYPE: _create_delta,
}

ROUTES: dict[str, RouteFn] = {
    c.DeltaCreated.TYPE: lambda e: Routing(
        m.delta_aggregate_id(e.org_id, e.app_id, e.delta_id),
        c.app_key(e.org_id, e.app_id),
        m.DeltaState,
        d.delta_created,
    ),
}
