"""Read models of organizations, applications and environments.
Only the projector writes them, so a replay rebuilds the same rows."""

from __future__ import annotations

from orch_api.adapters.projections._types import Write
from shared import contracts as c
from shared.messages import Envelope
from shared.postgres import Connection


async def org_created(conn: Connection, e: c.OrgCreated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO orgs (id, name, created_at, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        e.org_id,
        e.name,
        env.occurred_at,
        env.actor,
    )


async def app_created(conn: Connection, e: c.AppCreated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO apps (org_id, id, name, created_at, created_by) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.name,
        env.occurred_at,
        env.actor,
    )


async def environment_created(conn: Connection, e: c.EnvironmentCreated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO envs (org_id, app_id, id, name, type, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)"
        " ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.env_id,
        e.name,
        e.type,
        env.occurred_at,
        env.actor,
    )


WRITES: dict[str, Write] = {
    c.OrgCreated.TYPE: org_created,
    c.AppCreated.TYPE: app_created,
    c.EnvironmentCreated.TYPE: environment_created,
}

TABLES: tuple[str, ...] = ("orgs", "apps", "envs")
