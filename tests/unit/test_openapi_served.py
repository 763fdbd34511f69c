"""The API serves its OpenAPI document and a readable page of it, built when the app is built."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from html import escape
from typing import cast

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from orch_api.entrypoints.endpoints import ApiDeps
from orch_api.entrypoints.http import create_web_app
from orch_api.entrypoints.openapi import openapi_document
from orch_api.entrypoints.routes import all_endpoints
from orch_api.service_layer.command_bus import CommandBus
from shared.postgres import Pool


@pytest.fixture
async def client() -> AsyncIterator[TestClient[web.Request, web.Application]]:
    # Neither route touches the bus or the database.
    deps = ApiDeps(bus=cast("CommandBus", None), pool=cast("Pool", None))
    app = create_web_app(deps, extra_routes=[], max_body_bytes=1024)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def test_openapi_json_is_the_document_of_every_endpoint(client: TestClient[web.Request, web.Application]) -> None:
    response = await client.get("/openapi.json")

    served = json.loads(await response.text())
    assert (200, "application/json") == (response.status, response.content_type)
    assert openapi_document(all_endpoints(), version=served["info"]["version"]) == served


async def test_docs_is_an_html_page_showing_every_operation(client: TestClient[web.Request, web.Application]) -> None:
    document = await (await client.get("/openapi.json")).json()

    response = await client.get("/docs")

    page = await response.text()
    assert (200, "text/html") == (response.status, response.content_type)
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert [] == [i for i in ids if f'<section class="op" id="op-{escape(i)}">' not in page]
    assert "http://" not in page
    assert "https://" not in page
