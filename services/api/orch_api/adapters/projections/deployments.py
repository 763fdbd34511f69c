"""Read models of deployments.
Only the projector writes them, so a replay rebuilds the same rows."""

from __future__ import annotations

import json

from orch_api.adapters.projections._types import Write
from shared import contracts as c
from shared.messages import Envelope
from shared.postgres import Connection


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
        " status_changed_at, created_at, created_by, value_set_version_id)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $9, $10, $11) ON CONFLICT DO NOTHING",
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
        e.value_set_version_id,
    )
    await conn.execute(
        "UPDATE envs SET last_deploy_id = $4, from_deploy_id = $4 WHERE org_id = $1 AND app_id = $2 AND id = $3",
        e.org_id,
        e.app_id,
        e.env_id,
        e.deploy_id,
    )


async def deployment_resolved(conn: Connection, e: c.DeploymentResolved, env: Envelope) -> None:
    nodes = [n.model_dump(mode="json", by_alias=True, exclude={"driver"}) for n in e.nodes]
    graph = {"id": e.graph_id or None, "nodes": nodes}
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


WRITES: dict[str, Write] = {
    c.DeploymentRequested.TYPE: deployment_requested,
    c.DeploymentResolved.TYPE: deployment_resolved,
    c.DeploymentSucceeded.TYPE: deployment_succeeded,
    c.DeploymentFailed.TYPE: deployment_failed,
}

TABLES: tuple[str, ...] = ("deployments",)
