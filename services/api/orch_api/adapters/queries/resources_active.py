"""Reads of active resources: the resources provisioned in each environment. Secret outputs are
shown as references (``orgs/<org>/resources/<guresid>/secrets/.<key>``), never as values.

``def_version_id`` is the version the resolver used; for resources resolved before it recorded
one, the definition's newest version made before the deployment resolved the resource (a pure
function of the read models, so a replay gives the same answer).
"""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from shared.postgres import Pool

_SELECT = (
    "SELECT a.*, COALESCE(a.env_type, e.type) AS env_type_of, COALESCE(a.def_version_id, (SELECT v.id"
    " FROM resource_definition_versions v WHERE v.org_id = a.org_id AND v.def_id = a.def_id AND NOT v.proposed"
    " AND v.action <> 'deleted' AND v.created_at <= a.resolved_at ORDER BY v.created_at DESC, v.id LIMIT 1), '')"
    " AS def_version_of"
    " FROM active_resources a JOIN envs e ON e.org_id = a.org_id AND e.app_id = a.app_id AND e.id = a.env_id"
)


async def in_env(pool: Pool, org_id: str, app_id: str, env_id: str) -> list[dict[str, Any]]:
    await fetch_one(
        pool,
        f"Environment '{env_id}'",
        "SELECT id FROM envs WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        env_id,
    )
    rows = await fetch(
        pool,
        f"{_SELECT} WHERE a.org_id = $1 AND a.app_id = $2 AND a.env_id = $3 ORDER BY a.type, a.class, a.res_id",
        org_id,
        app_id,
        env_id,
    )
    return [_active(r) for r in rows]


async def of_definition(pool: Pool, org_id: str, def_id: str) -> list[dict[str, Any]]:
    rows = await fetch(
        pool,
        f"{_SELECT} WHERE a.org_id = $1 AND a.def_id = $2 ORDER BY a.app_id, a.env_id, a.type, a.class, a.res_id",
        org_id,
        def_id,
    )
    return [_active(r) for r in rows]


def secret_ref(org_id: str, guresid: str, key: str) -> str:
    return f"orgs/{org_id}/resources/{guresid}/secrets/.{key}"


def _active(r: Any) -> dict[str, Any]:  # noqa: ANN401
    return {
        "org_id": r["org_id"],
        "app_id": r["app_id"],
        "env_id": r["env_id"],
        "env_type": r["env_type_of"],
        "type": r["type"],
        "class": r["class"],
        "res_id": r["res_id"],
        "gu_res_id": r["gu_res_id"],
        "def_id": r["def_id"],
        "def_version_id": r["def_version_of"],
        **({"criteria_id": r["criteria_id"]} if r["criteria_id"] else {}),
        "driver_type": r["driver_type"],
        "deploy_id": r["deploy_id"],
        "resource": json.loads(r["resource"]),
        "secret_refs": {k: secret_ref(r["org_id"], r["gu_res_id"], k) for k in json.loads(r["secret_keys"])},
        "status": r["status"],
        "scheduled_deletion": r["scheduled_deletion"],
        "updated_at": ts(r["updated_at"]),
    }
