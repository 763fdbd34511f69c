"""Deployment sets: read, list, diff, the resources they ask for, and applying a delta to one.

Listed in ``routes/deltas.py``'s ``ENDPOINTS``: sets and deltas are one area."""

from __future__ import annotations

from aiohttp import web

from orch_api.adapters.queries import deltas as q
from orch_api.entrypoints.endpoints import Endpoint, accepted, deps, read_body, submit
from orch_api.entrypoints.routes.delta_schemas import DeltaBody, DeploymentSet, ResourceInputs, SetIdAnswer, SetOrDiff
from orch_api.entrypoints.routes.delta_schemas import PlainDelta as PlainDeltaResponse
from shared import contracts as c
from shared.contracts import deltas as cd


async def list_sets(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.deployment_sets(deps(request).pool, m["org_id"], m["app_id"]))


async def get_set(request: web.Request) -> web.Response:
    m = request.match_info
    pool = deps(request).pool
    other = request.query.get("diff")
    if other is not None:
        return web.json_response(await q.set_diff(pool, m["org_id"], m["app_id"], m["set_id"], other))
    return web.json_response(await q.deployment_set(pool, m["org_id"], m["app_id"], m["set_id"]))


async def get_set_diff(request: web.Request) -> web.Response:
    m = request.match_info
    pool = deps(request).pool
    return web.json_response(await q.set_diff(pool, m["org_id"], m["app_id"], m["set_id"], m["source_set_id"]))


async def get_set_resources(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.set_resources(deps(request).pool, m["org_id"], m["app_id"], m["set_id"]))


async def apply_delta_to_set(request: web.Request) -> web.StreamResponse:
    m = request.match_info
    body = await read_body(request, DeltaBody)
    command = cd.CreateDeploymentSet(
        org_id=m["org_id"], app_id=m["app_id"], base_set_id=m["set_id"], delta=body.content()
    )
    outcome = await submit(request, command, key=c.app_key(m["org_id"], m["app_id"]), aggregate_id=m["set_id"])
    if not outcome.settled:
        return accepted(request, outcome)
    return web.json_response(outcome.result["set_id"])


_SETS = "/orgs/{org_id}/apps/{app_id}/sets"
_SET = f"{_SETS}/{{set_id}}"
ENDPOINTS = [
    Endpoint(
        "GET",
        _SETS,
        list_sets,
        "List the app's deployment sets",
        "Deployment sets",
        response=list[DeploymentSet],
        errors=(404,),
    ),
    Endpoint(
        "GET",
        _SET,
        get_set,
        "Get a deployment set (with `?diff={otherSetId}`: the delta that turns that set into this one)",
        "Deployment sets",
        response=SetOrDiff,
        errors=(404,),
    ),
    Endpoint(
        "POST",
        _SET,
        apply_delta_to_set,
        "Apply a delta to a deployment set; answers the new set's id",
        "Deployment sets",
        DeltaBody,
        response=SetIdAnswer,
        errors=(400, 404, 422),
    ),
    Endpoint(
        "GET",
        f"{_SET}/diff/{{source_set_id}}",
        get_set_diff,
        "The delta that turns the source set into this set",
        "Deployment sets",
        response=PlainDeltaResponse,
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_SET}/resources",
        get_set_resources,
        "The resources the set asks for",
        "Deployment sets",
        response=list[ResourceInputs],
        errors=(404,),
    ),
]
