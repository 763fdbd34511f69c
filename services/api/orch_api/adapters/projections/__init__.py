"""Projection writes, one module per area: each exports ``WRITES`` (event type -> write) and
``TABLES`` (the read-model tables it owns, compared by the replay check)."""

from __future__ import annotations

from orch_api.adapters.projections import deltas, deployments, orgs, resources, values
from orch_api.adapters.projections._types import Write

AREAS = (orgs, resources, deltas, deployments, values)


def all_writes() -> dict[str, Write]:
    merged: dict[str, Write] = {}
    for area in AREAS:
        merged.update(area.WRITES)
    return merged


def all_tables() -> tuple[str, ...]:
    return tuple(t for area in AREAS for t in area.TABLES)


__all__ = ["Write", "all_tables", "all_writes"]
