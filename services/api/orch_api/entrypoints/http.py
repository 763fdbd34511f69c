"""The REST API (Humanitec's v1 paths). Writes become commands; reads come from projections."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel

from orch_api.adapters.queries import Queries
from orch_api.entrypoints import requests as r
from orch_api.entrypoints.middleware import errors_middleware, trace_id_middleware
from orch_api.service_layer.command_bus import CommandBus, CommandOutcome
from shared import contracts as c
from shared.errors import InvalidInput, NotFound
from shared.messages import Command

B = TypeVar("B", bound=BaseModel)


@dataclass(frozen=True)
class ApiDeps:
    bus: CommandBus
    queries: Queries
    actor: str = "anonymous"


DEPS = web.AppKey("deps", ApiDeps)


def _deps(request: web.Request) -> ApiDeps:
    return request.app[DEPS]


async def _body(request: web.Request, model: type[B]) -> B:
    try:
        raw = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _UnprocessableError("The request body is not valid JSON.", details={"reason": str(exc)}) from exc
    if not isinstance(raw, dict):
        raise InvalidInput("The request body must be a JSON object.")
    return model.model_validate(raw)


class _UnprocessableError(InvalidInput):
    code = "API-422"
    http_status = 422


async def _submit(request: web.Request, command: Command, *, key: str, aggregate_id: str) -> CommandOutcome:
    deps = _deps(request)
    return await deps.bus.submit(command, key=key, aggregate_id=aggregate_id, actor=deps.actor)


def _accepted(request: web.Request, outcome: CommandOutcome) -> web.Response:
    org = request.match_info.get("org_id", "_")
    location = f"/orgs/{org}/commands/{outcome.command_id}"
    return web.json_response(
        {"status": "accepted", "command_id": outcome.command_id, "location": location},
        status=202,
        headers={"Location": location},
    )


# -- orgs ------------------------------------------------------------------------------------------


async def create_org(request: web.Request) -> web.Response:
    body = await _body(request, r.OrgBody)
    outcome = await _submit(request, c.CreateOrg(org_id=body.id, name=body.name), key=body.id, aggregate_id=body.id)
    if not outcome.settled:
        return _accepted(request, outcome)
    return web.json_response(await _deps(request).queries.org(body.id), status=201)


async def list_orgs(request: web.Request) -> web.Response:
    return web.json_response(await _deps(request).queries.orgs())


async def get_org(request: web.Request) -> web.Response:
    return web.json_response(await _deps(request).queries.org(request.match_info["org_id"]))


# -- apps and environments -------------------------------------------------------------------------


async def create_app(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await _body(request, r.AppBody)
    env = None
    if body.env is not None:
        env = c.EnvSpec(id=body.env.id, name=body.env.name or body.env.id, type=body.env.type)
    command = c.CreateApp(org_id=org_id, app_id=body.id, name=body.name or body.id, env=env)
    outcome = await _submit(request, command, key=c.app_key(org_id, body.id), aggregate_id=f"{org_id}/{body.id}")
    if not outcome.settled:
        return _accepted(request, outcome)
    return web.json_response(await _deps(request).queries.app(org_id, body.id), status=201)


async def list_apps(request: web.Request) -> web.Response:
    return web.json_response(await _deps(request).queries.apps(request.match_info["org_id"]))


async def get_app(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await _deps(request).queries.app(m["org_id"], m["app_id"]))


async def list_envs(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await _deps(request).queries.envs(m["org_id"], m["app_id"]))


async def get_env(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await _deps(request).queries.env(m["org_id"], m["app_id"], m["env_id"]))


# -- resource definitions --------------------------------------------------------------------------


async def create_definition(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await _body(request, r.DefinitionBody)
    spec = c.ResourceDefinitionSpec(
        id=body.id,
        name=body.name,
        type=body.type,
        driver_type=body.driver_type,
        driver_inputs=c.DriverInputs(values=body.driver_inputs.values, secrets=body.driver_inputs.secrets),
        criteria=tuple(
            c.Criterion(
                id=_criterion_id(body.id, i),
                app_id=cr.app_id,
                env_id=cr.env_id,
                env_type=cr.env_type,
                res_id=cr.res_id,
                class_=cr.class_,
            )
            for i, cr in enumerate(body.criteria)
        ),
    )
    outcome = await _submit(
        request, c.CreateResourceDefinition(org_id=org_id, definition=spec), key=org_id, aggregate_id=body.id
    )
    if not outcome.settled:
        return _accepted(request, outcome)
    return web.json_response(await _deps(request).queries.definition(org_id, body.id), status=200)


def _criterion_id(def_id: str, index: int) -> str:
    return f"{def_id}-{index}"


async def list_definitions(request: web.Request) -> web.Response:
    return web.json_response(await _deps(request).queries.definitions(request.match_info["org_id"]))


async def get_definition(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await _deps(request).queries.definition(m["org_id"], m["def_id"]))


# -- deltas and sets -------------------------------------------------------------------------------


async def create_delta(request: web.Request) -> web.Response:
    m = request.match_info
    body = await _body(request, r.DeltaBody)
    delta_id = secrets.token_hex(20)
    command = c.CreateDelta(
        org_id=m["org_id"],
        app_id=m["app_id"],
        delta_id=delta_id,
        env_id=body.metadata.env_id,
        name=body.metadata.name,
        modules=body.modules.model_dump(),
        shared=tuple(body.shared),
    )
    outcome = await _submit(request, command, key=c.app_key(m["org_id"], m["app_id"]), aggregate_id=delta_id)
    if not outcome.settled:
        return _accepted(request, outcome)
    return web.json_response(await _deps(request).queries.delta(m["org_id"], m["app_id"], delta_id), status=200)


async def get_delta(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await _deps(request).queries.delta(m["org_id"], m["app_id"], m["delta_id"]))


async def get_set(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await _deps(request).queries.deployment_set(m["org_id"], m["app_id"], m["set_id"]))


# -- deployments -----------------------------------------------------------------------------------


async def create_deployment(request: web.Request) -> web.Response:
    m = request.match_info
    body = await _body(request, r.DeploymentBody)
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
    outcome = await _submit(request, command, key=key, aggregate_id=deploy_id)
    if not outcome.settled:
        return _accepted(request, outcome)
    deployment = await _deps(request).queries.deployment(m["org_id"], m["app_id"], m["env_id"], deploy_id)
    return web.json_response(deployment, status=201)


async def list_deployments(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await _deps(request).queries.deployments(m["org_id"], m["app_id"], m["env_id"]))


async def get_deployment(request: web.Request) -> web.Response:
    m = request.match_info
    q = _deps(request).queries
    return web.json_response(await q.deployment(m["org_id"], m["app_id"], m["env_id"], m["deploy_id"]))


async def get_deployment_errors(request: web.Request) -> web.Response:
    m = request.match_info
    q = _deps(request).queries
    return web.json_response(await q.deployment_errors(m["org_id"], m["app_id"], m["env_id"], m["deploy_id"]))


async def get_command(request: web.Request) -> web.Response:
    status = await _deps(request).bus.status(request.match_info["command_id"])
    if status is None:
        raise NotFound(
            "Command not found (it may not be decided yet).", details={"id": request.match_info["command_id"]}
        )
    return web.json_response(status)


def routes() -> list[web.RouteDef]:
    app = "/orgs/{org_id}/apps/{app_id}"
    env = f"{app}/envs/{{env_id}}"
    return [
        web.post("/orgs", create_org),
        web.get("/orgs", list_orgs),
        web.get("/orgs/{org_id}", get_org),
        web.get("/orgs/{org_id}/commands/{command_id}", get_command),
        web.post("/orgs/{org_id}/apps", create_app),
        web.get("/orgs/{org_id}/apps", list_apps),
        web.get(app, get_app),
        web.get(f"{app}/envs", list_envs),
        web.get(env, get_env),
        web.post("/orgs/{org_id}/resources/defs", create_definition),
        web.get("/orgs/{org_id}/resources/defs", list_definitions),
        web.get("/orgs/{org_id}/resources/defs/{def_id}", get_definition),
        web.post(f"{app}/deltas", create_delta),
        web.get(f"{app}/deltas/{{delta_id}}", get_delta),
        web.get(f"{app}/sets/{{set_id}}", get_set),
        web.post(f"{env}/deploys", create_deployment),
        web.get(f"{env}/deploys", list_deployments),
        web.get(f"{env}/deploys/{{deploy_id}}", get_deployment),
        web.get(f"{env}/deploys/{{deploy_id}}/errors", get_deployment_errors),
    ]


def create_web_app(deps: ApiDeps, *, extra_routes: list[web.RouteDef], max_body_bytes: int) -> web.Application:
    app = web.Application(middlewares=[trace_id_middleware, errors_middleware], client_max_size=max_body_bytes)
    app[DEPS] = deps
    app.add_routes([*routes(), *extra_routes])
    return app
