"""The outcome of a command whose write answered 202."""

from __future__ import annotations

from typing import Any, Literal

from aiohttp import web
from pydantic import Field

from orch_api.entrypoints.endpoints import Endpoint, deps
from orch_api.entrypoints.responses import ErrorResponse, Response
from shared.errors import NotFound


class CommandStatus(Response):
    id: str
    status: Literal["accepted", "completed", "rejected"] = Field(
        description="`accepted`: decided, not yet readable; `completed`: readable; `rejected`: see `error`."
    )
    error: ErrorResponse | None = Field(description="Why the command was rejected; `null` otherwise.")
    result: dict[str, Any] = Field(description="The first event's type and the ids it made, if any.")


async def get_command(request: web.Request) -> web.Response:
    status = await deps(request).bus.status(request.match_info["command_id"])
    if status is None:
        raise NotFound(
            "Command not found (it may not be decided yet).", details={"id": request.match_info["command_id"]}
        )
    return web.json_response(status)


ENDPOINTS = [
    Endpoint(
        "GET",
        "/orgs/{org_id}/commands/{command_id}",
        get_command,
        "Get a command's outcome",
        "Commands",
        response=CommandStatus,
        errors=(404,),
    ),
]
