"""Reads of organizations, applications and environments."""

from __future__ import annotations

from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from orch_api.adapters.queries.deployments import deployment, deployment_in_app
from shared.postgres import Pool


async def orgs(pool: Pool) -> list[dict[str, Any]]:
    return [_org(r) for r in await fetch(pool, "SELECT * FROM orgs ORDER BY id")]


async def org(pool: Pool, org_id: str) -> dict[str, Any]:
    return _org(await fetch_one(pool, f"Organization '{org_id}'", "SELECT * FROM orgs WHERE id = $1", org_id))


async def apps(pool: Pool, org_id: str) -> list[dict[str, Any]]:
    await org(pool, org_id)
    apps = await fetch(pool, "SELECT * FROM apps WHERE org_id = $1 ORDER BY id", org_id)
    envs = await fetch(pool, "SELECT * FROM envs WHERE org_id = $1 ORDER BY created_at, id", org_id)
    return [_app(a, [e for e in envs if e["app_id"] == a["id"]]) for a in apps]


async def app(pool: Pool, org_id: str, app_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool, f"Application '{app_id}'", "SELECT * FROM apps WHERE org_id = $1 AND id = $2", org_id, app_id
    )
    envs = await fetch(
        pool, "SELECT * FROM envs WHERE org_id = $1 AND app_id = $2 ORDER BY created_at, id", org_id, app_id
    )
    return _app(row, envs)


async def envs(pool: Pool, org_id: str, app_id: str) -> list[dict[str, Any]]:
    await app(pool, org_id, app_id)
    rows = await fetch(
        pool, "SELECT * FROM envs WHERE org_id = $1 AND app_id = $2 ORDER BY created_at, id", org_id, app_id
    )
    return [await _env(pool, r) for r in rows]


async def env(pool: Pool, org_id: str, app_id: str, env_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Environment '{env_id}'",
        "SELECT * FROM envs WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        env_id,
    )
    return await _env(pool, row)


async def _env(pool: Pool, row: Any) -> dict[str, Any]:  # noqa: ANN401
    last = base = None
    if row["last_deploy_id"]:
        last = await deployment(pool, row["org_id"], row["app_id"], row["id"], row["last_deploy_id"])
    if row["from_deploy_id"]:
        base = (
            last
            if row["from_deploy_id"] == row["last_deploy_id"]
            else await deployment_in_app(pool, row["org_id"], row["app_id"], row["from_deploy_id"])
        )
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "created_at": ts(row["created_at"]),
        "created_by": row["created_by"],
        "last_deploy": last,
        "from_deploy": base,
        "status": "active",
    }


def _org(r: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"id": r["id"], "name": r["name"], "created_at": ts(r["created_at"]), "created_by": r["created_by"]}


def _app(r: Any, envs: list[Any]) -> dict[str, Any]:  # noqa: ANN401
    return {
        "id": r["id"],
        "name": r["name"],
        "org_id": r["org_id"],
        "created_at": ts(r["created_at"]),
        "created_by": r["created_by"],
        "envs": [{"id": e["id"], "name": e["name"], "type": e["type"]} for e in envs],
        "status": "active",
    }


async def env_types(pool: Pool, org_id: str) -> list[dict[str, Any]]:
    await org(pool, org_id)
    rows = await fetch(pool, "SELECT * FROM env_types WHERE org_id = $1 ORDER BY id", org_id)
    return [_env_type(r) for r in rows]


async def env_type(pool: Pool, org_id: str, env_type_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Environment type '{env_type_id}'",
        "SELECT * FROM env_types WHERE org_id = $1 AND id = $2",
        org_id,
        env_type_id,
    )
    return _env_type(row)


def _env_type(r: Any) -> dict[str, Any]:  # noqa: ANN401
    return {"id": r["id"], "description": r["description"]}
