"""What a graph preview reads: the org's live definitions, the environment's type, a set."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one
from shared.contracts import ResourceDefinitionSpec
from shared.postgres import Pool


async def live_definitions(pool: Pool, org_id: str) -> list[ResourceDefinitionSpec]:
    rows = await fetch(
        pool, "SELECT body FROM resource_definitions WHERE org_id = $1 AND NOT is_deleted ORDER BY id", org_id
    )
    return [ResourceDefinitionSpec.model_validate(json.loads(r["body"])) for r in rows]


async def env_type(pool: Pool, org_id: str, app_id: str, env_id: str) -> str:
    row = await fetch_one(
        pool,
        f"Environment '{env_id}'",
        "SELECT type FROM envs WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        env_id,
    )
    return str(row["type"])


async def deployment_set(pool: Pool, org_id: str, app_id: str, set_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Deployment set '{set_id}'",
        "SELECT content FROM deployment_sets WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        set_id,
    )
    content: dict[str, Any] = json.loads(row["content"])
    return content
