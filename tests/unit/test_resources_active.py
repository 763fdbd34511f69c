"""Active resources' pure parts, and where resource events go: their aggregates, partition keys
and read-model writes."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from orch_api.adapters.projections import all_writes
from orch_api.adapters.projections import deployments as deployment_projections
from orch_api.domain import resources_model as rm
from orch_api.domain.resources_active import UsingResource, decide_delete_active_resource, rematched
from orch_api.domain.resources_model import OwnedCriterion
from orch_api.service_layer.deciders import all_routes
from shared import contracts as c
from shared.contracts import resources as rc
from shared.errors import NotFound
from shared.messages import Event

WEB = UsingResource("shop", "dev", "development", "workload", "default", "modules.web", "g1")
DELETE = rc.DeleteActiveResource(org_id="acme", app_id="shop", env_id="dev", type="workload", res_id="modules.web")


class TestDeleteActiveResource:
    def test_marks_the_resources_not_marked_yet(self) -> None:
        (event,) = decide_delete_active_resource(DELETE, {"g2": False, "g1": False, "g3": True})

        assert (
            rc.ActiveResourceDeletionScheduled(
                org_id="acme", app_id="shop", env_id="dev", type="workload", res_id="modules.web", guresids=("g1", "g2")
            )
            == event
        )

    def test_deleting_what_is_marked_already_changes_nothing(self) -> None:
        assert [] == decide_delete_active_resource(DELETE, {"g1": True})

    def test_an_unknown_resource_is_404(self) -> None:
        with pytest.raises(NotFound):
            decide_delete_active_resource(DELETE, {})


class TestRematched:
    def test_lists_the_resources_whose_best_definition_would_change(self) -> None:
        after = [OwnedCriterion(def_id="other", criterion=c.Criterion(id="x", app_id="shop"))]

        assert [
            {"app_id": "shop", "env_id": "dev", "res_id": "modules.web", "from_def": "mine", "to_def": "other"}
        ] == (rematched("mine", [WEB], after))

    def test_resources_that_stay_with_the_definition_are_not_listed(self) -> None:
        after = [OwnedCriterion(def_id="mine", criterion=c.Criterion(id="x"))]

        assert [] == rematched("mine", [WEB], after)


SPEC = c.ResourceDefinitionSpec(id="pg", name="pg", type="postgres", driver_type="humanitec/echo")
DELETED = rc.ResourceDefinitionDeleted(org_id="acme", def_id="pg", type="postgres", version_id="v")
DRIVER = rc.DriverSpec(id="d", type="any", target="http://x/")
SCHEDULED = rc.ActiveResourceDeletionScheduled(
    org_id="acme", app_id="shop", env_id="dev", type="dns", res_id="r", guresids=("g",)
)
Where = tuple[str, str, type[BaseModel], tuple[str, ...]]
DEF: Where = ("def:acme/pg", "acme", rm.DefinitionRecord, ())
DEF_AND_INDEX: Where = ("def:acme/pg", "acme", rm.DefinitionRecord, ("restype:acme/postgres",))
ROUTED: list[tuple[Event, Where]] = [
    (c.ResourceDefinitionCreated(org_id="acme", definition=SPEC), DEF_AND_INDEX),
    (rc.ResourceDefinitionUpdated(org_id="acme", definition=SPEC), DEF),
    (rc.ResourceDefinitionVersionProposed(org_id="acme", definition=SPEC), DEF),
    (rc.ResourceDefinitionCriteriaChanged(org_id="acme", definition=SPEC), DEF_AND_INDEX),
    (DELETED, DEF_AND_INDEX),
    (
        rc.ResourceTypeCreated(org_id="acme", spec=rc.ResourceTypeSpec(type="acme/queue")),
        ("restype:acme/acme/queue", "acme", rm.ResourceTypeRecord, ()),
    ),
    (
        rc.ResourceClassCreated(org_id="acme", type="dns", class_id="x", description=""),
        ("restype:acme/dns", "acme", rm.ResourceTypeRecord, ()),
    ),
    (rc.DriverRegistered(org_id="acme", driver=DRIVER), ("driver:acme/d", "acme", rm.DriverRecord, ())),
    (SCHEDULED, ("activeres:acme/shop/dev/dns/r", "acme/shop/dev", rm.ActiveResourceRecord, ())),
]


class TestRouting:
    @pytest.mark.parametrize(("event", "where"), ROUTED, ids=[type(event).__name__ for event, _ in ROUTED])
    def test_each_event_goes_to_its_aggregate_and_key(self, event: Event, where: Where) -> None:
        routing = all_routes()[event.TYPE](event)

        assert where == (
            routing.aggregate_id,
            routing.key,
            routing.model,
            tuple(a.aggregate_id for a in routing.also),
        )

    def test_every_resource_event_is_routed_and_projected(self) -> None:
        events = [m for m in rc.MESSAGES if m.KIND == "event"]

        assert [] == [m.TYPE for m in events if m.TYPE not in all_routes()]
        assert [] == [m.TYPE for m in events if m.TYPE not in all_writes()]

    def test_a_resolved_deployment_is_projected_by_both_areas(self) -> None:
        assert all_writes()[c.DeploymentResolved.TYPE] is not deployment_projections.WRITES[c.DeploymentResolved.TYPE]
