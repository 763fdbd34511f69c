"""The resolver's definition store (PostgreSQL)."""

from __future__ import annotations

from shared.contracts import ResourceDefinitionSpec
from shared.postgres import Connection


async def save_definition(conn: Connection, org_id: str, definition: ResourceDefinitionSpec) -> None:
    await conn.execute(
        "INSERT INTO definitions (org_id, id, body) VALUES ($1, $2, $3::jsonb)"
        " ON CONFLICT (org_id, id) DO UPDATE SET body = EXCLUDED.body",
        org_id,
        definition.id,
        definition.model_dump_json(by_alias=True),
    )


async def delete_definition(conn: Connection, org_id: str, def_id: str) -> None:
    await conn.execute("DELETE FROM definitions WHERE org_id = $1 AND id = $2", org_id, def_id)


async def definitions_of(conn: Connection, org_id: str) -> list[ResourceDefinitionSpec]:
    rows = await conn.fetch("SELECT body FROM definitions WHERE org_id = $1 ORDER BY id", org_id)
    return [ResourceDefinitionSpec.model_validate_json(r["body"]) for r in rows]
