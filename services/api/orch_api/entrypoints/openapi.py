"""The OpenAPI 3.1 document of the API, generated from the ``Endpoint`` descriptions.

Built once, when the web application is created (not at import time, so every area's endpoints
are there), from the same descriptions the routes come from: the document cannot drift from the
routes, and the fuzz test checks the handlers against it. Schemas come from pydantic's JSON
Schema generation (JSON Schema 2020-12, the dialect of OpenAPI 3.1), all of them in one pass so
a model used by several operations is one component.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import JsonSchemaMode

from orch_api.entrypoints.endpoints import Endpoint
from orch_api.entrypoints.requests import DefId, Id, TypeId
from orch_api.entrypoints.responses import CommandAccepted, ErrorResponse

OPENAPI_VERSION = "3.1.0"
TITLE = "Platform Orchestrator API"
REF_TEMPLATE = "#/components/schemas/{model}"
REFERENCE_TAG = "API reference"
"""Endpoints with this tag serve the document itself; like FastAPI's, they are left out of it."""

PATH_PARAMETER_TYPES: dict[str, Any] = {
    "org_id": Id,
    "app_id": Id,
    "env_id": Id,
    "env_type_id": Id,
    "def_id": DefId,
    "type_id": TypeId,
}
"""Path parameters that are ids a client chose, with the patterns their request bodies use.
Other parameters (ids the server made) are any string: an unknown one is a 404."""

ERROR_DESCRIPTIONS = {
    400: "The request body does not validate; `details.errors` lists each field path.",
    403: "The object is built in: it cannot be changed through the API.",
    404: "The object, or one it belongs to, does not exist.",
    409: "A conflict: the id exists already, or something is in the way.",
    413: "The request body is larger than the API accepts.",
    422: "The request body is not JSON, or not a value this operation can process.",
    503: "Kafka or PostgreSQL cannot be reached right now; nothing was accepted.",
}
ALWAYS = (503,)
"""Statuses any operation can answer."""
WITH_BODY = (400, 413, 422)
"""Statuses any operation with a request body can answer."""
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Every write is a command, which answers 202 when its outcome takes longer than the wait."""

_PARAMETER = re.compile(r"\{([^{}:]+)(?::[^{}]*)?\}")
Schemas = dict[tuple[Any, JsonSchemaMode], Any]
"""JSON schemas by (what, mode): ``("error", "serialization")``, ``(("body", index), "validation")``..."""


def openapi_document(endpoints: Iterable[Endpoint], *, version: str) -> dict[str, Any]:
    documented = [e for e in endpoints if e.tag != REFERENCE_TAG]
    schemas, components = _json_schemas(documented)
    paths: dict[str, dict[str, Any]] = {}
    for index, (endpoint, operation_id) in enumerate(zip(documented, _operation_ids(documented), strict=True)):
        path = _PARAMETER.sub(r"{\1}", endpoint.path)
        paths.setdefault(path, {})[endpoint.method.lower()] = _operation(index, endpoint, operation_id, schemas)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": TITLE,
            "version": version,
            "summary": "A Humanitec-compatible Platform Orchestrator.",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "tags": [{"name": tag} for tag in dict.fromkeys(e.tag for e in documented)],
        "paths": paths,
        "components": {"schemas": components, "responses": _error_responses(documented, schemas)},
    }


def path_parameters(path: str) -> list[str]:
    return _PARAMETER.findall(path)


def _json_schemas(endpoints: Sequence[Endpoint]) -> tuple[Schemas, dict[str, Any]]:
    """Every schema the document needs, keyed by (what, mode), and the components they refer to."""
    inputs: list[tuple[Any, JsonSchemaMode, TypeAdapter[Any]]] = [
        ("error", "serialization", TypeAdapter(ErrorResponse)),
        ("accepted", "serialization", TypeAdapter(CommandAccepted)),
    ]
    inputs += [(("param", n), "validation", TypeAdapter(t)) for n, t in PATH_PARAMETER_TYPES.items()]
    for index, endpoint in enumerate(endpoints):
        if endpoint.body is not None:
            inputs.append((("body", index), "validation", TypeAdapter(endpoint.body)))
        if endpoint.response is not None:
            inputs.append((("response", index), "serialization", TypeAdapter(endpoint.response)))
    schemas, definitions = TypeAdapter.json_schemas(inputs, ref_template=REF_TEMPLATE)
    return schemas, definitions.get("$defs", {})


def _operation_ids(endpoints: Sequence[Endpoint]) -> list[str]:
    """The handlers' names; one handler serving several operations gets the method appended."""
    names = [e.handler.__name__ for e in endpoints]
    return [n if names.count(n) == 1 else f"{n}_{e.method.lower()}" for n, e in zip(names, endpoints, strict=True)]


