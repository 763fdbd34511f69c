"""Rendering a node's driver inputs just before its driver is called: ``${context...}`` from the
deployment, ``${resources...}`` from the outputs of the resources it depends on. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.contracts import GraphNode
from shared.placeholders import Placeholder, PlaceholderError, Rendered, render


@dataclass(frozen=True)
class RenderContext:
    org_id: str
    app_id: str
    env_id: str
    env_type: str
    deploy_id: str


def render_values(node: GraphNode, ctx: RenderContext, outputs: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """``node``'s driver values with every placeholder replaced; ``outputs`` by GUResID.

    Raises ``PlaceholderError`` naming the location when a placeholder cannot be rendered."""

    def lookup(ph: Placeholder) -> Rendered:
        if ph.root == "context":
            return Rendered(_context(ph, node, ctx))
        if ph.root == "resources":
            return Rendered(_resource(ph, node, outputs))
        raise PlaceholderError(f"'{ph.root}' placeholders cannot be used in a resource definition")

    rendered = render(node.driver.values, lookup, "driver_inputs.values").value
    assert isinstance(rendered, dict)
    return rendered


def _context(ph: Placeholder, node: GraphNode, ctx: RenderContext) -> Any:  # noqa: ANN401 - a JSON value
    known: dict[tuple[str, ...], str] = {
        ("org", "id"): ctx.org_id,
        ("app", "id"): ctx.app_id,
        ("env", "id"): ctx.env_id,
        ("env", "type"): ctx.env_type,
        ("deploy", "id"): ctx.deploy_id,
        ("res", "id"): node.res_id,
        ("res", "type"): node.type,
        ("res", "class"): node.class_,
        ("res", "guresid"): node.guresid,
    }
    value = known.get(ph.path[1:])
    if value is None:
        raise PlaceholderError(f"unknown context value '{'.'.join(ph.path[1:])}'")
    return value


def _resource(ph: Placeholder, node: GraphNode, outputs: Mapping[str, dict[str, Any]]) -> Any:  # noqa: ANN401
    targets = node.refs.get(ph.text)
    if targets is None:
        raise PlaceholderError("resource reference not resolved in the graph")
    values = [_attribute(ph, g, outputs) for g in targets]
    return values if ph.directions else values[0]


def _attribute(ph: Placeholder, guresid: str, outputs: Mapping[str, dict[str, Any]]) -> Any:  # noqa: ANN401
    if ph.attribute == ("guresid",):
        return guresid
    value: Any = outputs.get(guresid, {})
    for key in ph.attribute[1:]:
        if not isinstance(value, dict) or key not in value:
            raise PlaceholderError(f"the resource has no output '{'.'.join(ph.attribute[1:])}'")
        value = value[key]
    return value
