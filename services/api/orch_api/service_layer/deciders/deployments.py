"""Deciders and routes for deployments."""

from __future__ import annotations

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import deployments as d
from orch_api.domain import model as m
from orch_api.service_layer.deciders._types import Decider, RouteFn, Routing
from orch_api.service_layer.deciders.lookups import last_status, set_content
from orch_api.service_layer.deciders.values import latest_version_id
from shared import contracts as c
from shared.contracts.deltas import DeltaContent
from shared.errors import TransientError
from shared.messages import Event
from shared.postgres import Connection


async def _create_deployment(store: AggregateStore, conn: Connection, cmd: c.CreateDeployment) -> list[Event]:
    env, _v = await store.load(m.env_aggregate_id(cmd.org_id, cmd.app_id, cmd.env_id), m.EnvState)
    base_set_id = env.base_set_id if env else None
    base_set = await set_content(conn, cmd.org_id, cmd.app_id, base_set_id)
    if base_set_id is not None and base_set is None:
        # The projector has not stored that set yet; deciding now would lose modules.
        raise TransientError(f"deployment set {base_set_id} not projected yet")
    inputs = d.DeploymentInputs(
        env=env,
        active_status=await last_status(conn, env),
        base_set=base_set,
        delta=await _delta(conn, cmd),
        requested_set=await set_content(conn, cmd.org_id, cmd.app_id, cmd.set_id),
    )
    if cmd.value_set_version_id is None:
        # Pin the values the deployment uses: the environment's newest value set version.
        latest = await latest_version_id(store, cmd.org_id, cmd.app_id, cmd.env_id)
        cmd = cmd.model_copy(update={"value_set_version_id": latest})
    return d.decide_create_deployment(inputs, cmd)


async def _delta(conn: Connection, cmd: c.CreateDeployment) -> DeltaContent | None:
    """The requested delta, from its read model (the API answered its writes only once projected)."""
    if cmd.delta_id is None:
        return None
    body = await conn.fetchval(
        "SELECT body FROM deltas WHERE org_id = $1 AND app_id = $2 AND id = $3", cmd.org_id, cmd.app_id, cmd.delta_id
    )
    return DeltaContent.model_validate_json(body) if body is not None else None


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
