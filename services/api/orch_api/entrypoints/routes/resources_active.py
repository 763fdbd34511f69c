"""Active resources of an environment. Deleting one marks it for deletion (``202``); calling its
driver's ``DELETE`` is the deployer's job."""

from __future__ import annotations

from aiohttp import web

from orch_api.adapters.queries import resources_active as q
from orch_api.entrypoints.endpoints import Endpoint, accepted, deps, submit
from orch_api.entrypoints.responses import CommandAccepted
from orch_api.entrypoints.routes.resources_schemas import ActiveResource
from shared import contracts as c
from shared.contracts import resources as rc


async def list_active_resources(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.in_env(deps(request).pool, m["org_id"], m["app_id"], m["env_id"]))


async def delete_active_resource(request: web.Request) -> web.Response:
    m = request.match_info
    org_id, app_id, env_id = m["org_id"], m["app_id"], m["env_id"]
    command = rc.DeleteActiveResource(
        org_id=org_id, app_id=app_id, env_id=env_id, type=m["type_id"], res_id=m["res_id"]
    )
    key = c.env_key(org_id, app_id, env_id)
    outcome = await submit(request, command, key=key, aggregate_id=f"{key}/{m['type_id']}/{m['res_id']}")
    # Marked for deletion, or about to be: either way 202, with where to follow the command.
    return accepted(request, outcome)


_RESOURCES = "/orgs/{org_id}/apps/{app_id}/envs/{env_id}/resources"
_TAG = "Active resources"
ENDPOINTS = [
    Endpoint(
        "GET",
        _RESOURCES,
        list_active_resources,
        "List the active resources of an environment",
        _TAG,
        None,
        list[ActiveResource],
        errors=(404,),
    ),
    Endpoint(
        "DELETE",
        f"{_RESOURCES}/{{type_id}}/{{res_id}}",
        delete_active_resource,
        "Mark an active resource for deletion",
        _TAG,
        None,
        CommandAccepted,
        status=202,
        errors=(404,),
    ),
]
