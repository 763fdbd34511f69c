"""Projection writes: each turns one event into read-model rows. Only the projector calls these,
so replaying the event log into empty tables rebuilds the same rows."""

from __future__ import annotations

import json

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


async def deployment_requested(conn: Connection, e: c.DeploymentRequested, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO deployment_sets (org_id, app_id, id, content) VALUES ($1, $2, $3, $4::jsonb)"
        " ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.set_id,
        json.dumps(e.deployment_set),
    )
    await conn.execute(
        "INSERT INTO deployments (org_id, app_id, env_id, id, set_id, delta_id, from_id, comment, status,"
        " status_changed_at, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $9, $10)"
        " ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.env_id,
        e.deploy_id,
        e.set_id,
        e.delta_id,
        e.from_id,
        e.comment,
        env.occurred_at,
        env.actor,
    )
    await conn.execute(
        "UPDATE envs SET last_deploy_id = $4 WHERE org_id = $1 AND app_id = $2 AND id = $3",
        e.org_id,
        e.app_id,
        e.env_id,
        e.deploy_id,
    )


async def deployment_resolved(conn: Connection, e: c.DeploymentResolved, env: Envelope) -> None:
    graph = {"nodes": [n.model_dump(mode="json", by_alias=True, exclude={"driver"}) for n in e.nodes]}
    await _set_status(conn, e, env, "in progress", graph=json.dumps(graph))


async def deployment_succeeded(conn: Connection, e: c.DeploymentSucceeded, env: Envelope) -> None:
    await _set_status(conn, e, env, "succeeded")


async def deployment_failed(conn: Connection, e: c.DeploymentFailed, env: Envelope) -> None:
    errors = json.dumps([err.model_dump(mode="json") for err in e.errors])
    await _set_status(conn, e, env, "failed", errors=errors)


async def _set_status(  # noqa: PLR0913
    conn: Connection,
    e: c.DeploymentResolved | c.DeploymentSucceeded | c.DeploymentFailed,
    env: Envelope,
    status: str,
    *,
    graph: str | None = None,
    errors: str | None = None,
) -> None:
    await conn.execute(
        "UPDATE deployments SET status = $5, status_changed_at = $6, graph = COALESCE($7::jsonb, graph),"
        " errors = COALESCE($8::jsonb, errors) WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
        e.org_id,
        e.app_id,
        e.env_id,
        e.deploy_id,
        status,
        env.occurred_at,
        graph,
        errors,
    )
