"""The outcome of a command whose write answered 202."""

from __future__ import annotations

from aiohttp import web

from orch_api.entrypoints.endpoints import Endpoint, deps
from shared.errors import NotFound


async def get_command(request: web.Request) -> web.Response:
    status = await deps(request).bus.status(request.match_info["command_id"])
    if status is None:
        raise NotFound(
            "Command not found (it may not be decided yet).", details={"id": request.match_info["command_id"]}
        )
    return web.json_response(status)


ENDPOINTS = [
    Endpoint(
        "GET", "/orgs/{org_id}/commands/{command_id}", get_command, "Get a command's outcome", "Commands", errors=(404,)
    ),
]
