"""Matching criteria, versions and active resources of one resource definition."""

from __future__ import annotations

from aiohttp import web

from orch_api.adapters.queries import resources as q
from orch_api.adapters.queries import resources_active as qa
from orch_api.entrypoints.endpoints import Endpoint, deps, read_body, read_json
from orch_api.entrypoints.queries import ForceQuery
from orch_api.entrypoints.routes.resources_schemas import (
    ActiveResource,
    CriteriaBody,
    CriterionBody,
    MatchingCriteria,
    ResourceDefinitionVersion,
    criterion_of,
    decided,
    query_flag,
)
from shared.contracts import resources as rc


async def add_criterion(request: web.Request) -> web.Response:
    org_id, def_id = request.match_info["org_id"], request.match_info["def_id"]
    criterion = criterion_of(def_id, await read_body(request, CriterionBody))
    waiting = await decided(
        request, rc.ChangeDefinitionCriteria(org_id=org_id, def_id=def_id, add=(criterion,)), def_id
    )
    return waiting or web.json_response(q.criterion(criterion))


async def replace_criteria(request: web.Request) -> web.Response:
    org_id, def_id = request.match_info["org_id"], request.match_info["def_id"]
    body = CriteriaBody.model_validate(await read_json(request))
    criteria = tuple(criterion_of(def_id, cr) for cr in body.root)
    command = rc.ChangeDefinitionCriteria(org_id=org_id, def_id=def_id, add=criteria, replace=True)
    waiting = await decided(request, command, def_id)
    return waiting or web.json_response(await q.criteria(deps(request).pool, org_id, def_id))


async def delete_criterion(request: web.Request) -> web.Response:
    m = request.match_info
    command = rc.ChangeDefinitionCriteria(
        org_id=m["org_id"], def_id=m["def_id"], remove=(m["criteria_id"],), force=query_flag(request, "force")
    )
    return await decided(request, command, m["def_id"]) or web.Response(status=204)


async def list_versions(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.versions(deps(request).pool, m["org_id"], m["def_id"]))


async def get_version(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.version(deps(request).pool, m["org_id"], m["def_id"], m["version_id"]))


async def promote_version(request: web.Request) -> web.Response:
    m = request.match_info
    command = rc.PromoteDefinitionVersion(org_id=m["org_id"], def_id=m["def_id"], version_id=m["version_id"])
    waiting = await decided(request, command, m["def_id"])
    return waiting or web.json_response(await q.version(deps(request).pool, m["org_id"], m["def_id"], m["version_id"]))


async def definition_resources(request: web.Request) -> web.Response:
    m = request.match_info
    pool = deps(request).pool
    await q.definition(pool, m["org_id"], m["def_id"], deleted=True)
    return web.json_response(await qa.of_definition(pool, m["org_id"], m["def_id"]))


_DEF = "/orgs/{org_id}/resources/defs/{def_id}"
_TAG = "Resource definitions"
ENDPOINTS = [
    Endpoint(
        "POST",
        f"{_DEF}/criteria",
        add_criterion,
        "Add matching criteria to a resource definition",
        _TAG,
        CriterionBody,
        response=MatchingCriteria,
        errors=(404, 409),
    ),
    Endpoint(
        "PUT",
        f"{_DEF}/criteria",
        replace_criteria,
        "Replace all matching criteria of a resource definition",
        _TAG,
        CriteriaBody,
        response=list[MatchingCriteria],
        errors=(404, 409),
    ),
    Endpoint(
        "DELETE",
        f"{_DEF}/criteria/{{criteria_id}}",
        delete_criterion,
        "Delete matching criteria (force=true when active resources would change definition)",
        _TAG,
        status=204,
        errors=(400, 404, 409),
        query=ForceQuery,
    ),
    Endpoint(
        "GET",
        f"{_DEF}/versions",
        list_versions,
        "List the versions of a resource definition, newest first",
        _TAG,
        response=list[ResourceDefinitionVersion],
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_DEF}/versions/{{version_id}}",
        get_version,
        "Get a version of a resource definition",
        _TAG,
        response=ResourceDefinitionVersion,
        errors=(404,),
    ),
    Endpoint(
        "POST",
        f"{_DEF}/versions/{{version_id}}/actions/promote",
        promote_version,
        "Make a version of a resource definition the active one",
        _TAG,
        response=ResourceDefinitionVersion,
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_DEF}/resources",
        definition_resources,
        "List the active resources provisioned from a resource definition",
        _TAG,
        response=list[ActiveResource],
        errors=(404,),
    ),
]
