"""A small SDK for drivers: subclass ``Driver``, implement ``provision`` (and ``deprovision``),
and ``create_app`` serves the Driver API: ``PUT /{guresid}``, ``DELETE /{guresid}``, ``GET``
answering 405, errors as ``{error, message}``, driver cookies in and out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

GURESID = re.compile(r"^[a-z0-9][a-z0-9-]+[a-z0-9]$")
COOKIE_IN = "Humanitec-Driver-Cookie"
COOKIE_OUT = "Set-Humanitec-Driver-Cookie"


@dataclass(frozen=True)
class DriverRequest:
    guresid: str
    type: str
    resource: dict[str, Any]
    values: dict[str, Any]
    secrets: dict[str, Any]
    cookie: str | None


@dataclass(frozen=True)
class DriverResult:
    values: dict[str, Any] = field(default_factory=dict)
    secrets: dict[str, Any] = field(default_factory=dict)
    manifests: list[dict[str, Any]] = field(default_factory=list)
    cookie: str | None = None


class DriverError(Exception):
    """An unrecoverable problem with the request: answered 400 with a RES-1xx code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Driver:
    async def provision(self, request: DriverRequest) -> DriverResult:
        raise NotImplementedError

    async def deprovision(self, guresid: str, cookie: str | None) -> None:  # noqa: ARG002
        return None


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status)


def _parse_put(guresid: str, body: Any, cookie: str | None) -> DriverRequest:  # noqa: ANN401
    if not isinstance(body, dict) or not isinstance(body.get("type"), str):
        raise DriverError("RES-100", "the body must be an object with a string 'type'")
    driver = _object(body.get("driver"), "driver")
    return DriverRequest(
        guresid=guresid,
        type=body["type"],
        resource=_object(body.get("resource"), "resource"),
        values=_object(driver.get("values"), "driver.values"),
        secrets=_object(driver.get("secrets"), "driver.secrets"),
        cookie=cookie,
    )


def _object(value: Any, where: str) -> dict[str, Any]:  # noqa: ANN401 - checked here
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DriverError("RES-100", f"'{where}' must be an object")
    return dict(value)


def create_app(driver: Driver) -> web.Application:
    async def put(request: web.Request) -> web.Response:
        guresid = request.match_info["guresid"]
        if not GURESID.fullmatch(guresid):
            return _error(400, "RES-100", f"invalid GUResID '{guresid}'")
        try:
            body = await request.json()
            result = await driver.provision(_parse_put(guresid, body, request.headers.get(COOKIE_IN)))
        except json.JSONDecodeError:
            return _error(400, "RES-100", "the body is not valid JSON")
        except DriverError as exc:
            return _error(400, exc.code, exc.message)
        payload = {
            "id": guresid,
            "type": body["type"],
            "resource": {"values": result.values, "secrets": result.secrets},
            "manifests": result.manifests,
        }
        headers = {COOKIE_OUT: result.cookie} if result.cookie is not None else {}
        return web.json_response(payload, headers=headers)

    async def delete(request: web.Request) -> web.Response:
        guresid = request.match_info["guresid"]
        if not GURESID.fullmatch(guresid):
            return _error(400, "RES-100", f"invalid GUResID '{guresid}'")
        await driver.deprovision(guresid, request.headers.get(COOKIE_IN))
        return web.Response(status=204)

    async def get(_: web.Request) -> web.Response:
        return web.Response(status=405)

    app = web.Application()
    app.add_routes([web.put("/{guresid}", put), web.delete("/{guresid}", delete), web.get("/{guresid}", get)])
    return app
