"""Reads of deployments."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from shared.postgres import Pool


async def deployments(pool: Pool, org_id: str, app_id: str, env_id: str) -> list[dict[str, Any]]:
    await fetch_one(
        pool,
        f"Environment '{env_id}'",
        "SELECT 1 FROM envs WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        env_id,
    )
    rows = await fetch(
        pool,
        "SELECT * FROM deployments WHERE org_id = $1 AND app_id = $2 AND env_id = $3 ORDER BY created_at DESC, id DESC",
        org_id,
        app_id,
        env_id,
    )
    return [_deployment(r) for r in rows]


async def deployment(pool: Pool, org_id: str, app_id: str, env_id: str, deploy_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Deployment '{deploy_id}'",
        "SELECT * FROM deployments WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
        org_id,
        app_id,
        env_id,
        deploy_id,
    )
    return _deployment(row)


async def deployment_errors(pool: Pool, org_id: str, app_id: str, env_id: str, deploy_id: str) -> list[Any]:
    row = await fetch_one(
        pool,
        f"Deployment '{deploy_id}'",
        "SELECT errors FROM deployments WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
        org_id,
        app_id,
        env_id,
        deploy_id,
    )
    return list(json.loads(row["errors"]))


def _deployment(r: Any) -> dict[str, Any]:  # noqa: ANN401
    graph = json.loads(r["graph"]) if r["graph"] else None
    return {
        "id": r["id"],
        "env_id": r["env_id"],
        "set_id": r["set_id"],
        "delta_id": r["delta_id"],
        "from_id": r["from_id"] or "",
        "comment": r["comment"],
        "status": r["status"],
        "status_changed_at": ts(r["status_changed_at"]),
        "created_at": ts(r["created_at"]),
        "created_by": r["created_by"],
        "value_set_version_id": r["value_set_version_id"],
        "export_status": "",
        "export_file": "",
        "graph": graph,
        "dependency_graph_id": graph.get("id") if graph else None,
    }


async def deployment_in_app(pool: Pool, org_id: str, app_id: str, deploy_id: str) -> dict[str, Any] | None:
    """A deployment of the app in any environment (an environment may build on another's)."""
    rows = await fetch(
        pool, "SELECT * FROM deployments WHERE org_id = $1 AND app_id = $2 AND id = $3", org_id, app_id, deploy_id
    )
    return _deployment(rows[0]) if rows else None
