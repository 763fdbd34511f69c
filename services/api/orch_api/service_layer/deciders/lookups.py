"""Read-model look-ups that several deciders need. They run inside the command's transaction."""

from __future__ import annotations

import json
from typing import Any

from orch_api.domain import model as m
from orch_api.domain.deployment_sets import EMPTY_SET_ID, empty_set
from orch_api.domain.environments import PastDeployment
from shared.postgres import Connection


async def last_status(conn: Connection, env: m.EnvState | None) -> str | None:
    if env is None or env.last_deploy_id is None:
        return None
    status = await conn.fetchval(
        "SELECT status FROM deployments WHERE org_id = $1 AND app_id = $2 AND env_id = $3 AND id = $4",
        env.org_id,
        env.app_id,
        env.env_id,
        env.last_deploy_id,
    )
    # Requested but not projected yet: it is certainly not finished.
    return str(status) if status is not None else "pending"


async def set_content(conn: Connection, org_id: str, app_id: str, set_id: str | None) -> dict[str, Any] | None:
    if set_id is None:
        return None
    if set_id == EMPTY_SET_ID:
        return empty_set()
    content = await conn.fetchval(
        "SELECT content FROM deployment_sets WHERE org_id = $1 AND app_id = $2 AND id = $3", org_id, app_id, set_id
    )
    return json.loads(content) if content is not None else None


async def past_deployment(conn: Connection, org_id: str, app_id: str, deploy_id: str | None) -> PastDeployment | None:
    """A deployment of the app, in any of its environments."""
    if deploy_id is None:
        return None
    row = await conn.fetchrow(
        "SELECT id, set_id FROM deployments WHERE org_id = $1 AND app_id = $2 AND id = $3", org_id, app_id, deploy_id
    )
    return PastDeployment(deploy_id=row["id"], set_id=row["set_id"]) if row is not None else None