def _operation(index: int, endpoint: Endpoint, operation_id: str, schemas: Schemas) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": endpoint.summary,
        "tags": [endpoint.tag],
    }
    parameters = [_path_parameter(name, schemas) for name in path_parameters(endpoint.path)]
    parameters += _query_parameters(endpoint)
    if parameters:
        operation["parameters"] = parameters
    if endpoint.body is not None:
        body = schemas[("body", index), "validation"]
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    operation["responses"] = _responses(index, endpoint, schemas)
    return operation


def _query_parameters(endpoint: Endpoint) -> list[dict[str, Any]]:
    if endpoint.query is None:
        return []
    schema = endpoint.query.model_json_schema(by_alias=True)
    required = set(schema.get("required", ()))
    return [
        {"name": name, "in": "query", "required": name in required, "schema": _plain(prop)}
        for name, prop in schema.get("properties", {}).items()
    ]


def _plain(prop: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's schema: an optional one is simply absent, never ``null``."""
    options = [o for o in prop.get("anyOf", ()) if o != {"type": "null"}]
    base = options[0] if len(options) == 1 else prop
    return {k: v for k, v in base.items() if k not in ("title", "anyOf", "default")}


def _path_parameter(name: str, schemas: Schemas) -> dict[str, Any]:
    schema = schemas.get((("param", name), "validation"), {"type": "string"})
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _responses(index: int, endpoint: Endpoint, schemas: Schemas) -> dict[str, Any]:
    success: dict[str, Any] = {"description": HTTPStatus(endpoint.status).phrase}
    if endpoint.response is not None:
        success["content"] = _json(schemas[("response", index), "serialization"])
    responses: dict[str, Any] = {str(endpoint.status): success}
    if endpoint.method in WRITES:
        responses["202"] = {
            "description": "The command is durable, but its outcome was not seen in time: follow `location`.",
            "headers": {"Location": {"schema": {"type": "string"}, "description": "The command's outcome."}},
            "content": _json(schemas["accepted", "serialization"]),
        }
    for status in _error_statuses(endpoint):
        responses[str(status)] = {"$ref": f"#/components/responses/{_error_name(status)}"}
    return responses


def _error_statuses(endpoint: Endpoint) -> list[int]:
    statuses = {*endpoint.errors, *ALWAYS, *(WITH_BODY if endpoint.body is not None else ())}
    return sorted(statuses)


def _error_responses(endpoints: Sequence[Endpoint], schemas: Schemas) -> dict[str, Any]:
    """One shared response per error status, all with the one error schema."""
    statuses = sorted({status for e in endpoints for status in _error_statuses(e)})
    error = schemas["error", "serialization"]
    return {
        _error_name(status): {
            "description": ERROR_DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
            "content": _json(error),
        }
        for status in statuses
    }


def _error_name(status: int) -> str:
    return "".join(word.capitalize() for word in re.split(r"[\s-]+", HTTPStatus(status).phrase))


def _json(schema: Any) -> dict[str, Any]:  # noqa: ANN401 - any JSON schema
    return {"application/json": {"schema": schema}}
