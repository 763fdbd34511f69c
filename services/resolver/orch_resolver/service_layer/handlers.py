"""The resolver's handlers: keep definitions, resolve requested deployments into graphs."""

from __future__ import annotations

from orch_resolver.adapters.definitions import definitions_of, delete_definition, save_definition
from shared import contracts as c
from shared.consumer import Delivery, Handler
from shared.contracts import resources as rc
from shared.kafka import EVENTS
from shared.resolution.graph import DeploymentContext, ResolutionError, graph_id, resolve

RESOLVER_GROUP = "resolver"


def deployment_aggregate_id(org_id: str, app_id: str, env_id: str, deploy_id: str) -> str:
    return f"deployment:{org_id}/{app_id}/{env_id}/{deploy_id}"


async def on_definition_changed(delivery: Delivery) -> None:
    """Created, updated (or a version promoted), criteria changed: each event carries the whole
    definition as it is now, so keeping it is one upsert. Proposed versions are not in use and do
    not come here."""
    event = delivery.message
    assert isinstance(
        event, (c.ResourceDefinitionCreated, rc.ResourceDefinitionUpdated, rc.ResourceDefinitionCriteriaChanged)
    )
    async with delivery.transaction() as uow:
        await save_definition(uow.conn, event.org_id, event.definition)


async def on_definition_deleted(delivery: Delivery) -> None:
    """A deleted definition matches nothing any more; the next deployment re-matches its resources."""
    event = delivery.message
    assert isinstance(event, rc.ResourceDefinitionDeleted)
    async with delivery.transaction() as uow:
        await delete_definition(uow.conn, event.org_id, event.def_id)


async def on_deployment_requested(delivery: Delivery) -> None:
    e = delivery.message
    assert isinstance(e, c.DeploymentRequested)
    ctx = DeploymentContext(e.org_id, e.app_id, e.env_id, e.env_type)
    async with delivery.transaction() as uow:
        definitions = await definitions_of(uow.conn, e.org_id)
        ids = {"org_id": e.org_id, "app_id": e.app_id, "env_id": e.env_id, "deploy_id": e.deploy_id}
        try:
            nodes = resolve(ctx, e.deployment_set, definitions)
            outcome: c.DeploymentResolved | c.DeploymentFailed = c.DeploymentResolved(
                **ids, nodes=tuple(nodes), env_type=e.env_type, graph_id=graph_id(nodes)
            )
        except ResolutionError as err:
            outcome = c.DeploymentFailed(**ids, errors=tuple(err.errors))
        await uow.emit(
            outcome,
            topic=EVENTS,
            key=c.env_key(e.org_id, e.app_id, e.env_id),
            aggregate_id=deployment_aggregate_id(e.org_id, e.app_id, e.env_id, e.deploy_id),
        )


def handlers() -> dict[str, Handler]:
    return {
        c.ResourceDefinitionCreated.TYPE: on_definition_changed,
        rc.ResourceDefinitionUpdated.TYPE: on_definition_changed,
        rc.ResourceDefinitionCriteriaChanged.TYPE: on_definition_changed,
        rc.ResourceDefinitionDeleted.TYPE: on_definition_deleted,
        c.DeploymentRequested.TYPE: on_deployment_requested,
    }
