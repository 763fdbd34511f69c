"""Organizations, applications and environments."""

from __future__ import annotations

from aiohttp import web

from orch_api.adapters.queries import orgs as q
from orch_api.entrypoints.endpoints import Endpoint, accepted, deps, read_body, submit
from orch_api.entrypoints.requests import Body, Id, Name
from shared import contracts as c


class OrgBody(Body):
    id: Id
    name: Name


class EnvBody(Body):
    id: Id
    name: Name | None = None
    type: Id = "development"


class AppBody(Body):
    id: Id
    name: Name | None = None
    env: EnvBody | None = None


async def create_org(request: web.Request) -> web.Response:
    body = await read_body(request, OrgBody)
    outcome = await submit(request, c.CreateOrg(org_id=body.id, name=body.name), key=body.id, aggregate_id=body.id)
    if not outcome.settled:
        return accepted(request, outcome)
    return web.json_response(await q.org(deps(request).pool, body.id), status=201)


async def list_orgs(request: web.Request) -> web.Response:
    return web.json_response(await q.orgs(deps(request).pool))


async def get_org(request: web.Request) -> web.Response:
    return web.json_response(await q.org(deps(request).pool, request.match_info["org_id"]))


async def create_app(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await read_body(request, AppBody)
    env = None
    if body.env is not None:
        env = c.EnvSpec(id=body.env.id, name=body.env.name or body.env.id, type=body.env.type)
    command = c.CreateApp(org_id=org_id, app_id=body.id, name=body.name or body.id, env=env)
    outcome = await submit(request, command, key=c.app_key(org_id, body.id), aggregate_id=f"{org_id}/{body.id}")
    if not outcome.settled:
        return accepted(request, outcome)
    return web.json_response(await q.app(deps(request).pool, org_id, body.id), status=201)


async def list_apps(request: web.Request) -> web.Response:
    return web.json_response(await q.apps(deps(request).pool, request.match_info["org_id"]))


async def get_app(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.app(deps(request).pool, m["org_id"], m["app_id"]))


async def list_envs(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.envs(deps(request).pool, m["org_id"], m["app_id"]))


async def get_env(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.env(deps(request).pool, m["org_id"], m["app_id"], m["env_id"]))


_APP = "/orgs/{org_id}/apps/{app_id}"
ENDPOINTS = [
    Endpoint(
        "POST",
        "/orgs",
        create_org,
        "Create an organization",
        "Organizations",
        OrgBody,
        status=201,
        errors=(400, 409, 422),
    ),
    Endpoint(
        "GET",
        "/orgs",
        list_orgs,
        "List organizations",
        "Organizations",
    ),
    Endpoint(
        "GET",
        "/orgs/{org_id}",
        get_org,
        "Get an organization",
        "Organizations",
        errors=(404,),
    ),
    Endpoint(
        "POST",
        "/orgs/{org_id}/apps",
        create_app,
        "Create an application",
        "Applications",
        AppBody,
        status=201,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "GET",
        "/orgs/{org_id}/apps",
        list_apps,
        "List applications",
        "Applications",
        errors=(404,),
    ),
    Endpoint(
        "GET",
        _APP,
        get_app,
        "Get an application",
        "Applications",
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_APP}/envs",
        list_envs,
        "List environments",
        "Environments",
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_APP}/envs/{{env_id}}",
        get_env,
        "Get an environment",
        "Environments",
        errors=(404,),
    ),
]
