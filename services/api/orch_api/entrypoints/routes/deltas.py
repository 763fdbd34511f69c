"""Deltas: create, read, list, merge into (``PATCH``), replace (``PUT``), and their metadata."""

from __future__ import annotations

import secrets
from typing import TypeVar

from aiohttp import web
from pydantic import BaseModel

from orch_api.adapters.queries import deltas as q
from orch_api.entrypoints.endpoints import Endpoint, deps, read_body, read_json, submit_or_accepted
from orch_api.entrypoints.queries import DeltaListQuery
from orch_api.entrypoints.routes import sets
from orch_api.entrypoints.routes.delta_schemas import (
    ArchivedBody,
    Delta,
    DeltaBody,
    DeltaPatches,
    EnvIdBody,
    NameBody,
)
from shared import contracts as c
from shared.contracts import deltas as cd
from shared.errors import InvalidInput
from shared.messages import Command

R = TypeVar("R", bound=BaseModel)


async def create_delta(request: web.Request) -> web.StreamResponse:
    m = request.match_info
    body = await read_body(request, DeltaBody)
    delta_id = secrets.token_hex(20)
    content = body.content()
    command = cd.CreateDelta(
        org_id=m["org_id"],
        app_id=m["app_id"],
        delta_id=delta_id,
        env_id=body.metadata.env_id,
        name=body.metadata.name,
        modules=content.modules,
        shared=content.shared,
    )
    if waiting := await submit_or_accepted(
        request, command, key=c.app_key(m["org_id"], m["app_id"]), aggregate_id=delta_id
    ):
        return waiting
    return web.json_response(await q.delta(deps(request).pool, m["org_id"], m["app_id"], delta_id))


async def get_delta(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.delta(deps(request).pool, m["org_id"], m["app_id"], m["delta_id"]))


async def list_deltas(request: web.Request) -> web.Response:
    m = request.match_info
    archived = request.query.get("archived", "false").lower()
    if archived not in ("true", "false"):
        raise InvalidInput("Query parameter 'archived' must be 'true' or 'false'.", details={"archived": archived})
    found = await q.deltas(
        deps(request).pool, m["org_id"], m["app_id"], env_id=request.query.get("env"), archived=archived == "true"
    )
    return web.json_response(found)


async def patch_delta(request: web.Request) -> web.StreamResponse:
    m = request.match_info
    raw = await read_json(request)
    if not isinstance(raw, list):
        raise InvalidInput("The request body must be a JSON array of deltas.")
    patches = DeltaPatches.model_validate(raw).root
    command = cd.UpdateDelta(
        org_id=m["org_id"], app_id=m["app_id"], delta_id=m["delta_id"], patches=tuple(p.patch() for p in patches)
    )
    if waiting := await submit_or_accepted(
        request, command, key=c.app_key(m["org_id"], m["app_id"]), aggregate_id=m["delta_id"]
    ):
        return waiting
    return web.json_response(await q.delta(deps(request).pool, m["org_id"], m["app_id"], m["delta_id"]))


async def put_delta(request: web.Request) -> web.StreamResponse:
    m = request.match_info
    body = await read_body(request, DeltaBody)
    command = cd.ReplaceDelta(org_id=m["org_id"], app_id=m["app_id"], delta_id=m["delta_id"], content=body.content())
    return await _no_content(request, command)


async def put_archived(request: web.Request) -> web.StreamResponse:
    m = request.match_info
    archived = (await _root_body(request, ArchivedBody)).root
    command = cd.ArchiveDelta(org_id=m["org_id"], app_id=m["app_id"], delta_id=m["delta_id"], archived=archived)
    return await _no_content(request, command)


async def put_env_id(request: web.Request) -> web.StreamResponse:
    m = request.match_info
    env_id = (await _root_body(request, EnvIdBody)).root
    command = cd.ChangeDeltaEnv(org_id=m["org_id"], app_id=m["app_id"], delta_id=m["delta_id"], env_id=env_id)
    return await _no_content(request, command)


async def put_name(request: web.Request) -> web.StreamResponse:
    m = request.match_info
    name = (await _root_body(request, NameBody)).root
    command = cd.RenameDelta(org_id=m["org_id"], app_id=m["app_id"], delta_id=m["delta_id"], name=name)
    return await _no_content(request, command)


async def _root_body(request: web.Request, model: type[R]) -> R:
    """A body that is a bare JSON value (a string, a boolean), as these Humanitec endpoints take."""
    return model.model_validate(await read_json(request))


async def _no_content(request: web.Request, command: Command) -> web.StreamResponse:
    m = request.match_info
    if waiting := await submit_or_accepted(
        request, command, key=c.app_key(m["org_id"], m["app_id"]), aggregate_id=m["delta_id"]
    ):
        return waiting
    return web.Response(status=204)


_APP = "/orgs/{org_id}/apps/{app_id}"
_DELTA = f"{_APP}/deltas/{{delta_id}}"
ENDPOINTS = [
    Endpoint(
        "GET",
        f"{_APP}/deltas",
        list_deltas,
        "List deltas, newest first (`?env=` one environment's, `?archived=true` the archived ones)",
        "Deltas",
        response=list[Delta],
        errors=(400, 404),
        query=DeltaListQuery,
    ),
    Endpoint(
        "POST",
        f"{_APP}/deltas",
        create_delta,
        "Create a delta",
        "Deltas",
        DeltaBody,
        response=Delta,
        errors=(400, 404, 422),
    ),
    Endpoint("GET", _DELTA, get_delta, "Get a delta", "Deltas", response=Delta, errors=(404,)),
    Endpoint(
        "PATCH",
        _DELTA,
        patch_delta,
        "Merge an array of deltas into a delta, in order",
        "Deltas",
        DeltaPatches,
        response=Delta,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "PUT",
        _DELTA,
        put_delta,
        "Replace a delta's content",
        "Deltas",
        DeltaBody,
        status=204,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "PUT",
        f"{_DELTA}/metadata/archived",
        put_archived,
        "Archive (`true`) or unarchive (`false`) a delta",
        "Deltas",
        ArchivedBody,
        status=204,
        errors=(400, 404, 422),
    ),
    Endpoint(
        "PUT",
        f"{_DELTA}/metadata/env_id",
        put_env_id,
        "Change the environment a delta is meant for",
        "Deltas",
        EnvIdBody,
        status=204,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "PUT",
        f"{_DELTA}/metadata/name",
        put_name,
        "Rename a delta",
        "Deltas",
        NameBody,
        status=204,
        errors=(400, 404, 409, 422),
    ),
    *sets.ENDPOINTS,
]
