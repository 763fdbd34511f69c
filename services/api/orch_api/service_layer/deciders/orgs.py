"""Deciders and routes for organizations, applications and environments."""

from __future__ import annotations

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import model as m
from orch_api.domain import orgs as d
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from shared import contracts as c
from shared.messages import Event
from shared.postgres import Connection


async def _create_org(store: AggregateStore, _: Connection, cmd: c.CreateOrg) -> list[Event]:
    state, _v = await store.load(m.org_aggregate_id(cmd.org_id), m.OrgState)
    return d.decide_create_org(state, cmd)


async def _create_app(store: AggregateStore, _: Connection, cmd: c.CreateApp) -> list[Event]:
    org, _v = await store.load(m.org_aggregate_id(cmd.org_id), m.OrgState)
    app, _v = await store.load(m.app_aggregate_id(cmd.org_id, cmd.app_id), m.AppState)
    return d.decide_create_app(org, app, cmd)


DECIDERS: dict[str, Decider] = {
    c.CreateOrg.TYPE: _create_org,
    c.CreateApp.TYPE: _create_app,
}

ROUTES: dict[str, RouteFn] = {
    c.OrgCreated.TYPE: lambda e: Routing(m.org_aggregate_id(e.org_id), c.org_key(e.org_id), m.OrgState, d.org_created),
    c.AppCreated.TYPE: lambda e: Routing(
        m.app_aggregate_id(e.org_id, e.app_id), c.app_key(e.org_id, e.app_id), m.AppState, d.app_created
    ),
    c.EnvironmentCreated.TYPE: lambda e: Routing(
        m.env_aggregate_id(e.org_id, e.app_id, e.env_id),
        c.env_key(e.org_id, e.app_id, e.env_id),
        m.EnvState,
        d.environment_created,
    ),
}
