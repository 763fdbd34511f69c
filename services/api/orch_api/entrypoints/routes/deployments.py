"""Deployments."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import Field, StringConstraints

from orch_api.adapters.queries import deployments as q
from orch_api.entrypoints.endpoints import Endpoint, deps, read_body, submit_or_accepted
from orch_api.entrypoints.requests import Body
from orch_api.entrypoints.responses import Response, Timestamp
from shared import contracts as c


class DeploymentBody(Body):
    delta_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")] | None = None
    set_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{43}$")] | None = None
    comment: str = Field(default="", max_length=2000)
    value_set_version_id: Annotated[str, StringConstraints(max_length=100)] | None = None


class GraphNode(Response):
    """One resource of a deployment's resource graph, as the resolver matched it (the contract's
    `GraphNode` without the driver inputs, which may hold secrets)."""

    guresid: str
    res_id: str
    type: str
    class_: str = Field(alias="class")
    def_id: str
    driver_type: str
    resource: dict[str, Any]
    depends_on: list[str]
    criterion_id: str | None
    def_version_id: str | None
    refs: dict[str, list[str]] = Field(
        description="Each placeholder in the definition's inputs -> the GUResIDs it names."
    )


class DeploymentGraph(Response):
    id: str | None = Field(default=None, description="SHA-256 of the canonical node list: equal graphs, equal ids.")
    nodes: list[GraphNode]


class Deployment(Response):
    """Humanitec's `DeploymentResponse`, plus the resolved resource `graph`."""

    id: str
    env_id: str
    set_id: str
    delta_id: str | None
    from_id: str = Field(description="The deployment this one started from; empty for the first.")
    comment: str
    status: Literal["pending", "in progress", "succeeded", "failed"]
    dependency_graph_id: str | None = Field(default=None, description="The resource graph's content address.")
    status_changed_at: Timestamp
    created_at: Timestamp
    created_by: str
    value_set_version_id: str | None = None
    export_status: str
    export_file: str
    graph: DeploymentGraph | None = Field(description="`null` until the resources are resolved.")


class DeploymentError(Response):
    """Humanitec's `DeploymentErrorResponse`."""

    code: str
    error_type: str
    scope: str
    object_id: str
    summary: str
    message: str


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
        value_set_version_id=body.value_set_version_id,
    )
    key = c.env_key(m["org_id"], m["app_id"], m["env_id"])
    if waiting := await submit_or_accepted(request, command, key=key, aggregate_id=deploy_id):
        return waiting
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
        response=Deployment,
        status=201,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "GET",
        _DEPLOYS,
        list_deployments,
        "List deployments, newest first",
        "Deployments",
        response=list[Deployment],
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_DEPLOYS}/{{deploy_id}}",
        get_deployment,
        "Get a deployment",
        "Deployments",
        response=Deployment,
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_DEPLOYS}/{{deploy_id}}/errors",
        get_deployment_errors,
        "Get a deployment's errors",
        "Deployments",
        response=list[DeploymentError],
        errors=(404,),
    ),
]
