"""The API's error middleware: every failure leaves as ``{error, message, details}``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from pydantic import BaseModel

from orch_api.entrypoints.middleware import errors_middleware
from shared.errors import (
    CommandTimeout,
    Conflict,
    DependencyUnavailable,
    DomainError,
    InvalidInput,
    NotFound,
    OrchestratorError,
)


class QuotaExceeded(DomainError):
    code = "API-422"
    http_status = 422


class Item(BaseModel):
    size: int


class Body(BaseModel):
    name: str
    items: list[Item]


def raising(exc: Exception) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handler(_: web.Request) -> web.StreamResponse:
        raise exc

    return handler


async def invalid_body(_: web.Request) -> web.StreamResponse:
    Body.model_validate({"items": [{"size": 1}, {"size": "big"}]})
    return web.Response(status=204)


async def fine(_: web.Request) -> web.StreamResponse:
    return web.json_response({"ok": True}, status=201)


@asynccontextmanager
async def serving(*routes: web.RouteDef) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = web.Application(middlewares=[errors_middleware])
    app.add_routes(list(routes))
    async with TestClient(TestServer(app)) as client:
        yield client


class TestErrorsMiddleware:
    @pytest.mark.parametrize(
        ("error", "status", "code"),
        [
            (Conflict("It exists.", details={"app_id": "shop"}), 409, "API-409"),
            (NotFound("It is not there.", details={"app_id": "shop"}), 404, "API-404"),
            (InvalidInput("It makes no sense.", details={"field": "x"}), 400, "API-400"),
            (QuotaExceeded("Too many.", details={"limit": 3}), 422, "API-422"),
            (DependencyUnavailable("Kafka is down.", details={}), 503, "API-503"),
            (CommandTimeout("Accepted, outcome unknown.", details={"command_id": "c1"}), 504, "API-504"),
        ],
        ids=lambda v: type(v).__name__ if isinstance(v, Exception) else str(v),
    )
    async def test_an_orchestrator_error_keeps_its_status_and_shape(
        self, error: OrchestratorError, status: int, code: str
    ) -> None:
        async with serving(web.get("/", raising(error))) as client:
            resp = await client.get("/")

            assert resp.status == status
            assert await resp.json() == {"error": code, "message": error.message, "details": error.details}

    async def test_an_error_without_details_has_empty_details(self) -> None:
        async with serving(web.get("/", raising(NotFound("Gone.")))) as client:
            resp = await client.get("/")

            assert await resp.json() == {"error": "API-404", "message": "Gone.", "details": {}}

    async def test_a_validation_error_is_a_400_naming_each_path(self) -> None:
        async with serving(web.post("/", invalid_body)) as client:
            resp = await client.post("/")
            body = await resp.json()

            assert resp.status == 400
            assert (body["error"], body["message"]) == ("API-400", "The request body is not valid.")
            assert [e["path"] for e in body["details"]["errors"]] == ["name", "items.1.size"]
            assert [e["type"] for e in body["details"]["errors"]] == ["missing", "int_parsing"]

    async def test_an_unexpected_exception_is_a_500_of_the_same_shape_without_internals(self) -> None:
        async with serving(web.get("/", raising(RuntimeError("password=hunter2")))) as client:
            resp = await client.get("/")
            text = await resp.text()

            assert resp.status == 500
            assert await resp.json() == {
                "error": "API-500",
                "message": "Internal error; the request's effect, if any, is durable.",
                "details": {},
            }
            assert "hunter2" not in text

    async def test_an_unknown_route_is_a_404_of_the_same_shape(self) -> None:
        async with serving(web.get("/", fine)) as client:
            resp = await client.get("/nowhere")

            assert resp.status == 404
            assert await resp.json() == {"error": "API-404", "message": "Not Found", "details": {}}

    async def test_a_wrong_method_is_a_405_of_the_same_shape(self) -> None:
        async with serving(web.get("/", fine)) as client:
            resp = await client.delete("/")

            assert resp.status == 405
            assert (await resp.json())["error"] == "API-405"

    async def test_a_successful_response_passes_through(self) -> None:
        async with serving(web.get("/", fine)) as client:
            resp = await client.get("/")

            assert resp.status == 201
            assert await resp.json() == {"ok": True}
