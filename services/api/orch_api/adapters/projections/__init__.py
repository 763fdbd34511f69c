"""Projection writes, one module per area: each exports ``WRITES`` (event type -> write) and
``TABLES`` (the read-model tables it owns, compared by the replay check). Several areas may
project the same event (a resolved deployment is also the environment's active resources): their
writes run one after the other, in the order of ``AREAS``, in the one transaction."""

from __future__ import annotations

from typing import Any

from orch_api.adapters.projections import deltas, deployments, orgs, resources, values
from orch_api.adapters.projections._types import Write
from shared.messages import Envelope
from shared.postgres import Connection

AREAS = (orgs, resources, deltas, deployments, values)


def all_writes() -> dict[str, Write]:
    per_type: dict[str, list[Write]] = {}
    for area in AREAS:
        for type_, write in area.WRITES.items():
            per_type.setdefault(type_, []).append(write)
    return {type_: writes[0] if len(writes) == 1 else _in_turn(writes) for type_, writes in per_type.items()}


def _in_turn(writes: list[Write]) -> Write:
    async def write(conn: Connection, event: Any, envelope: Envelope) -> None:  # noqa: ANN401
        for one in writes:
            await one(conn, event, envelope)

    return write


def all_tables() -> tuple[str, ...]:
    return tuple(t for area in AREAS for t in area.TABLES)


__all__ = ["Write", "all_tables", "all_writes"]
