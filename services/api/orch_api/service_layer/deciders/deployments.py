"""Deciders and routes for deployments."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import deployments as d
from orch_api.domain import model as m
from orch_api.domain.deployment_sets import EMPTY_SET_ID, empty_set
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from shared import contracts as c
from shared.errors import TransientError
from shared.messages import Event
from shared.postgres import Connection


async def _create_deployment(store: AggregateStore, conn: Connection, cmd: c.CreateDeployment) -> list[Event]:
    env, _v = await store.load(m.env_aggregate_id(cmd.org_id, cmd.app_id, cmd.env_id), m.EnvState)
    base_set = await _set(conn, cmd.org_id, cmd.app_id, env.last_set_id if env else None)
    if env is not None and env.last_set_id is not None and base_set is None:
        # The projector has not stored the newest set yet; deciding now would lose modules.
        raise TransientError(f"deployment set {env.last_set_id} not projected yet")
    inputs = d.DeploymentInputs(
        env=env,
        active_status=await _last_status(conn, env),
        base_set=base_set,
        delta_modules=await _delta_modules(conn, cmd),
        requested_set=await _set(conn, cmd.org_id, cmd.app_id, cmd.set_id),
    )
    return d.decide_create_deployment(inputs, cmd)


async def _last_status(conn: Connection, env: m.EnvState | None) -> str | None:
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


async def _set(conn: Connection, org_id: str, app_id: str, set_id: str | None) -> dict[str, Any] | None:
    if set_id is None:
        return None
    if set_id == EMPTY_SET_ID:
        return empty_set()
    content = await conn.fetchval(
        "SELECT content FROM deployment_sets WHERE org_id = $1 AND app_id = $2 AND id = $3", org_id, app_id, set_id
    )
    return json.loads(content) if content is not None else None


async def _delta_modules(conn: Connection, cmd: c.CreateDeployment) -> dict[str, Any] | None:
    if cmd.delta_id is None:
        return None
    body = await conn.fetchval(
        "SELECT body FROM deltas WHERE org_id = $1 AND app_id = $2 AND id = $3", cmd.org_id, cmd.app_id, cmd.delta_id
    )
    return json.loads(body).get("modules", {}) if body is not None else None


DECIDERS: dict[str, Decider] = {
    c.CreateDeployment.TYPE: _create_deployment,
}

ROUTES: dict[str, RouteFn] = {
    c.DeploymentRequested.TYPE: lambda e: Routing(
        m.env_aggregate_id(e.org_id, e.app_id, e.env_id),
        c.env_key(e.org_id, e.app_id, e.env_id),
        m.EnvState,
        d.deployment_requested,
    ),
}
