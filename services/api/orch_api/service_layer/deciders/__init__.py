"""Command deciders and event routing, one module per area.

Each area module exports ``DECIDERS`` (command type -> async function that loads what the
decision needs and returns the events) and ``ROUTES`` (event type -> the aggregate it belongs to,
its partition key, its state model and the pure function that evolves that state).
"""

from __future__ import annotations

from orch_api.service_layer.deciders import deltas, deployments, orgs, resources, values
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing

AREAS = (orgs, resources, deltas, deployments, values)


def all_deciders() -> dict[str, Decider]:
    merged: dict[str, Decider] = {}
    for area in AREAS:
        merged.update(area.DECIDERS)
    return merged


def all_routes() -> dict[str, RouteFn]:
    merged: dict[str, RouteFn] = {}
    for area in AREAS:
        merged.update(area.ROUTES)
    return merged


__all__ = ["Decider", "RouteFn", "Routing", "all_deciders", "all_routes"]
