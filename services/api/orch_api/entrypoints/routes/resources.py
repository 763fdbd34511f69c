"""Resource definitions (and later types, classes, drivers, active resources)."""

from __future__ import annotations

from typing import Annotated, Any

from aiohttp import web
from pydantic import Field, StringConstraints

from orch_api.adapters.queries import resources as q
from orch_api.entrypoints.endpoints import Endpoint, accepted, deps, read_body, submit
from orch_api.entrypoints.requests import Body, DefId, Id, Name, TypeId
from shared import contracts as c


class CriterionBody(Body):
    app_id: Id | None = None
    env_id: Id | None = None
    env_type: Id | None = None
    res_id: str | None = Field(default=None, max_length=300)
    class_: str = Field(default="default", alias="class", max_length=100)


class DriverInputsBody(Body):
    values: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, Any] = Field(default_factory=dict)


class DefinitionBody(Body):
    id: DefId
    name: Name
    type: TypeId
    driver_type: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    driver_inputs: DriverInputsBody = Field(default_factory=DriverInputsBody)
    criteria: list[CriterionBody] = Field(default_factory=list, max_length=100)


def _criterion_id(def_id: str, index: int) -> str:
    return f"{def_id}-{index}"


async def create_definition(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await read_body(request, DefinitionBody)
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
    outcome = await submit(
        request, c.CreateResourceDefinition(org_id=org_id, definition=spec), key=org_id, aggregate_id=body.id
    )
    if not outcome.settled:
        return accepted(request, outcome)
    return web.json_response(await q.definition(deps(request).pool, org_id, body.id), status=200)


async def list_definitions(request: web.Request) -> web.Response:
    return web.json_response(await q.definitions(deps(request).pool, request.match_info["org_id"]))


async def get_definition(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.definition(deps(request).pool, m["org_id"], m["def_id"]))


_DEFS = "/orgs/{org_id}/resources/defs"
ENDPOINTS = [
    Endpoint(
        "POST",
        _DEFS,
        create_definition,
        "Create a resource definition",
        "Resource definitions",
        DefinitionBody,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "GET",
        _DEFS,
        list_definitions,
        "List resource definitions",
        "Resource definitions",
    ),
    Endpoint(
        "GET", f"{_DEFS}/{{def_id}}", get_definition, "Get a resource definition", "Resource definitions", errors=(404,)
    ),
]
