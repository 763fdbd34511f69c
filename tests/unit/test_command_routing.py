"""Which aggregate and partition key each event of the API belongs to."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from orch_api.domain.model import AppState, DeltaState, EnvState, OrgState
from orch_api.domain.resources_model import DefinitionRecord
from orch_api.service_layer.deciders import all_routes
from shared import contracts as c
from shared.messages import Event

DEFINITION = c.ResourceDefinitionSpec(id="echo", name="Echo", type="workload", driver_type="humanitec/echo")
REQUESTED = c.DeploymentRequested(
    org_id="acme",
    app_id="shop",
    env_id="dev",
    env_type="development",
    deploy_id="deploy-1",
    set_id="0" * 43,
    deployment_set={"modules": {}, "shared": {}},
)

ROUTES: list[tuple[Event, tuple[str, str, type[BaseModel]]]] = [
    (c.OrgCreated(org_id="acme", name="Acme"), ("org:acme", "acme", OrgState)),
    (c.AppCreated(org_id="acme", app_id="shop", name="Shop"), ("app:acme/shop", "acme/shop", AppState)),
    (
        c.EnvironmentCreated(org_id="acme", app_id="shop", env_id="dev", name="Dev", type="development"),
        ("env:acme/shop/dev", "acme/shop/dev", EnvState),
    ),
    (REQUESTED, ("env:acme/shop/dev", "acme/shop/dev", EnvState)),
    (c.ResourceDefinitionCreated(org_id="acme", definition=DEFINITION), ("def:acme/echo", "acme", DefinitionRecord)),
    (
        c.DeltaCreated(org_id="acme", app_id="shop", delta_id="delta-1"),
        ("delta:acme/shop/delta-1", "acme/shop", DeltaState),
    ),
]


def route(event: Event) -> tuple[str, str, type[BaseModel]]:
    routing = all_routes()[event.TYPE](event)
    return routing.aggregate_id, routing.key, routing.model


class TestRoute:
    @pytest.mark.parametrize(("event", "expected"), ROUTES, ids=[type(event).__name__ for event, _ in ROUTES])
    def test_maps_each_event_to_its_aggregate_key_and_state(
        self, event: Event, expected: tuple[str, str, type[BaseModel]]
    ) -> None:
        assert route(event) == expected

    def test_environment_level_events_are_keyed_org_app_env(self) -> None:
        _, key, _ = route(REQUESTED)

        assert key == c.env_key("acme", "shop", "dev") == "acme/shop/dev"

    def test_app_level_events_are_keyed_org_app(self) -> None:
        _, key, _ = route(c.DeltaCreated(org_id="acme", app_id="shop", delta_id="delta-1"))

        assert key == c.app_key("acme", "shop") == "acme/shop"

    def test_an_event_without_an_aggregate_is_refused(self) -> None:
        event = c.DeploymentSucceeded(org_id="acme", app_id="shop", env_id="dev", deploy_id="deploy-1")

        assert event.TYPE not in all_routes()
