"""Deltas and deployment sets."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web
from pydantic import Field

from orch_api.adapters.queries import deltas as q
from orch_api.entrypoints.endpoints import Endpoint, accepted, deps, read_body, submit
from orch_api.entrypoints.requests import Body, Id
from shared import contracts as c


class DeltaMetadataBody(Body):
    env_id: Id | None = None
    name: str | None = Field(default=None, max_length=500)


class ModulesBody(Body):
    add: dict[str, dict[str, Any]] = Field(default_factory=dict)
    remove: list[str] = Field(default_factory=list)
    update: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)


class DeltaBody(Body):
    id: str | None = None
    """Ignored on create, as in Humanitec: the server makes the id."""
    metadata: DeltaMetadataBody = Field(default_factory=DeltaMetadataBody)
    modules: ModulesBody = Field(default_factory=ModulesBody)
    shared: list[dict[str, Any]] = Field(default_factory=list)


async def create_delta(request: web.Request) -> web.Response:
    m = request.match_info
    body = await read_body(request, DeltaBody)
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
    outcome = await submit(request, command, key=c.app_key(m["org_id"], m["app_id"]), aggregate_id=delta_id)
    if not outcome.settled:
        return accepted(request, outcome)
    return web.json_response(await q.delta(deps(request).pool, m["org_id"], m["app_id"], delta_id), status=200)


async def get_delta(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.delta(deps(request).pool, m["org_id"], m["app_id"], m["delta_id"]))


async def get_set(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.deployment_set(deps(request).pool, m["org_id"], m["app_id"], m["set_id"]))


_APP = "/orgs/{org_id}/apps/{app_id}"
ENDPOINTS = [
    Endpoint(
        "POST",
        f"{_APP}/deltas",
        create_delta,
        "Create a delta",
        "Deltas",
        DeltaBody,
        errors=(400, 404, 422),
    ),
    Endpoint(
        "GET",
        f"{_APP}/deltas/{{delta_id}}",
        get_delta,
        "Get a delta",
        "Deltas",
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_APP}/sets/{{set_id}}",
        get_set,
        "Get a deployment set",
        "Deployment sets",
        errors=(404,),
    ),
]
