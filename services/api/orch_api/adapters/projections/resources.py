"""Read models of resource definitions, types, classes and drivers.
Only the projector writes them, so a replay rebuilds the same rows."""

from __future__ import annotations

from orch_api.adapters.projections._types import Write
from shared import contracts as c
from shared.messages import Envelope
from shared.postgres import Connection


async def definition_created(conn: Connection, e: c.ResourceDefinitionCreated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO resource_definitions (org_id, id, type, body, created_at, created_by)"
        " VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT DO NOTHING",
        e.org_id,
        e.definition.id,
        e.definition.type,
        e.definition.model_dump_json(by_alias=True),
        env.occurred_at,
        env.actor,
    )


WRITES: dict[str, Write] = {
    c.ResourceDefinitionCreated.TYPE: definition_created,
}

TABLES: tuple[str, ...] = ("resource_definitions",)
