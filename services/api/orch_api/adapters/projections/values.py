"""Read models of shared values and secrets: the current values of each app and environment, and
every value set version. Only the projector writes them, so a replay rebuilds the same rows.

A purge wipes a value from every stored version of the app holding it. The app's events and its
environments' sit on different partitions, so a replay may project a version after the purge
that wiped it: ``purged_values`` remembers purges, and a version is wiped as it is written. Either
order ends in the same rows.
"""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.projections._types import Write
from orch_api.domain.values_sets import erase_in_version
from shared.contracts import values as c
from shared.messages import Envelope
from shared.postgres import Connection


def _stored(value: c.SharedValue) -> dict[str, Any]:
    return {**value.model_dump(mode="json"), "purged": False}


def _stored_op(op: c.ChangeOp) -> dict[str, Any]:
    out: dict[str, Any] = {"op": op.op, "path": op.path}
    if op.value is not None:
        out["value"] = _stored(op.value)
    return out


async def version_created(conn: Connection, e: c.ValueSetVersionCreated, env: Envelope) -> None:
    values = {k: _stored(v) for k, v in e.values.items()}
    change = [_stored_op(op) for op in e.change]
    updated_at = e.at
    for row in await conn.fetch(
        "SELECT key, revision, purged_at FROM purged_values WHERE org_id = $1 AND app_id = $2 ORDER BY purged_at",
        e.org_id,
        e.app_id,
    ):
        values, change, hit = erase_in_version(values, change, row["key"], row["revision"])
        updated_at = max(updated_at, row["purged_at"]) if hit else updated_at
    await conn.execute(
        "INSERT INTO value_set_versions (org_id, app_id, env_id, id, seq, value_set, change, keys_changed, comment,"
        " result_of, source_value_set_version_id, created_at, created_by, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.env_id or "",
        e.version_id,
        e.seq,
        json.dumps(values),
        json.dumps(change),
        [op.path.removeprefix("/") for op in e.change],
        e.comment,
        e.result_of,
        e.source_value_set_version_id,
        e.at,
        env.actor,
        updated_at,
    )
    await _replace_current(conn, e)


async def _replace_current(conn: Connection, e: c.ValueSetVersionCreated) -> None:
    """The scope's current values are the version's own ones (an environment's overrides only)."""
    own = "env" if e.env_id else "app"
    scope = (e.org_id, e.app_id, e.env_id or "")
    await conn.execute("DELETE FROM shared_values WHERE org_id = $1 AND app_id = $2 AND env_id = $3", *scope)
    await conn.executemany(
        "INSERT INTO shared_values (org_id, app_id, env_id, key, body) VALUES ($1, $2, $3, $4, $5::jsonb)",
        [(*scope, k, json.dumps(v.model_dump(mode="json"))) for k, v in e.values.items() if v.source == own],
    )


async def value_purged(conn: Connection, e: c.ValuePurged, _: Envelope) -> None:
    await conn.execute(
        "INSERT INTO purged_values (org_id, app_id, key, revision, purged_at) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.key,
        e.revision,
        e.at,
    )
    rows = await conn.fetch(
        "SELECT env_id, id, value_set, change, updated_at FROM value_set_versions"
        " WHERE org_id = $1 AND app_id = $2 AND value_set -> $3 ->> 'revision' = $4",
        e.org_id,
        e.app_id,
        e.key,
        e.revision,
    )
    for row in rows:
        values, change, _hit = erase_in_version(
            json.loads(row["value_set"]), json.loads(row["change"]), e.key, e.revision
        )
        await conn.execute(
            "UPDATE value_set_versions SET value_set = $5::jsonb, change = $6::jsonb, updated_at = $7"
            " WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
            e.org_id,
            e.app_id,
            row["env_id"],
            row["id"],
            json.dumps(values),
            json.dumps(change),
            max(row["updated_at"], e.at),
        )


WRITES: dict[str, Write] = {
    c.ValueSetVersionCreated.TYPE: version_created,
    c.ValuePurged.TYPE: value_purged,
}

TABLES: tuple[str, ...] = ("shared_values", "value_set_versions", "purged_values")


async def forget_values(conn: Connection, org_id: str, app_id: str, env_id: str | None = None) -> None:
    """For the projection of a deleted environment, or app (``env_id`` None): its values and
    versions go, so one created later under the same id starts afresh. The deletion events belong
    to another area, whose projection calls this. An app's environments are forgotten by their
    own ``EnvironmentDeleted`` (on their partitions, in order with their versions)."""
    scope = (org_id, app_id, env_id or "")
    for table in ("shared_values", "value_set_versions"):
        await conn.execute(f"DELETE FROM {table} WHERE org_id = $1 AND app_id = $2 AND env_id = $3", *scope)  # noqa: S608 - fixed names
    if env_id is None:
        await conn.execute("DELETE FROM purged_values WHERE org_id = $1 AND app_id = $2", org_id, app_id)
