"""The API describing itself: the OpenAPI document and a page to read it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata

from aiohttp import web

from orch_api.entrypoints.docs_page import render_docs_page
from orch_api.entrypoints.endpoints import Endpoint
from orch_api.entrypoints.openapi import REFERENCE_TAG, openapi_document

DISTRIBUTION = "platform-orchestrator"


@dataclass(frozen=True)
class ApiReference:
    """The document and the page, rendered once when the application is built."""

    document: str
    page: str


API_REFERENCE = web.AppKey("api_reference", ApiReference)


def api_reference(endpoints: Iterable[Endpoint]) -> ApiReference:
    document = openapi_document(endpoints, version=_version())
    return ApiReference(document=json.dumps(document, indent=2), page=render_docs_page(document))


def _version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


async def get_openapi(request: web.Request) -> web.Response:
    return web.Response(text=request.app[API_REFERENCE].document, content_type="application/json")


async def get_docs(request: web.Request) -> web.Response:
    return web.Response(text=request.app[API_REFERENCE].page, content_type="text/html")


ENDPOINTS = [
    Endpoint("GET", "/openapi.json", get_openapi, "The OpenAPI 3.1 document", REFERENCE_TAG),
    Endpoint("GET", "/docs", get_docs, "A readable reference of the API", REFERENCE_TAG),
]
