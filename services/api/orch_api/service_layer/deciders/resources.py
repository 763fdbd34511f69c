"""Deciders and routes for resource definitions, types, classes and drivers."""

from __future__ import annotations

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import model as m
from orch_api.domain import resources as d
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from shared import contracts as c
from shared.messages import Event
from shared.postgres import Connection


async def _create_definition(store: AggregateStore, _: Connection, cmd: c.CreateResourceDefinition) -> list[Event]:
    org, _v = await store.load(m.org_aggregate_id(cmd.org_id), m.OrgState)
    state, _v = await store.load(m.definition_aggregate_id(cmd.org_id, cmd.definition.id), m.DefinitionState)
    return d.decide_create_definition(org, state, cmd)


DECIDERS: dict[str, Decider] = {
    c.CreateResourceDefinition.TYPE: _create_definition,
}

ROUTES: dict[str, RouteFn] = {
    c.ResourceDefinitionCreated.TYPE: lambda e: Routing(
        m.definition_aggregate_id(e.org_id, e.definition.id),
        c.org_key(e.org_id),
        m.DefinitionState,
        d.definition_created,
    ),
}
