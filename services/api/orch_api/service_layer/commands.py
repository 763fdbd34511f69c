"""The command processor: load the states a command needs, decide, evolve, emit, record the outcome.

All of it happens in the one transaction the consumer runtime opens for the command, so a
command's events, the new aggregate states, its outcome and the consumer offset commit together.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel

from orch_api.adapters.aggregates import AggregateStore
from orch_api.domain import decide as d
from orch_api.domain import model as m
from orch_api.domain.deployment_sets import EMPTY_SET_ID, empty_set
from shared import contracts as c
from shared.consumer import Delivery, Handler
from shared.errors import DomainError, InvalidInput, NotFound, TransientError
from shared.kafka import EVENTS
from shared.messages import Event, Message
from shared.postgres import Connection

_Decider = Callable[[AggregateStore, Connection, Any], Awaitable[list[Event]]]


def route(event: Event) -> tuple[str, str, type[BaseModel]]:
    """The aggregate an event belongs to, its partition key and its state model."""
    match event:
        case c.OrgCreated():
            return m.org_aggregate_id(event.org_id), c.org_key(event.org_id), m.OrgState
        case c.AppCreated():
            return m.app_aggregate_id(event.org_id, event.app_id), c.app_key(event.org_id, event.app_id), m.AppState
        case c.EnvironmentCreated() | c.DeploymentRequested():
            env_key = c.env_key(event.org_id, event.app_id, event.env_id)
            return m.env_aggregate_id(event.org_id, event.app_id, event.env_id), env_key, m.EnvState
        case c.ResourceDefinitionCreated():
            agg = m.definition_aggregate_id(event.org_id, event.definition.id)
            return agg, c.org_key(event.org_id), m.DefinitionState
        case c.DeltaCreated():
            agg = m.delta_aggregate_id(event.org_id, event.app_id, event.delta_id)
            return agg, c.app_key(event.org_id, event.app_id), m.DeltaState
    msg = f"no aggregate for {type(event).__name__}"
    raise TypeError(msg)


async def _create_org(store: AggregateStore, _: Connection, cmd: c.CreateOrg) -> list[Event]:
    state, _v = await store.load(m.org_aggregate_id(cmd.org_id), m.OrgState)
    return d.decide_create_org(state, cmd)


async def _create_app(store: AggregateStore, _: Connection, cmd: c.CreateApp) -> list[Event]:
    org, _v = await store.load(m.org_aggregate_id(cmd.org_id), m.OrgState)
    app, _v = await store.load(m.app_aggregate_id(cmd.org_id, cmd.app_id), m.AppState)
    return d.decide_create_app(org, app, cmd)


async def _create_definition(store: AggregateStore, _: Connection, cmd: c.CreateResourceDefinition) -> list[Event]:
    org, _v = await store.load(m.org_aggregate_id(cmd.org_id), m.OrgState)
    state, _v = await store.load(m.definition_aggregate_id(cmd.org_id, cmd.definition.id), m.DefinitionState)
    return d.decide_create_definition(org, state, cmd)


async def _create_delta(store: AggregateStore, _: Connection, cmd: c.CreateDelta) -> list[Event]:
    app, _v = await store.load(m.app_aggregate_id(cmd.org_id, cmd.app_id), m.AppState)
    state, _v = await store.load(m.delta_aggregate_id(cmd.org_id, cmd.app_id, cmd.delta_id), m.DeltaState)
    return d.decide_create_delta(app, state, cmd)


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


DECIDERS: dict[str, _Decider] = {
    c.CreateOrg.TYPE: _create_org,
    c.CreateApp.TYPE: _create_app,
    c.CreateResourceDefinition.TYPE: _create_definition,
    c.CreateDelta.TYPE: _create_delta,
    c.CreateDeployment.TYPE: _create_deployment,
}


async def handle_command(delivery: Delivery) -> None:
    decider = DECIDERS[delivery.envelope.type]
    async with delivery.transaction() as uow:
        store = AggregateStore(uow.conn)
        try:
            events = await decider(store, uow.conn, delivery.message)
        except (DomainError, NotFound, InvalidInput) as err:
            await store.record_result(
                delivery.envelope.id, accepted=False, http_status=err.http_status, error=err.to_body()
            )
            return
        event_ids = []
        for event in events:
            aggregate_id, key, model = route(event)
            state, version = await store.load(aggregate_id, model)
            await store.save(aggregate_id, d.evolve(event, state), version + 1)
            emitted = await uow.emit(
                event, topic=EVENTS, key=key, aggregate_id=aggregate_id, aggregate_version=version + 1
            )
            event_ids.append(emitted.id)
        await store.record_result(
            delivery.envelope.id, accepted=True, http_status=201, event_ids=event_ids, result=_result(events)
        )


def _result(events: list[Event]) -> dict[str, Any]:
    first: Message = events[0]
    return {"type": first.TYPE, **first.model_dump(mode="json", include={"deploy_id", "set_id"})}


def command_handlers() -> dict[str, Handler]:
    return dict.fromkeys(DECIDERS, handle_command)
