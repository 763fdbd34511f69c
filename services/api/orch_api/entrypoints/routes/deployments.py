"""Deployments."""

from __future__ import annotations

import secrets
from typing import Annotated

from aiohttp import web
from pydantic import Field, StringConstraints

from orch_api.adapters.queries import deployments as q
from orch_api.entrypoints.endpoints import Endpoint, accepted, deps, read_body, submit
from orch_api.entrypoints.requests import Body
from shared import contracts as c


class DeploymentBody(Body):
    delta_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")] | None = None
    set_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{43}$")] | None = None
    comment: str = Field(default="", max_length=2000)


async def create_deployment(request: web.Request) -> web.Response:
    m = request.match_info
    body = await read_body(request, DeploymentBody)
    deploy_id = secrets.token_hex(8)
    command = c.CreateDeployment(
        org_id=m["org_id"],
        app_id=m["app_id"],
        env_id=m["env_id"],
        deploy_id=deploy_id,
        delta_id=body.delta_id,
        set_id=None if body.delta_id else body.set_id,
        comment=body.comment,
    )
    key = c.env_key(m["org_id"], m["app_id"], m["env_id"])
    outcome = await submit(request, command, key=key, aggregate_id=deploy_id)
    if not outcome.settled:
        return accepted(request, outcome)
    deployment = await q.deployment(deps(request).pool, m["org_id"], m["app_id"], m["env_id"], deploy_id)
    return web.json_response(deployment, status=201)


async def list_deployments(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.deployments(deps(request).pool, m["org_id"], m["app_id"], m["env_id"]))


async def get_deployment(request: web.Request) -> web.Response:
    m = request.match_info
    pool = deps(request).pool
    return web.json_response(await q.deployment(pool, m["org_id"], m["app_id"], m["env_id"], m["deploy_id"]))


async def get_deployment_errors(request: web.Request) -> web.Response:
    m = request.match_info
    pool = deps(request).pool
    return web.json_response(await q.deployment_errors(pool, m["org_id"], m["app_id"], m["env_id"], m["deploy_id"]))


_DEPLOYS = "/orgs/{org_id}/apps/{app_id}/envs/{env_id}/deploys"
ENDPOINTS = [
    Endpoint(
        "POST",
        _DEPLOYS,
        create_deployment,
        "Start a deployment",
        "Deployments",
        DeploymentBody,
        status=201,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "GET",
        _DEPLOYS,
        list_deployments,
        "List deployments, newest first",
        "Deployments",
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_DEPLOYS}/{{deploy_id}}",
        get_deployment,
        "Get a deployment",
        "Deployments",
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_DEPLOYS}/{{deploy_id}}/errors",
        get_deployment_errors,
        "Get a deployment's errors",
        "Deployments",
        errors=(404,),
    ),
]
