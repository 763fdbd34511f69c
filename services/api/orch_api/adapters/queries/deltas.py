"""Reads of deltas and deployment sets."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.queries._common import fetch_one, ts
from shared.postgres import Pool


async def delta(pool: Pool, org_id: str, app_id: str, delta_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Delta '{delta_id}'",
        "SELECT * FROM deltas WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        delta_id,
    )
    body = json.loads(row["body"])
    return {
        "id": row["id"],
        "metadata": {
            "env_id": row["env_id"],
            "name": row["name"],
            "created_by": row["created_by"],
            "created_at": ts(row["created_at"]),
            "last_modified_at": ts(row["created_at"]),
            "archived": False,
            "contributers": [],
        },
        "modules": body["modules"],
        "shared": body["shared"],
    }


async def deployment_set(pool: Pool, org_id: str, app_id: str, set_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Deployment set '{set_id}'",
        "SELECT * FROM deployment_sets WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        set_id,
    )
    return {"id": row["id"], "version": 0, **json.loads(row["content"])}
