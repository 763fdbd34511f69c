"""The projector: events in, read-model rows out, each in the runtime's transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from orch_api.adapters import projection_writes as w
from shared import contracts as c
from shared.consumer import Delivery, Handler
from shared.messages import Envelope
from shared.postgres import Connection

PROJECTOR_GROUP = "api-projector"

_Write = Callable[[Connection, Any, Envelope], Awaitable[None]]

WRITES: dict[str, _Write] = {
    c.OrgCreated.TYPE: w.org_created,
    c.AppCreated.TYPE: w.app_created,
    c.EnvironmentCreated.TYPE: w.environment_created,
    c.ResourceDefinitionCreated.TYPE: w.definition_created,
    c.DeltaCreated.TYPE: w.delta_created,
    c.DeploymentRequested.TYPE: w.deployment_requested,
    c.DeploymentResolved.TYPE: w.deployment_resolved,
    c.DeploymentSucceeded.TYPE: w.deployment_succeeded,
    c.DeploymentFailed.TYPE: w.deployment_failed,
}

READ_MODEL_TABLES = ("orgs", "apps", "envs", "resource_definitions", "deltas", "deployment_sets", "deployments")


async def project(delivery: Delivery) -> None:
    write = WRITES[delivery.envelope.type]
    async with delivery.transaction() as uow:
        await write(uow.conn, delivery.message, delivery.envelope)


def projection_handlers() -> dict[str, Handler]:
    return dict.fromkeys(WRITES, project)
