"""Reads of resource definitions, types, classes and drivers."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from shared.postgres import Pool


async def definitions(pool: Pool, org_id: str) -> list[dict[str, Any]]:
    rows = await fetch(pool, "SELECT * FROM resource_definitions WHERE org_id = $1 ORDER BY type, id", org_id)
    return [_definition(r) for r in rows]


async def definition(pool: Pool, org_id: str, def_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Resource definition '{def_id}'",
        "SELECT * FROM resource_definitions WHERE org_id = $1 AND id = $2",
        org_id,
        def_id,
    )
    return _definition(row)


def _definition(r: Any) -> dict[str, Any]:  # noqa: ANN401
    body = json.loads(r["body"])
    return {
        **body,
        "org_id": r["org_id"],
        "created_at": ts(r["created_at"]),
        "created_by": r["created_by"],
        "is_default": False,
        "is_deleted": False,
    }
