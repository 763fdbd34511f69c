"""Read models of organizations, applications, environments and environment types.
Only the projector writes them, so a replay rebuilds the same rows."""

from __future__ import annotations

from orch_api.adapters.projections._types import Write
from orch_api.adapters.projections.values import forget_values
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


async def app_updated(conn: Connection, e: c.AppUpdated, _: Envelope) -> None:
    await conn.execute("UPDATE apps SET name = $3 WHERE org_id = $1 AND id = $2", e.org_id, e.app_id, e.name)


async def app_deleted(conn: Connection, e: c.AppDeleted, _: Envelope) -> None:
    await conn.execute("DELETE FROM apps WHERE org_id = $1 AND id = $2", e.org_id, e.app_id)
    await forget_values(conn, e.org_id, e.app_id)


async def environment_created(conn: Connection, e: c.EnvironmentCreated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO envs (org_id, app_id, id, name, type, created_at, created_by, from_deploy_id)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.env_id,
        e.name,
        e.type,
        env.occurred_at,
        env.actor,
        e.from_deploy_id,
    )


async def environment_updated(conn: Connection, e: c.EnvironmentUpdated, _: Envelope) -> None:
    await conn.execute(
        "UPDATE envs SET name = $4 WHERE org_id = $1 AND app_id = $2 AND id = $3", e.org_id, e.app_id, e.env_id, e.name
    )


async def environment_deleted(conn: Connection, e: c.EnvironmentDeleted, _: Envelope) -> None:
    # The environment's history goes with it: an environment created later under the same id
    # starts afresh.
    for table in ("deployments", "envs"):
        column = "env_id" if table == "deployments" else "id"
        await conn.execute(
            f"DELETE FROM {table} WHERE org_id = $1 AND app_id = $2 AND {column} = $3",  # noqa: S608 - fixed names
            e.org_id,
            e.app_id,
            e.env_id,
        )
    await forget_values(conn, e.org_id, e.app_id, e.env_id)


async def environment_rebased(conn: Connection, e: c.EnvironmentRebased, _: Envelope) -> None:
    await conn.execute(
        "UPDATE envs SET from_deploy_id = $4 WHERE org_id = $1 AND app_id = $2 AND id = $3",
        e.org_id,
        e.app_id,
        e.env_id,
        e.deploy_id,
    )


async def env_type_created(conn: Connection, e: c.EnvironmentTypeCreated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO env_types (org_id, id, description, created_at, created_by) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT DO NOTHING",
        e.org_id,
        e.env_type_id,
        e.description,
        env.occurred_at,
        env.actor,
    )


async def env_type_updated(conn: Connection, e: c.EnvironmentTypeUpdated, _: Envelope) -> None:
    await conn.execute(
        "UPDATE env_types SET description = $3 WHERE org_id = $1 AND id = $2", e.org_id, e.env_type_id, e.description
    )


async def env_type_deleted(conn: Connection, e: c.EnvironmentTypeDeleted, _: Envelope) -> None:
    await conn.execute("DELETE FROM env_types WHERE org_id = $1 AND id = $2", e.org_id, e.env_type_id)


WRITES: dict[str, Write] = {
    c.OrgCreated.TYPE: org_created,
    c.AppCreated.TYPE: app_created,
    c.AppUpdated.TYPE: app_updated,
    c.AppDeleted.TYPE: app_deleted,
    c.EnvironmentCreated.TYPE: environment_created,
    c.EnvironmentUpdated.TYPE: environment_updated,
    c.EnvironmentDeleted.TYPE: environment_deleted,
    c.EnvironmentRebased.TYPE: environment_rebased,
    c.EnvironmentTypeCreated.TYPE: env_type_created,
    c.EnvironmentTypeUpdated.TYPE: env_type_updated,
    c.EnvironmentTypeDeleted.TYPE: env_type_deleted,
}

TABLES: tuple[str, ...] = ("orgs", "apps", "envs", "env_types")
