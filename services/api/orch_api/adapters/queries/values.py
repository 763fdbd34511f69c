"""Reads of shared values and secrets, in Humanitec's shapes. A secret's value is never read out:
``value`` is empty and ``secret_key``/``secret_store_id``/``secret_version`` say where it is."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from orch_api.domain.values_sets import ZERO_VERSION_ID, secret_path
from shared.contracts.values import ORCHESTRATOR_STORE
from shared.errors import NotFound
from shared.postgres import Pool


async def require_scope(pool: Pool, org_id: str, app_id: str, env_id: str | None) -> None:
    """NotFound unless the app (and the environment) exist."""
    await fetch_one(pool, f"Application '{app_id}'", "SELECT 1 FROM apps WHERE org_id = $1 AND id = $2", org_id, app_id)
    if env_id is not None:
        await fetch_one(
            pool,
            f"Environment '{env_id}'",
            "SELECT 1 FROM envs WHERE org_id = $1 AND app_id = $2 AND id = $3",
            org_id,
            app_id,
            env_id,
        )


async def values(pool: Pool, org_id: str, app_id: str, env_id: str | None = None) -> list[dict[str, Any]]:
    """The app's values; for an environment, the app's merged with the environment's overrides."""
    await require_scope(pool, org_id, app_id, env_id)
    rows = await fetch(
        pool,
        "SELECT env_id, key, body FROM shared_values WHERE org_id = $1 AND app_id = $2 AND env_id = ANY($3::text[])"
        " ORDER BY key, env_id",
        org_id,
        app_id,
        ["", env_id or ""],
    )
    merged = {r["key"]: value_view(json.loads(r["body"]), org_id, app_id, r["env_id"] or None) for r in rows}
    return list(merged.values())


async def value(pool: Pool, org_id: str, app_id: str, env_id: str | None, key: str) -> dict[str, Any]:
    """One value of the app, or one override of the environment."""
    body = await _own_value(pool, org_id, app_id, env_id, key)
    if body is None:
        raise NotFound(f"Shared value '{key}' not found.", details={"key": key})
    return value_view(body, org_id, app_id, env_id)


async def is_secret(pool: Pool, org_id: str, app_id: str, env_id: str | None, key: str) -> bool:
    """Whether an existing value is a secret (so the API knows to seal what it is given)."""
    body = await _own_value(pool, org_id, app_id, env_id, key)
    if body is None:
        await require_scope(pool, org_id, app_id, env_id)
        raise NotFound(f"Shared value '{key}' not found.", details={"key": key})
    return bool(body["is_secret"])


async def _own_value(pool: Pool, org_id: str, app_id: str, env_id: str | None, key: str) -> dict[str, Any] | None:
    rows = await fetch(
        pool,
        "SELECT body FROM shared_values WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND key = $4",
        org_id,
        app_id,
        env_id or "",
        key,
    )
    return json.loads(rows[0]["body"]) if rows else None


async def versions(
    pool: Pool, org_id: str, app_id: str, env_id: str | None, key_changed: str | None = None
) -> list[dict[str, Any]]:
    """Newest first. An environment without versions of its own shares the app's (its values are
    the app's), as Humanitec answers for an environment without overrides."""
    await require_scope(pool, org_id, app_id, env_id)
    scope = await _version_scope(pool, org_id, app_id, env_id)
    rows = await fetch(
        pool,
        "SELECT * FROM value_set_versions WHERE org_id = $1 AND app_id = $2 AND env_id = $3"
        " AND ($4::text IS NULL OR $4 = ANY(keys_changed)) ORDER BY seq DESC",
        org_id,
        app_id,
        scope,
        key_changed,
    )
    return [_version_view(r, org_id, app_id) for r in rows]


async def version(pool: Pool, org_id: str, app_id: str, env_id: str | None, version_id: str) -> dict[str, Any]:
    """One version; the all-zero id is the latest. At environment level an app version too."""
    await require_scope(pool, org_id, app_id, env_id)
    scopes = [env_id, ""] if env_id else [""]
    if version_id == ZERO_VERSION_ID:
        scopes = [await _version_scope(pool, org_id, app_id, env_id)]
    for scope in scopes:
        rows = await fetch(
            pool,
            "SELECT * FROM value_set_versions WHERE org_id = $1 AND app_id = $2 AND env_id = $3"
            " AND (id = $4 OR $4 = $5) ORDER BY seq DESC LIMIT 1",
            org_id,
            app_id,
            scope,
            version_id,
            ZERO_VERSION_ID,
        )
        if rows:
            return _version_view(rows[0], org_id, app_id)
    raise NotFound(f"Value set version '{version_id}' not found.", details={"id": version_id})


async def latest_version_id(pool: Pool, org_id: str, app_id: str, env_id: str) -> str | None:
    """The version that pins the environment's values now (what a deployment records), or None
    when neither the app nor the environment has a value yet."""
    scope = await _version_scope(pool, org_id, app_id, env_id)
    rows = await fetch(
        pool,
        "SELECT id FROM value_set_versions WHERE org_id = $1 AND app_id = $2 AND env_id = $3 ORDER BY seq DESC LIMIT 1",
        org_id,
        app_id,
        scope,
    )
    return str(rows[0]["id"]) if rows else None


async def _version_scope(pool: Pool, org_id: str, app_id: str, env_id: str | None) -> str:
    """Whose versions an environment has: its own once it has any, the app's before."""
    if env_id is None:
        return ""
    own = await fetch(
        pool,
        "SELECT 1 FROM value_set_versions WHERE org_id = $1 AND app_id = $2 AND env_id = $3 LIMIT 1",
        org_id,
        app_id,
        env_id,
    )
    return env_id if own else ""


def _version_view(row: Any, org_id: str, app_id: str) -> dict[str, Any]:  # noqa: ANN401 - an asyncpg record
    env_id = row["env_id"] or None
    change = []
    for op in json.loads(row["change"]):
        view = {"op": op["op"], "path": op["path"]}
        if "value" in op:
            view["value"] = value_view(op["value"], org_id, app_id, env_id)
        change.append(view)
    return {
        "id": row["id"],
        "values": {k: value_view(v, org_id, app_id, env_id) for k, v in json.loads(row["value_set"]).items()},
        "change": change,
        "comment": row["comment"],
        "result_of": row["result_of"],
        "source_value_set_version_id": row["source_value_set_version_id"],
        "created_at": ts(row["created_at"]),
        "created_by": row["created_by"],
        "updated_at": ts(row["updated_at"]),
    }


def value_view(body: dict[str, Any], org_id: str, app_id: str, env_id: str | None) -> dict[str, Any]:
    """A stored value as the API shows it. ``env_id`` is the scope it is shown in: a value the
    environment inherited lives at the app's path."""
    secret, ref = bool(body["is_secret"]), body.get("secret_ref")
    where = env_id if body["source"] == "env" else None
    return {
        "key": body["key"],
        "value": "" if secret else body["value"],
        "description": body["description"],
        "is_secret": secret,
        "secret_key": (ref["ref"] if ref else secret_path(org_id, app_id, where, body["key"])) if secret else None,
        "secret_store_id": (ref["store"] if ref else ORCHESTRATOR_STORE) if secret else None,
        "secret_version": (ref.get("version") if ref else body["revision"]) if secret else None,
        "source": body["source"],
        "created_at": ts(datetime.fromisoformat(body["created_at"])),
        "updated_at": ts(datetime.fromisoformat(body["updated_at"])),
    }
