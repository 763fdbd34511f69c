"""Read models of deltas and deployment sets.
Only the projector writes them, so a replay rebuilds the same rows.

Every change stamps ``last_modified_at`` with the event's time and adds the event's actor to
``contributers`` unless they created the delta or are listed already."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.projections._types import Write
from shared.contracts import deltas as cd
from shared.messages import Envelope
from shared.postgres import Connection


async def delta_created(conn: Connection, e: cd.DeltaCreated, env: Envelope) -> None:
    body = cd.DeltaContent(modules=e.modules, shared=e.shared).model_dump(mode="json")
    await conn.execute(
        "INSERT INTO deltas (org_id, app_id, id, env_id, name, body, created_at, created_by, last_modified_at)"
        " VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $7) ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.delta_id,
        e.env_id,
        e.name,
        json.dumps(body),
        env.occurred_at,
        env.actor,
    )


async def delta_updated(conn: Connection, e: cd.DeltaUpdated, env: Envelope) -> None:
    await _change(conn, e, env, "body = $6::jsonb", json.dumps(e.content.model_dump(mode="json")))


async def delta_archived(conn: Connection, e: cd.DeltaArchived, env: Envelope) -> None:
    await _change(conn, e, env, "archived = $6", True)  # noqa: FBT003 - a SQL parameter


async def delta_unarchived(conn: Connection, e: cd.DeltaUnarchived, env: Envelope) -> None:
    await _change(conn, e, env, "archived = $6", False)  # noqa: FBT003 - a SQL parameter


async def delta_env_changed(conn: Connection, e: cd.DeltaEnvChanged, env: Envelope) -> None:
    await _change(conn, e, env, "env_id = $6", e.env_id)


async def delta_renamed(conn: Connection, e: cd.DeltaRenamed, env: Envelope) -> None:
    await _change(conn, e, env, "name = $6", e.name)


async def _change(
    conn: Connection,
    e: cd.DeltaUpdated | cd.DeltaArchived | cd.DeltaUnarchived | cd.DeltaEnvChanged | cd.DeltaRenamed,
    env: Envelope,
    assignment: str,
    value: Any,  # noqa: ANN401 - the assigned column's value
) -> None:
    await conn.execute(
        f"UPDATE deltas SET {assignment}, last_modified_at = $4, contributers = CASE"  # noqa: S608 - fixed texts
        " WHEN $5 = created_by OR $5 = ANY(contributers) THEN contributers ELSE array_append(contributers, $5) END"
        " WHERE org_id = $1 AND app_id = $2 AND id = $3",
        e.org_id,
        e.app_id,
        e.delta_id,
        env.occurred_at,
        env.actor,
        value,
    )


async def deployment_set_created(conn: Connection, e: cd.DeploymentSetCreated, _: Envelope) -> None:
    await conn.execute(
        "INSERT INTO deployment_sets (org_id, app_id, id, content) VALUES ($1, $2, $3, $4::jsonb)"
        " ON CONFLICT DO NOTHING",
        e.org_id,
        e.app_id,
        e.set_id,
        json.dumps(e.deployment_set),
    )


WRITES: dict[str, Write] = {
    cd.DeltaCreated.TYPE: delta_created,
    cd.DeltaUpdated.TYPE: delta_updated,
    cd.DeltaArchived.TYPE: delta_archived,
    cd.DeltaUnarchived.TYPE: delta_unarchived,
    cd.DeltaEnvChanged.TYPE: delta_env_changed,
    cd.DeltaRenamed.TYPE: delta_renamed,
    cd.DeploymentSetCreated.TYPE: deployment_set_created,
}

TABLES: tuple[str, ...] = ("deltas", "deployment_sets")
