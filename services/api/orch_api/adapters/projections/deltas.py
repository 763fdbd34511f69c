"""Read models of deltas and deployment sets.
Only the projector writes them, so a replay rebuilds the same rows."""

from __future__ import annotations

import json

from orch_api.adapters.projections._types import Write
from shared import contracts as c
from shared.messages import Envelope
from shared.postgres import Connection


async def delta_created(conn: Connection, e: c.DeltaCreated, env: Envelope) -> None:
    body = {"modules": e.modules, "shared": list(e.shared)}
    await conn.execute(
        "INSERT INTO deltas (org_id, app_id, id, env_id, name, body, created_at, created_by)"
        " VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.delta_id,
        e.env_id,
        e.name,
        json.dumps(body),
        env.occurred_at,
        env.actor,
    )


WRITES: dict[str, Write] = {
    c.DeltaCreated.TYPE: delta_created,
}

TABLES: tuple[str, ...] = ("deltas", "deployment_sets")
