"""Resource definitions: create, read, list by matching rank, update, delete. The other resource
endpoints (criteria, versions, types, classes, drivers, active resources) are in ``resources_*``.

Secret values are sealed here, before they enter a command (see ``domain/resources_secrets``).
"""

from __future__ import annotations

from aiohttp import web

from orch_api.adapters.queries import resources as q
from orch_api.domain.resources_matching import MatchContext
from orch_api.domain.resources_secrets import seal_leaves, split_secret_refs
from orch_api.entrypoints.endpoints import Endpoint, deps, read_body
from orch_api.entrypoints.queries import DefinitionListQuery, DeletedQuery, ForceQuery
from orch_api.entrypoints.routes import resources_active, resources_criteria, resources_drivers, resources_types
from orch_api.entrypoints.routes.resources_schemas import (
    DefinitionBody,
    DefinitionPatchBody,
    DefinitionPutBody,
    DriverInputsBody,
    ProvisionBody,
    ResourceDefinition,
    criterion_of,
    decided,
    query_flag,
)
from shared import contracts as c
from shared.contracts import resources as rc
from shared.errors import InvalidInput


def _driver_inputs(request: web.Request, org_id: str, def_id: str, body: DriverInputsBody) -> rc.DriverInputs:
    values_from_refs, external = split_secret_refs(body.secret_refs)
    plain = {**body.secrets, **values_from_refs}
    box = deps(request).secrets
    if box is not None:
        plain = seal_leaves(plain, org_id, def_id, lambda text, ctx: box.seal(text, context=ctx))
    elif any(v is not None for v in plain.values()):
        raise InvalidInput("No secret keys are configured (ORCH_SECRETS__KEYS): secrets cannot be kept.")
    return rc.DriverInputs(values=body.values, secrets=plain, secret_refs=external)


def _provision(body: dict[str, ProvisionBody] | None) -> dict[str, rc.ProvisionDependency] | None:
    if body is None:
        return None
    return {k: rc.ProvisionDependency(**p.model_dump()) for k, p in body.items()}


async def create_definition(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await read_body(request, DefinitionBody)
    spec = c.ResourceDefinitionSpec(
        id=body.id,
        name=body.name,
        type=body.type,
        driver_type=body.driver_type,
        driver_account=body.driver_account,
        driver_inputs=_driver_inputs(request, org_id, body.id, body.driver_inputs),
        provision=_provision(body.provision) or {},
        criteria=tuple(criterion_of(body.id, cr) for cr in body.criteria),
        in_place_driver_change=body.in_place_driver_change,
    )
    waiting = await decided(request, c.CreateResourceDefinition(org_id=org_id, definition=spec), body.id)
    return waiting or web.json_response(await q.definition(deps(request).pool, org_id, body.id))


async def list_definitions(request: web.Request) -> web.Response:
    org_id, query = request.match_info["org_id"], request.query
    pool, deleted = deps(request).pool, query_flag(request, "deleted")
    filters = ("app", "env", "env_type", "res", "res_type", "class")
    if not any(query.get(f) for f in filters):
        return web.json_response(await q.definitions(pool, org_id, deleted=deleted))
    ctx = MatchContext(
        app_id=query.get("app") or None,
        env_id=query.get("env") or None,
        env_type=query.get("env_type") or None,
        res_id=query.get("res") or None,
        class_=query.get("class") or None,
    )
    ranked = await q.ranked_definitions(pool, org_id, ctx, query.get("res_type") or None, deleted=deleted)
    return web.json_response(ranked)


async def get_definition(request: web.Request) -> web.Response:
    m = request.match_info
    found = await q.definition(deps(request).pool, m["org_id"], m["def_id"], deleted=query_flag(request, "deleted"))
    return web.json_response(found)


async def _change(request: web.Request, body: DefinitionPatchBody, *, replace: bool) -> web.Response:
    org_id, def_id = request.match_info["org_id"], request.match_info["def_id"]
    inputs = body.driver_inputs
    changes = rc.DefinitionChanges(
        name=body.name,
        driver_type=body.driver_type,
        driver_account=body.driver_account,
        driver_inputs=_driver_inputs(request, org_id, def_id, inputs) if inputs is not None else None,
        provision=_provision(body.provision),
        in_place_driver_change=body.in_place_driver_change,
    )
    command = rc.ChangeResourceDefinition(
        org_id=org_id, def_id=def_id, changes=changes, replace=replace, proposed=body.proposed
    )
    waiting = await decided(request, command, def_id)
    return waiting or web.json_response(await q.definition(deps(request).pool, org_id, def_id))


async def put_definition(request: web.Request) -> web.Response:
    return await _change(request, await read_body(request, DefinitionPutBody), replace=True)


async def patch_definition(request: web.Request) -> web.Response:
    return await _change(request, await read_body(request, DefinitionPatchBody), replace=False)


async def delete_definition(request: web.Request) -> web.Response:
    org_id, def_id = request.match_info["org_id"], request.match_info["def_id"]
    command = rc.DeleteResourceDefinition(org_id=org_id, def_id=def_id, force=query_flag(request, "force"))
    return await decided(request, command, def_id) or web.Response(status=204)


_DEFS = "/orgs/{org_id}/resources/defs"
_DEF = f"{_DEFS}/{{def_id}}"
_TAG = "Resource definitions"
_DEFINITION_ENDPOINTS = [
    Endpoint(
        "POST",
        _DEFS,
        create_definition,
        "Create a resource definition",
        _TAG,
        DefinitionBody,
        response=ResourceDefinition,
        errors=(404, 409),
    ),
    Endpoint(
        "GET",
        _DEFS,
        list_definitions,
        "List resource definitions; with app, env, env_type, res, res_type or class: those that could match,"
        " by matching rank",
        _TAG,
        response=list[ResourceDefinition],
        errors=(400, 404),
        query=DefinitionListQuery,
    ),
    Endpoint(
        "GET",
        _DEF,
        get_definition,
        "Get a resource definition",
        _TAG,
        response=ResourceDefinition,
        errors=(400, 404),
        query=DeletedQuery,
    ),
    Endpoint(
        "PUT",
        _DEF,
        put_definition,
        "Update a resource definition",
        _TAG,
        DefinitionPutBody,
        response=ResourceDefinition,
        errors=(404, 409),
    ),
    Endpoint(
        "PATCH",
        _DEF,
        patch_definition,
        "Patch a resource definition (driver inputs merge as a JSON merge patch)",
        _TAG,
        DefinitionPatchBody,
        response=ResourceDefinition,
        errors=(404, 409),
    ),
    Endpoint(
        "DELETE",
        _DEF,
        delete_definition,
        "Delete a resource definition (force=true when active resources use it)",
        _TAG,
        status=204,
        errors=(400, 404, 409),
        query=ForceQuery,
    ),
]

ENDPOINTS = [
    *_DEFINITION_ENDPOINTS,
    *resources_criteria.ENDPOINTS,
    *resources_types.ENDPOINTS,
    *resources_drivers.ENDPOINTS,
    *resources_active.ENDPOINTS,
]
