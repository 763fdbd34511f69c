"""The OpenAPI 3.1 document generated from ``Endpoint`` descriptions."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from openapi_spec_validator import validate

from orch_api.entrypoints.endpoints import Endpoint
from orch_api.entrypoints.openapi import REFERENCE_TAG, openapi_document
from orch_api.entrypoints.requests import Body, Id
from orch_api.entrypoints.responses import Response
from orch_api.entrypoints.routes import all_endpoints


class Widget(Response):
    id: str
    parts: list[Part]


class Part(Response):
    name: str


class WidgetBody(Body):
    id: Id


async def create_widget(_: web.Request) -> web.Response:
    return web.json_response({})


async def get_widget(_: web.Request) -> web.Response:
    return web.json_response({})


async def list_widgets(_: web.Request) -> web.Response:
    return web.json_response([])


Widget.model_rebuild()
WIDGETS = [
    Endpoint(
        "POST",
        "/orgs/{org_id}/widgets",
        create_widget,
        "Create a widget",
        "Widgets",
        WidgetBody,
        Widget,
        201,
        (400, 409),
    ),
    Endpoint("GET", "/orgs/{org_id}/widgets", list_widgets, "List widgets", "Widgets", response=list[Widget]),
    Endpoint(
        "GET",
        "/orgs/{org_id}/widgets/{widget_id:[0-9]+}",
        get_widget,
        "Get a widget",
        "Widgets",
        response=Widget,
        errors=(404,),
    ),
]


def widgets_document(endpoints: list[Endpoint] | None = None) -> dict[str, Any]:
    return openapi_document(WIDGETS if endpoints is None else endpoints, version="1.2.3")


def operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"][path][method]
    return found


class TestTheApisDocument:
    def test_is_a_valid_openapi_3_1_document(self) -> None:
        document = openapi_document(all_endpoints(), version="0.1.0")

        validate(document)
        assert "3.1.0" == document["openapi"]

    def test_describes_every_endpoint_but_its_own_reference(self) -> None:
        document = openapi_document(all_endpoints(), version="0.1.0")

        described = {(m.upper(), p) for p, item in document["paths"].items() for m in item}
        expected = {(e.method, e.path) for e in all_endpoints() if e.tag != REFERENCE_TAG}
        assert expected == described

    def test_operation_ids_are_unique(self) -> None:
        document = openapi_document(all_endpoints(), version="0.1.0")

        ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
        assert len(ids) == len(set(ids))


class TestOperations:
    def test_carry_summary_tag_and_info(self) -> None:
        document = widgets_document()

        created = operation(document, "post", "/orgs/{org_id}/widgets")
        assert ("Create a widget", ["Widgets"], "create_widget") == (
            created["summary"],
            created["tags"],
            created["operationId"],
        )
        assert ("Platform Orchestrator API", "1.2.3") == (document["info"]["title"], document["info"]["version"])
        assert [{"name": "Widgets"}] == document["tags"]

    def test_path_parameters_come_from_the_path_and_ids_have_their_pattern(self) -> None:
        got = operation(widgets_document(), "get", "/orgs/{org_id}/widgets/{widget_id}")

        org, widget = got["parameters"]
        assert {"name": "org_id", "in": "path", "required": True} == {k: org[k] for k in ("name", "in", "required")}
        assert r"^[a-z0-9](?:-?[a-z0-9]+)+$" == org["schema"]["pattern"]
        assert {"name": "widget_id", "in": "path", "required": True, "schema": {"type": "string"}} == widget

    def test_a_body_is_a_required_json_request_body(self) -> None:
        created = operation(widgets_document(), "post", "/orgs/{org_id}/widgets")

        assert {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WidgetBody"}}},
        } == created["requestBody"]

    def test_the_success_status_has_the_response_model_and_a_list_is_an_array_of_it(self) -> None:
        document = widgets_document()

        created = operation(document, "post", "/orgs/{org_id}/widgets")["responses"]["201"]
        listed = operation(document, "get", "/orgs/{org_id}/widgets")["responses"]["200"]
        assert {"$ref": "#/components/schemas/Widget"} == created["content"]["application/json"]["schema"]
        assert {"type": "array", "items": {"$ref": "#/components/schemas/Widget"}} == listed["content"][
            "application/json"
        ]["schema"]

    def test_an_endpoint_without_a_response_model_has_a_success_status_without_content(self) -> None:
        bare = Endpoint("DELETE", "/orgs/{org_id}/widgets/{widget_id}", get_widget, "Delete", "Widgets", status=204)

        deleted = operation(widgets_document([bare]), "delete", "/orgs/{org_id}/widgets/{widget_id}")

        assert {"description": "No Content"} == deleted["responses"]["204"]

    def test_every_error_status_is_the_shared_error_response(self) -> None:
        document = widgets_document()

        responses = operation(document, "post", "/orgs/{org_id}/widgets")["responses"]
        errors = {status: r for status, r in responses.items() if int(status) >= 400}
        assert ["400", "409", "413", "422", "503"] == sorted(errors)
        for ref in errors.values():
            name = ref["$ref"].removeprefix("#/components/responses/")
            shared = document["components"]["responses"][name]
            assert {"$ref": "#/components/schemas/ErrorResponse"} == shared["content"]["application/json"]["schema"]
        error = document["components"]["schemas"]["ErrorResponse"]
        assert ["error", "message", "details"] == error["required"]

    def test_a_write_may_answer_202_with_the_command_to_follow(self) -> None:
        document = widgets_document()

        accepted = operation(document, "post", "/orgs/{org_id}/widgets")["responses"]["202"]
        read = operation(document, "get", "/orgs/{org_id}/widgets")["responses"]
        assert {"$ref": "#/components/schemas/CommandAccepted"} == accepted["content"]["application/json"]["schema"]
        assert "Location" in accepted["headers"]
        assert "202" not in read

    def test_one_handler_behind_two_operations_gets_two_operation_ids(self) -> None:
        twice = [
            Endpoint("PUT", "/w/{widget_id}", get_widget, "Put", "Widgets"),
            Endpoint("PATCH", "/w/{widget_id}", get_widget, "Patch", "Widgets"),
        ]

        document = widgets_document(twice)

        assert ["get_widget_put", "get_widget_patch"] == [
            op["operationId"] for op in document["paths"]["/w/{widget_id}"].values()
        ]


class TestComponents:
    def test_a_model_used_by_several_operations_is_one_component_with_its_nested_models(self) -> None:
        document = widgets_document()

        assert {"CommandAccepted", "ErrorResponse", "Part", "Widget", "WidgetBody"} == set(
            document["components"]["schemas"]
        )
        widget = document["components"]["schemas"]["Widget"]
        assert {"type": "array", "items": {"$ref": "#/components/schemas/Part"}} == {
            k: widget["properties"]["parts"][k] for k in ("type", "items")
        }

    def test_response_models_forbid_fields_they_do_not_declare(self) -> None:
        widget = widgets_document()["components"]["schemas"]["Widget"]

        assert False is widget["additionalProperties"]

    def test_every_reference_resolves(self) -> None:
        document = openapi_document(all_endpoints(), version="0.1.0")

        refs = set(_refs(document["paths"])) | set(_refs(document["components"]))
        unresolved = [r for r in refs if r.removeprefix("#/components/").split("/")[1] not in _components(document, r)]
        assert [] == unresolved


def _components(document: dict[str, Any], ref: str) -> dict[str, Any]:
    kind = ref.removeprefix("#/components/").split("/")[0]
    found: dict[str, Any] = document["components"][kind]
    return found


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []
