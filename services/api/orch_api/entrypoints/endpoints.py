"""What every route module shares: the ``Endpoint`` description (the source of the routes and of
the OpenAPI document), the dependencies, reading bodies, submitting commands."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel

from orch_api.service_layer.command_bus import CommandBus, CommandOutcome
from shared.crypto import SecretBox
from shared.errors import InvalidInput
from shared.messages import Command
from shared.postgres import Pool

B = TypeVar("B", bound=BaseModel)
HandlerFn = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class ApiDeps:
    bus: CommandBus
    pool: Pool
    actor: str = "anonymous"
    secrets: SecretBox | None = None
    """Seals secret values before they enter a command; ``None`` when no keys are configured."""


DEPS = web.AppKey("deps", ApiDeps)


@dataclass(frozen=True)
class Endpoint:
    """One operation of the API: its route, and what the OpenAPI document says about it."""

    method: str
    path: str
    handler: HandlerFn
    summary: str
    tag: str
    body: type[BaseModel] | None = None
    response: Any = None
    """A pydantic model or a type such as ``list[Model]``; ``None`` when there is no body."""
    status: int = 200
    errors: tuple[int, ...] = ()
    query: type[BaseModel] | None = None
    """The query parameters the handler reads, described for the document (the handler parses them)."""

    def route(self) -> web.RouteDef:
        return web.route(self.method, self.path, self.handler)


def deps(request: web.Request) -> ApiDeps:
    return request.app[DEPS]


class UnprocessableBody(InvalidInput):
    code = "API-422"
    http_status = 422


async def read_json(request: web.Request) -> Any:  # noqa: ANN401 - any JSON value
    try:
        return await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UnprocessableBody("The request body is not valid JSON.", details={"reason": str(exc)}) from exc


async def read_body(request: web.Request, model: type[B]) -> B:
    raw = await read_json(request)
    if not isinstance(raw, dict):
        raise InvalidInput("The request body must be a JSON object.")
    return model.model_validate(raw)


async def submit(request: web.Request, command: Command, *, key: str, aggregate_id: str) -> CommandOutcome:
    d = deps(request)
    return await d.bus.submit(command, key=key, aggregate_id=aggregate_id, actor=d.actor)


async def submit_or_accepted(
    request: web.Request, command: Command, *, key: str, aggregate_id: str
) -> web.Response | None:
    """Submit ``command``: ``None`` once it is decided and projected (the caller answers with what
    a read now returns), else the 202 that says where its outcome will be."""
    outcome = await submit(request, command, key=key, aggregate_id=aggregate_id)
    return None if outcome.settled else accepted(request, outcome)


def accepted(request: web.Request, outcome: CommandOutcome) -> web.Response:
    """202 for a durable command whose outcome the API did not see in time."""
    org = request.match_info.get("org_id", "_")
    location = f"/orgs/{org}/commands/{outcome.command_id}"
    return web.json_response(
        {"status": "accepted", "command_id": outcome.command_id, "location": location},
        status=202,
        headers={"Location": location},
    )
