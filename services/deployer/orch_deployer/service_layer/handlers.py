"""The deployer's handlers: start sagas from resolved graphs, move them on driver results."""

from __future__ import annotations

from orch_deployer.adapters.runs import load_run, run_key, save_run
from orch_deployer.domain import saga
from shared import contracts as c
from shared.consumer import Delivery, Handler
from shared.kafka import DRIVER_CALLS, EVENTS
from shared.unit_of_work import UnitOfWork

DEPLOYER_GROUP = "deployer"


def _aggregate_id(run: saga.DeploymentRun) -> str:
    return f"deployment:{run_key(run.org_id, run.app_id, run.env_id, run.deploy_id)}"


async def _apply(uow: UnitOfWork, step: saga.Step) -> None:
    run = step.run
    await save_run(uow.conn, run)
    key = c.env_key(run.org_id, run.app_id, run.env_id)
    ids = {"org_id": run.org_id, "app_id": run.app_id, "env_id": run.env_id, "deploy_id": run.deploy_id}
    for node in step.to_request:
        call = c.DriverCallRequested(**ids, call_id=saga.call_id(run.deploy_id, node.guresid), node=node)
        await uow.emit(call, topic=DRIVER_CALLS, key=key, aggregate_id=_aggregate_id(run))
    if step.finished:
        final: c.DeploymentSucceeded | c.DeploymentFailed = (
            c.DeploymentSucceeded(**ids) if run.status == "succeeded" else c.DeploymentFailed(**ids, errors=run.errors)
        )
        await uow.emit(final, topic=EVENTS, key=key, aggregate_id=_aggregate_id(run))


async def on_resolved(delivery: Delivery) -> None:
    e = delivery.message
    assert isinstance(e, c.DeploymentResolved)
    async with delivery.transaction() as uow:
        if await load_run(uow.conn, run_key(e.org_id, e.app_id, e.env_id, e.deploy_id)) is not None:
            return  # already started: this is a copy of the event
        await _apply(uow, saga.start(e.org_id, e.app_id, e.env_id, e.deploy_id, e.nodes, env_type=e.env_type))


async def on_call_succeeded(delivery: Delivery) -> None:
    e = delivery.message
    assert isinstance(e, c.DriverCallSucceeded)
    async with delivery.transaction() as uow:
        run = await load_run(uow.conn, run_key(e.org_id, e.app_id, e.env_id, e.deploy_id))
        if run is not None:
            await _apply(uow, saga.call_succeeded(run, e.guresid, e.outputs))


async def on_call_failed(delivery: Delivery) -> None:
    e = delivery.message
    assert isinstance(e, c.DriverCallFailed)
    async with delivery.transaction() as uow:
        run = await load_run(uow.conn, run_key(e.org_id, e.app_id, e.env_id, e.deploy_id))
        if run is not None:
            await _apply(uow, saga.call_failed(run, e.guresid, e.error))


def handlers() -> dict[str, Handler]:
    return {
        c.DeploymentResolved.TYPE: on_resolved,
        c.DriverCallSucceeded.TYPE: on_call_succeeded,
        c.DriverCallFailed.TYPE: on_call_failed,
    }
