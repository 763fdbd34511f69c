"""Deciders and routes for organizations, applications, environments and environment types.

Environment commands lock the application's state (it lists the environments), so two racing
commands on one app's environments are decided one after the other, never both on stale state.
"""

from __future__ import annotations

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import environments as de
from orch_api.domain import model as m
from orch_api.domain import orgs as d
from orch_api.domain.values import values_forgotten
from orch_api.domain.values_model import ValueSetState, values_aggregate_id
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from orch_api.service_layer.deciders.lookups import last_status, past_deployment
from shared import contracts as c
from shared.messages import Event
from shared.postgres import Connection


async def _org(store: AggregateStore, org_id: str) -> m.OrgState | None:
    state, _v = await store.load(m.org_aggregate_id(org_id), m.OrgState)
    return state


async def _app(store: AggregateStore, org_id: str, app_id: str) -> m.AppState | None:
    state, _v = await store.load(m.app_aggregate_id(org_id, app_id), m.AppState)
    return state


async def _env(store: AggregateStore, org_id: str, app_id: str, env_id: str) -> m.EnvState | None:
    state, _v = await store.load(m.env_aggregate_id(org_id, app_id, env_id), m.EnvState)
    return state


async def _env_type(store: AggregateStore, org_id: str, env_type_id: str) -> m.EnvTypeState | None:
    state, _v = await store.load(m.env_type_aggregate_id(org_id, env_type_id), m.EnvTypeState)
    return state


async def _create_org(store: AggregateStore, _: Connection, cmd: c.CreateOrg) -> list[Event]:
    return d.decide_create_org(await _org(store, cmd.org_id), cmd)


async def _create_app(store: AggregateStore, _: Connection, cmd: c.CreateApp) -> list[Event]:
    env_type_id = (cmd.env or d.DEFAULT_ENV).type
    return d.decide_create_app(
        await _org(store, cmd.org_id),
        await _app(store, cmd.org_id, cmd.app_id),
        await _env_type(store, cmd.org_id, env_type_id),
        cmd,
    )


async def _update_app(store: AggregateStore, _: Connection, cmd: c.UpdateApp) -> list[Event]:
    return d.decide_update_app(await _app(store, cmd.org_id, cmd.app_id), cmd)


async def _delete_app(store: AggregateStore, conn: Connection, cmd: c.DeleteApp) -> list[Event]:
    app = await _app(store, cmd.org_id, cmd.app_id)
    envs = [e for e in [await _env(store, cmd.org_id, cmd.app_id, i) for i in (app.env_ids if app else ())] if e]
    running = [e.env_id for e in envs if de.is_running(await last_status(conn, e))]
    return d.decide_delete_app(app, envs, running, cmd)


async def _create_env_type(store: AggregateStore, _: Connection, cmd: c.CreateEnvironmentType) -> list[Event]:
    return de.decide_create_env_type(
        await _org(store, cmd.org_id), await _env_type(store, cmd.org_id, cmd.env_type_id), cmd
    )


async def _update_env_type(store: AggregateStore, _: Connection, cmd: c.UpdateEnvironmentType) -> list[Event]:
    return de.decide_update_env_type(await _env_type(store, cmd.org_id, cmd.env_type_id), cmd)


async def _delete_env_type(store: AggregateStore, _: Connection, cmd: c.DeleteEnvironmentType) -> list[Event]:
    return de.decide_delete_env_type(await _env_type(store, cmd.org_id, cmd.env_type_id), cmd)


async def _create_env(store: AggregateStore, conn: Connection, cmd: c.CreateEnvironment) -> list[Event]:
    app = await _app(store, cmd.org_id, cmd.app_id)
    return de.decide_create_env(
        app,
        await _env(store, cmd.org_id, cmd.app_id, cmd.env_id),
        await _env_type(store, cmd.org_id, cmd.type),
        await past_deployment(conn, cmd.org_id, cmd.app_id, cmd.from_deploy_id),
        cmd,
    )


async def _update_env(store: AggregateStore, _: Connection, cmd: c.UpdateEnvironment) -> list[Event]:
    return de.decide_update_env(await _env(store, cmd.org_id, cmd.app_id, cmd.env_id), cmd)


async def _delete_env(store: AggregateStore, conn: Connection, cmd: c.DeleteEnvironment) -> list[Event]:
    app = await _app(store, cmd.org_id, cmd.app_id)
    env = await _env(store, cmd.org_id, cmd.app_id, cmd.env_id)
    return de.decide_delete_env(app, env, await last_status(conn, env), cmd)


async def _rebase_env(store: AggregateStore, conn: Connection, cmd: c.RebaseEnvironment) -> list[Event]:
    env = await _env(store, cmd.org_id, cmd.app_id, cmd.env_id)
    source = await past_deployment(conn, cmd.org_id, cmd.app_id, cmd.deploy_id)
    return de.decide_rebase_env(env, source, await last_status(conn, env), cmd)


