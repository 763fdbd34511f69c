"""Reads of deltas and deployment sets, in Humanitec's shapes."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from orch_api.domain import deployment_sets as s
from shared.contracts.deltas import DeltaContent
from shared.postgres import Pool


def plain_delta(content: DeltaContent) -> dict[str, Any]:
    """Humanitec's ``PlainDelta``: a ``remove`` operation carries no ``value``."""
    body = content.model_dump(mode="json")
    for ops in [*body["modules"]["update"].values(), body["shared"]]:
        for op in ops:
            if op["op"] == "remove":
                del op["value"]
    return {"modules": body["modules"], "shared": body["shared"]}


async def delta(pool: Pool, org_id: str, app_id: str, delta_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Delta '{delta_id}'",
        "SELECT * FROM deltas WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        delta_id,
    )
    return _delta(row)


async def deltas(pool: Pool, org_id: str, app_id: str, *, env_id: str | None, archived: bool) -> list[dict[str, Any]]:
    """The app's deltas, newest first; only those of ``env_id`` if given."""
    await _app_exists(pool, org_id, app_id)
    rows = await fetch(
        pool,
        "SELECT * FROM deltas WHERE org_id = $1 AND app_id = $2 AND archived = $3"
        " AND ($4::text IS NULL OR env_id = $4) ORDER BY created_at DESC, id",
        org_id,
        app_id,
        archived,
        env_id,
    )
    return [_delta(row) for row in rows]


def _delta(row: Any) -> dict[str, Any]:  # noqa: ANN401 - an asyncpg record
    content = DeltaContent.model_validate_json(row["body"])
    metadata: dict[str, Any] = {
        "created_by": row["created_by"],
        "created_at": ts(row["created_at"]),
        "last_modified_at": ts(row["last_modified_at"]),
        "archived": row["archived"],
        "contributers": list(row["contributers"]),
    }
    if row["env_id"] is not None:
        metadata["env_id"] = row["env_id"]
    if row["name"] is not None:
        metadata["name"] = row["name"]
    return {"id": row["id"], "metadata": metadata, **plain_delta(content)}


async def set_content(pool: Pool, org_id: str, app_id: str, set_id: str) -> dict[str, Any]:
    """A set's ``modules`` and ``shared``; the empty set exists in every app."""
    if set_id == s.EMPTY_SET_ID:
        await _app_exists(pool, org_id, app_id)
        return s.empty_set()
    row = await fetch_one(
        pool,
        f"Deployment set '{set_id}'",
        "SELECT content FROM deployment_sets WHERE org_id = $1 AND app_id = $2 AND id = $3",
        org_id,
        app_id,
        set_id,
    )
    return _set_sections(json.loads(row["content"]))


async def deployment_set(pool: Pool, org_id: str, app_id: str, set_id: str) -> dict[str, Any]:
    return {"id": set_id, "version": 0, **await set_content(pool, org_id, app_id, set_id)}


async def deployment_sets(pool: Pool, org_id: str, app_id: str) -> list[dict[str, Any]]:
    await _app_exists(pool, org_id, app_id)
    rows = await fetch(
        pool, "SELECT id, content FROM deployment_sets WHERE org_id = $1 AND app_id = $2 ORDER BY id", org_id, app_id
    )
    return [{"id": row["id"], "version": 0, **_set_sections(json.loads(row["content"]))} for row in rows]


def _set_sections(content: dict[str, Any]) -> dict[str, Any]:
    return {"modules": content.get("modules") or {}, "shared": content.get("shared") or {}}


async def set_diff(pool: Pool, org_id: str, app_id: str, set_id: str, source_set_id: str) -> dict[str, Any]:
    """The plain delta that turns the source set into the set."""
    target = await set_content(pool, org_id, app_id, set_id)
    source = await set_content(pool, org_id, app_id, source_set_id)
    return plain_delta(s.diff_sets(source, target))


async def set_resources(pool: Pool, org_id: str, app_id: str, set_id: str) -> list[dict[str, Any]]:
    return s.set_resources(await set_content(pool, org_id, app_id, set_id))


async def _app_exists(pool: Pool, org_id: str, app_id: str) -> None:
    await fetch_one(
        pool, f"Application '{app_id}'", "SELECT id FROM apps WHERE org_id = $1 AND id = $2", org_id, app_id
    )
