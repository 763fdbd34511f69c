"""Read model of active resources, from the deployment events (all keyed ``org/app/env``, so one
environment's arrive in order): a resolved graph makes or re-points a row per node (``pending``),
a driver's success stores its non-secret outputs and the names of its secret ones (``active``),
and a deletion request marks rows ``deleting``."""

from __future__ import annotations

import json

from orch_api.adapters.projections._types import Write
from shared import contracts as c
from shared.contracts import resources as rc
from shared.messages import Envelope
from shared.postgres import Connection


async def deployment_resolved(conn: Connection, e: c.DeploymentResolved, env: Envelope) -> None:
    for node in e.nodes:
        await conn.execute(
            "INSERT INTO active_resources (org_id, app_id, env_id, gu_res_id, type, class, res_id, def_id, driver_type,"
            " deploy_id, status, resolved_at, updated_at, def_version_id, criteria_id, env_type)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11, $11, $12, $13, NULLIF($14, ''))"
            " ON CONFLICT (org_id, app_id, env_id, gu_res_id) DO UPDATE SET def_id = EXCLUDED.def_id,"
            " driver_type = EXCLUDED.driver_type, resolved_at = EXCLUDED.resolved_at, scheduled_deletion = false,"
            " def_version_id = EXCLUDED.def_version_id, criteria_id = EXCLUDED.criteria_id,"
            " env_type = COALESCE(EXCLUDED.env_type, active_resources.env_type),"
            " status = CASE WHEN active_resources.status = 'active' THEN 'active' ELSE 'pending' END",
            e.org_id,
            e.app_id,
            e.env_id,
            node.guresid,
            node.type,
            node.class_,
            node.res_id,
            node.def_id,
            node.driver_type,
            e.deploy_id,
            env.occurred_at,
            # The resolver records these since definitions are versioned; older events lack them.
            getattr(node, "def_version_id", None),
            getattr(node, "criterion_id", None),
            getattr(e, "env_type", ""),
        )


async def driver_call_succeeded(conn: Connection, e: c.DriverCallSucceeded, env: Envelope) -> None:
    ids = (e.org_id, e.app_id, e.env_id, e.guresid)
    if e.call_id.endswith(":delete"):  # the driver deleted the resource
        await conn.execute(
            "DELETE FROM active_resources WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND gu_res_id = $4", *ids
        )
        return
    await conn.execute(
        "UPDATE active_resources SET resource = $5::jsonb, secret_keys = $6::jsonb, deploy_id = $7, updated_at = $8,"
        " status = CASE WHEN scheduled_deletion THEN 'deleting' ELSE 'active' END"
        " WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND gu_res_id = $4",
        *ids,
        json.dumps(e.outputs),
        json.dumps(sorted(e.secret_keys)),
        e.deploy_id,
        env.occurred_at,
    )


async def deployment_succeeded(conn: Connection, e: c.DeploymentSucceeded, env: Envelope) -> None:
    await conn.execute(
        "UPDATE active_resources SET status = 'active', updated_at = $5"
        " WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND deploy_id = $4 AND status = 'pending'",
        e.org_id,
        e.app_id,
        e.env_id,
        e.deploy_id,
        env.occurred_at,
    )


async def deletion_scheduled(conn: Connection, e: rc.ActiveResourceDeletionScheduled, env: Envelope) -> None:
    await conn.execute(
        "UPDATE active_resources SET scheduled_deletion = true, status = 'deleting', updated_at = $5"
        " WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND gu_res_id = ANY($4::text[])",
        e.org_id,
        e.app_id,
        e.env_id,
        list(e.guresids),
        env.occurred_at,
    )


async def environment_deleted(conn: Connection, e: c.EnvironmentDeleted, _: Envelope) -> None:
    # An environment created later under the same id must not inherit these.
    await conn.execute(
        "DELETE FROM active_resources WHERE org_id = $1 AND app_id = $2 AND env_id = $3", e.org_id, e.app_id, e.env_id
    )


WRITES: dict[str, Write] = {
    c.DeploymentResolved.TYPE: deployment_resolved,
    c.DriverCallSucceeded.TYPE: driver_call_succeeded,
    c.DeploymentSucceeded.TYPE: deployment_succeeded,
    rc.ActiveResourceDeletionScheduled.TYPE: deletion_scheduled,
    c.EnvironmentDeleted.TYPE: environment_deleted,
}

TABLES: tuple[str, ...] = ("active_resources",)