DECIDERS: dict[str, Decider] = {
    c.CreateOrg.TYPE: _create_org,
    c.CreateApp.TYPE: _create_app,
    c.UpdateApp.TYPE: _update_app,
    c.DeleteApp.TYPE: _delete_app,
    c.CreateEnvironmentType.TYPE: _create_env_type,
    c.UpdateEnvironmentType.TYPE: _update_env_type,
    c.DeleteEnvironmentType.TYPE: _delete_env_type,
    c.CreateEnvironment.TYPE: _create_env,
    c.UpdateEnvironment.TYPE: _update_env,
    c.DeleteEnvironment.TYPE: _delete_env,
    c.RebaseEnvironment.TYPE: _rebase_env,
}


def _app_routing(org_id: str, app_id: str, evolve: object) -> Routing:
    return Routing(m.app_aggregate_id(org_id, app_id), c.app_key(org_id, app_id), m.AppState, evolve)  # type: ignore[arg-type]


def _env_routing(e: c.EnvironmentCreated | c.EnvironmentDeleted, evolve: object, *also: Routing) -> Routing:
    return Routing(
        m.env_aggregate_id(e.org_id, e.app_id, e.env_id),
        c.env_key(e.org_id, e.app_id, e.env_id),
        m.EnvState,
        evolve,  # type: ignore[arg-type]
        also,
    )


def _env_type_routing(org_id: str, env_type_id: str, evolve: object) -> Routing:
    return Routing(
        m.env_type_aggregate_id(org_id, env_type_id),
        c.org_key(org_id),
        m.EnvTypeState,
        evolve,  # type: ignore[arg-type]
    )


def _env_created(e: c.EnvironmentCreated) -> Routing:
    return _env_routing(
        e,
        de.environment_created,
        _app_routing(e.org_id, e.app_id, d.app_gains_env),
        _env_type_routing(e.org_id, e.type, de.env_type_gains_env),
    )


def _values_forgotten(org_id: str, app_id: str, env_id: str | None) -> Routing:
    """A deleted app's or environment's values go with it (their own aggregate, emptied)."""
    aggregate = values_aggregate_id(org_id, app_id, env_id)
    return Routing(aggregate, c.app_key(org_id, app_id), ValueSetState, values_forgotten)


def _env_deleted(e: c.EnvironmentDeleted) -> Routing:
    return _env_routing(
        e,
        de.environment_deleted,
        _app_routing(e.org_id, e.app_id, d.app_loses_env),
        _env_type_routing(e.org_id, e.type, de.env_type_loses_env),
        _values_forgotten(e.org_id, e.app_id, e.env_id),
    )


def _app_deleted(e: c.AppDeleted) -> Routing:
    routing = _app_routing(e.org_id, e.app_id, d.app_deleted)
    return Routing(
        routing.aggregate_id, routing.key, routing.model, routing.evolve, (_values_forgotten(e.org_id, e.app_id, None),)
    )


ROUTES: dict[str, RouteFn] = {
    c.OrgCreated.TYPE: lambda e: Routing(m.org_aggregate_id(e.org_id), c.org_key(e.org_id), m.OrgState, d.org_created),
    c.AppCreated.TYPE: lambda e: _app_routing(e.org_id, e.app_id, d.app_created),
    c.AppUpdated.TYPE: lambda e: _app_routing(e.org_id, e.app_id, d.app_updated),
    c.AppDeleted.TYPE: _app_deleted,
    c.EnvironmentCreated.TYPE: _env_created,
    c.EnvironmentDeleted.TYPE: _env_deleted,
    c.EnvironmentUpdated.TYPE: lambda e: Routing(
        m.env_aggregate_id(e.org_id, e.app_id, e.env_id),
        c.env_key(e.org_id, e.app_id, e.env_id),
        m.EnvState,
        de.environment_updated,
    ),
    c.EnvironmentRebased.TYPE: lambda e: Routing(
        m.env_aggregate_id(e.org_id, e.app_id, e.env_id),
        c.env_key(e.org_id, e.app_id, e.env_id),
        m.EnvState,
        de.environment_rebased,
    ),
    c.EnvironmentTypeCreated.TYPE: lambda e: _env_type_routing(e.org_id, e.env_type_id, de.env_type_created),
    c.EnvironmentTypeUpdated.TYPE: lambda e: _env_type_routing(e.org_id, e.env_type_id, de.env_type_updated),
    c.EnvironmentTypeDeleted.TYPE: lambda e: _env_type_routing(e.org_id, e.env_type_id, de.env_type_deleted),
}
