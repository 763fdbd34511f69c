"""The docs page rendered from an OpenAPI document: readable, self-contained, escaped."""

from __future__ import annotations

from typing import Any

from orch_api.entrypoints.docs_page import render_docs_page


def document(**operation: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Widgets API", "version": "9.9.9"},
        "tags": [{"name": "Widgets"}],
        "paths": {
            "/widgets/{widget_id}": {
                "get": {
                    "operationId": "get_widget",
                    "summary": "Get a widget",
                    "tags": ["Widgets"],
                    "parameters": [
                        {"name": "widget_id", "in": "path", "schema": {"type": "string", "pattern": "^[a-z]+$"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}},
                        },
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                    **operation,
                }
            }
        },
        "components": {
            "schemas": {
                "Widget": {
                    "type": "object",
                    "description": "A `widget`.",
                    "additionalProperties": False,
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
                        "size": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None},
                        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                        "state": {"enum": ["on", "off"], "type": "string"},
                    },
                },
                "Part": {"type": "object", "properties": {"name": {"type": "string"}}},
                "Tags": {"type": "array", "items": {"type": "string"}, "maxItems": 5},
            },
            "responses": {
                "NotFound": {
                    "description": "Not there.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Part"}}},
                }
            },
        },
    }


def test_names_the_api_and_links_the_machine_readable_document() -> None:
    page = render_docs_page(document())

    assert "<title>Widgets API 9.9.9</title>" in page
    assert '<a href="openapi.json">' in page


def test_shows_each_operation_with_its_parameters_and_responses_resolved() -> None:
    page = render_docs_page(document())

    assert '<section class="op" id="op-get_widget">' in page
    assert '<span class="method get">GET</span><code>/widgets/{widget_id}</code>' in page
    assert "pattern <code>^[a-z]+$</code>" in page
    assert "<td>Not there.</td>" in page


def test_renders_each_schema_as_a_table_of_fields_with_linked_types() -> None:
    page = render_docs_page(document())

    assert '<section class="schema" id="schema-Widget">' in page
    assert "<p>A <code>widget</code>.</p>" in page
    assert 'array of <a href="#schema-Part">Part</a>' in page
    assert "integer | null" in page
    assert "map of string" in page
    assert "<code>&quot;on&quot;</code> | <code>&quot;off&quot;</code>" in page
    assert "default <code>null</code>" in page
    assert "No other fields." in page


def test_a_schema_that_is_not_an_object_shows_its_type() -> None:
    page = render_docs_page(document())

    assert '<section class="schema" id="schema-Tags"><h3>Tags</h3><p></p><p>array of string' in page
    assert "max items <code>5</code>" in page


def test_code_spans_in_summaries_show_as_code() -> None:
    page = render_docs_page(document(summary="List widgets (`?size=` or ``?kind=`` filter)"))

    assert "List widgets (<code>?size=</code> or <code>?kind=</code> filter)" in page


def test_escapes_text_from_the_document() -> None:
    page = render_docs_page(document(summary="<script>alert(1)</script>"))

    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_needs_nothing_from_elsewhere() -> None:
    page = render_docs_page(document())

    assert "<script" not in page
    assert "http" not in page
