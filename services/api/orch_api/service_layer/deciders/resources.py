"""Deciders and routes for resource definitions, types, classes, drivers and active resources.

A definition's events also change its type's aggregate (the index of the type's definitions and
criteria): loading that aggregate locks it, so two definitions racing for the same criteria are
decided one after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import model as m
from orch_api.domain import resources as d
from orch_api.domain import resources_active as da
from orch_api.domain import resources_drivers as dd
from orch_api.domain import resources_model as rm
from orch_api.domain import resources_types as dt
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from shared import contracts as c
from shared.contracts import resources as rc
from shared.messages import Event
from shared.postgres import Connection

Evolve = Callable[[Any, Any], BaseModel]


async def _org(store: AggregateStore, org_id: str) -> m.OrgState | None:
    org, _v = await store.load(m.org_aggregate_id(org_id), m.OrgState)
    return org


async def _definition(store: AggregateStore, org_id: str, def_id: str) -> rm.DefinitionRecord | None:
    state, _v = await store.load(rm.definition_aggregate_id(org_id, def_id), rm.DefinitionRecord)
    return state


async def _type(store: AggregateStore, org_id: str, type_id: str) -> rm.ResourceTypeRecord | None:
    state, _v = await store.load(rm.type_aggregate_id(org_id, type_id), rm.ResourceTypeRecord)
    return state


async def _using(conn: Connection, org_id: str, def_id: str) -> list[da.UsingResource]:
    """The definition's active resources (the read model; a resource being provisioned right now
    may be missing, as in any read of them)."""
    rows = await conn.fetch(
        "SELECT a.app_id, a.env_id, COALESCE(a.env_type, e.type) AS env_type, a.type, a.class, a.res_id,"
        " a.gu_res_id FROM active_resources a"
        " JOIN envs e ON e.org_id = a.org_id AND e.app_id = a.app_id AND e.id = a.env_id"
        " WHERE a.org_id = $1 AND a.def_id = $2 AND NOT a.scheduled_deletion ORDER BY a.app_id, a.env_id, a.res_id",
        org_id,
        def_id,
    )
    return [
        da.UsingResource(r["app_id"], r["env_id"], r["env_type"], r["type"], r["class"], r["res_id"], r["gu_res_id"])
        for r in rows
    ]


async def _create_definition(store: AggregateStore, _: Connection, cmd: c.CreateResourceDefinition) -> list[Event]:
    org = await _org(store, cmd.org_id)
    state = await _definition(store, cmd.org_id, cmd.definition.id)
    index = await _type(store, cmd.org_id, cmd.definition.type)
    return d.decide_create_definition(org, state, cmd, index)


async def _change_definition(store: AggregateStore, _: Connection, cmd: rc.ChangeResourceDefinition) -> list[Event]:
    return d.decide_change_definition(await _definition(store, cmd.org_id, cmd.def_id), cmd)


async def _promote_version(store: AggregateStore, _: Connection, cmd: rc.PromoteDefinitionVersion) -> list[Event]:
    return d.decide_promote_version(await _definition(store, cmd.org_id, cmd.def_id), cmd)


async def _change_criteria(store: AggregateStore, conn: Connection, cmd: rc.ChangeDefinitionCriteria) -> list[Event]:
    state = await _definition(store, cmd.org_id, cmd.def_id)
    index = await _type(store, cmd.org_id, state.type) if state is not None else None
    return d.decide_change_criteria(state, index, cmd, await _using(conn, cmd.org_id, cmd.def_id))


async def _delete_definition(store: AggregateStore, conn: Connection, cmd: rc.DeleteResourceDefinition) -> list[Event]:
    state = await _definition(store, cmd.org_id, cmd.def_id)
    index = await _type(store, cmd.org_id, state.type) if state is not None else None
    return d.decide_delete_definition(state, index, cmd, await _using(conn, cmd.org_id, cmd.def_id))


async def _create_type(store: AggregateStore, _: Connection, cmd: rc.CreateResourceType) -> list[Event]:
    return dt.decide_create_type(await _org(store, cmd.org_id), await _type(store, cmd.org_id, cmd.spec.type), cmd)


async def _update_type(store: AggregateStore, _: Connection, cmd: rc.UpdateResourceType) -> list[Event]:
    return dt.decide_update_type(await _type(store, cmd.org_id, cmd.spec.type), cmd)


async def _delete_type(store: AggregateStore, _: Connection, cmd: rc.DeleteResourceType) -> list[Event]:
    return dt.decide_delete_type(await _type(store, cmd.org_id, cmd.type), cmd)


async def _set_class(store: AggregateStore, _: Connection, cmd: rc.SetResourceClass) -> list[Event]:
    return dt.decide_set_class(await _org(store, cmd.org_id), await _type(store, cmd.org_id, cmd.type), cmd)


async def _delete_class(store: AggregateStore, _: Connection, cmd: rc.DeleteResourceClass) -> list[Event]:
    return dt.decide_delete_class(await _type(store, cmd.org_id, cmd.type), cmd)


async def _driver(store: AggregateStore, org_id: str, driver_id: str) -> rm.DriverRecord | None:
    state, _v = await store.load(rm.driver_aggregate_id(org_id, driver_id), rm.DriverRecord)
    return state


async def _register_driver(store: AggregateStore, _: Connection, cmd: rc.RegisterDriver) -> list[Event]:
    org = await _org(store, cmd.org_id)
    return dd.decide_register_driver(org, await _driver(store, cmd.org_id, cmd.driver.id), cmd)


async def _delete_driver(store: AggregateStore, conn: Connection, cmd: rc.DeleteDriver) -> list[Event]:
    driver_type = f"{cmd.org_id}/{cmd.driver_id}"
    rows = await conn.fetch(
        "SELECT 'resource definition ' || id AS user FROM resource_definitions"
        " WHERE org_id = $1 AND NOT is_deleted AND body->>'driver_type' = $2"
        " UNION ALL SELECT 'active resource ' || app_id || '/' || env_id || '/' || type || '/' || res_id"
        " FROM active_resources WHERE org_id = $1 AND driver_type = $2 ORDER BY 1",
        cmd.org_id,
        driver_type,
    )
    return dd.decide_delete_driver(await _driver(store, cmd.org_id, cmd.driver_id), cmd, [r["user"] for r in rows])


async def _delete_active_resource(store: AggregateStore, conn: Connection, cmd: rc.DeleteActiveResource) -> list[Event]:
    # Lock the resource's aggregate, so two deletions are decided one after the other.
    await store.load(
        rm.active_resource_aggregate_id(cmd.org_id, cmd.app_id, cmd.env_id, cmd.type, cmd.res_id),
        rm.ActiveResourceRecord,
    )
    rows = await conn.fetch(
        "SELECT gu_res_id, scheduled_deletion FROM active_resources"
        " WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND type = $4 AND res_id = $5",
        cmd.org_id,
        cmd.app_id,
        cmd.env_id,
        cmd.type,
        cmd.res_id,
    )
    return da.decide_delete_active_resource(cmd, {r["gu_res_id"]: bool(r["scheduled_deletion"]) for r in rows})


DECIDERS: dict[str, Decider] = {
    c.CreateResourceDefinition.TYPE: _create_definition,
    rc.ChangeResourceDefinition.TYPE: _change_definition,
    rc.PromoteDefinitionVersion.TYPE: _promote_version,
    rc.ChangeDefinitionCriteria.TYPE: _change_criteria,
    rc.DeleteResourceDefinition.TYPE: _delete_definition,
    rc.CreateResourceType.TYPE: _create_type,
    rc.UpdateResourceType.TYPE: _update_type,
    rc.DeleteResourceType.TYPE: _delete_type,
    rc.SetResourceClass.TYPE: _set_class,
    rc.DeleteResourceClass.TYPE: _delete_class,
    rc.RegisterDriver.TYPE: _register_driver,
    rc.DeleteDriver.TYPE: _delete_driver,
    rc.DeleteActiveResource.TYPE: _delete_active_resource,
}


def _definition_route(org_id: str, def_id: str, evolve: Evolve, index: tuple[str, Evolve] | None = None) -> Routing:
    """A definition event's route; with ``index`` = (type, evolve) it also changes the type's index."""
    also: tuple[Routing, ...] = ()
    if index is not None:
        type_id, evolve_index = index
        also = (Routing(rm.type_aggregate_id(org_id, type_id), c.org_key(org_id), rm.ResourceTypeRecord, evolve_index),)
    return Routing(rm.definition_aggregate_id(org_id, def_id), c.org_key(org_id), rm.DefinitionRecord, evolve, also)


def _type_route(org_id: str, type_id: str, evolve: Evolve) -> Routing:
    return Routing(rm.type_aggregate_id(org_id, type_id), c.org_key(org_id), rm.ResourceTypeRecord, evolve)


def _driver_route(org_id: str, driver_id: str, evolve: Evolve) -> Routing:
    return Routing(rm.driver_aggregate_id(org_id, driver_id), c.org_key(org_id), rm.DriverRecord, evolve)


ROUTES: dict[str, RouteFn] = {
    c.ResourceDefinitionCreated.TYPE: lambda e: _definition_route(
        e.org_id, e.definition.id, d.definition_created, (e.definition.type, d.indexed)
    ),
    rc.ResourceDefinitionUpdated.TYPE: lambda e: _definition_route(e.org_id, e.definition.id, d.definition_updated),
    rc.ResourceDefinitionVersionProposed.TYPE: lambda e: _definition_route(
        e.org_id, e.definition.id, d.version_proposed
    ),
    rc.ResourceDefinitionCriteriaChanged.TYPE: lambda e: _definition_route(
        e.org_id, e.definition.id, d.criteria_changed, (e.definition.type, d.indexed)
    ),
    rc.ResourceDefinitionDeleted.TYPE: lambda e: _definition_route(
        e.org_id, e.def_id, d.definition_deleted, (e.type, d.unindexed)
    ),
    rc.ResourceTypeCreated.TYPE: lambda e: _type_route(e.org_id, e.spec.type, dt.type_created),
    rc.ResourceTypeUpdated.TYPE: lambda e: _type_route(e.org_id, e.spec.type, dt.type_created),
    rc.ResourceTypeDeleted.TYPE: lambda e: _type_route(e.org_id, e.type, dt.type_deleted),
    rc.ResourceClassCreated.TYPE: lambda e: _type_route(e.org_id, e.type, dt.class_set),
    rc.ResourceClassUpdated.TYPE: lambda e: _type_route(e.org_id, e.type, dt.class_set),
    rc.ResourceClassDeleted.TYPE: lambda e: _type_route(e.org_id, e.type, dt.class_deleted),
    rc.DriverRegistered.TYPE: lambda e: _driver_route(e.org_id, e.driver.id, dd.driver_set),
    rc.DriverUpdated.TYPE: lambda e: _driver_route(e.org_id, e.driver.id, dd.driver_set),
    rc.DriverDeleted.TYPE: lambda e: _driver_route(e.org_id, e.driver_id, dd.driver_deleted),
    rc.ActiveResourceDeletionScheduled.TYPE: lambda e: Routing(
        rm.active_resource_aggregate_id(e.org_id, e.app_id, e.env_id, e.type, e.res_id),
        c.env_key(e.org_id, e.app_id, e.env_id),
        rm.ActiveResourceRecord,
        da.deletion_scheduled,
    ),
}
