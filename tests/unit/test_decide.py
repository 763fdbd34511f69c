"""The API's pure decisions (``decide_*``) and how events fold into aggregate states (``evolve``)."""

from __future__ import annotations

from typing import Any

import pytest

from orch_api.domain.deltas import decide_create_delta
from orch_api.domain.deployment_sets import EMPTY_SET_ID, set_id
from orch_api.domain.deployments import DeploymentInputs, decide_create_deployment
from orch_api.domain.model import AppState, DeltaState, EnvState, EnvTypeState, OrgState
from orch_api.domain.orgs import DEFAULT_ENV, decide_create_app, decide_create_org
from orch_api.service_layer.deciders import all_routes
from shared import contracts as c
from shared.contracts.deltas import DeltaContent, ModuleDeltas
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event


def evolve(event: Event, state: Any) -> Any:
    """Fold an event as the command processor does: through its route; unrouted events change nothing."""
    route = all_routes().get(event.TYPE)
    return route(event).evolve(event, state) if route is not None else state


DEV_TYPE = EnvTypeState(org_id="acme", env_type_id="development")
ORG = OrgState(org_id="acme", name="Acme")
APP = AppState(org_id="acme", app_id="shop", name="Shop")
ENV = EnvState(org_id="acme", app_id="shop", env_id="development", name="Development", type="development")
DEPLOYED_ENV = ENV.model_copy(update={"last_deploy_id": "deploy-1", "last_set_id": "set-1"})

API_MODULE: dict[str, Any] = {"externals": {}, "profile": "humanitec/default-module", "spec": {"image": "api:1"}}
WEB_MODULE: dict[str, Any] = {"externals": {}, "profile": "humanitec/default-module", "spec": {"image": "web:1"}}


def create_app_cmd(env: c.EnvSpec | None = None) -> c.CreateApp:
    return c.CreateApp(org_id="acme", app_id="shop", name="Shop", env=env)


def create_deployment_cmd(
    *, delta_id: str | None = "delta-1", set_id: str | None = None, comment: str = ""
) -> c.CreateDeployment:
    return c.CreateDeployment(
        org_id="acme",
        app_id="shop",
        env_id="development",
        deploy_id="deploy-2",
        delta_id=delta_id,
        set_id=set_id,
        comment=comment,
    )


def deployment_inputs(
    *,
    env: EnvState | None = ENV,
    active_status: str | None = None,
    base_set: dict[str, Any] | None = None,
    delta_modules: dict[str, Any] | None = None,
    requested_set: dict[str, Any] | None = None,
) -> DeploymentInputs:
    return DeploymentInputs(
        env=env,
        active_status=active_status,
        base_set=base_set,
        delta=DeltaContent(modules=ModuleDeltas.model_validate(delta_modules)) if delta_modules is not None else None,
        requested_set=requested_set,
    )


def only_requested(events: list[Event]) -> c.DeploymentRequested:
    assert len(events) == 1
    (event,) = events
    assert isinstance(event, c.DeploymentRequested)
    return event


class TestDecideCreateOrg:
    def test_creates_an_org_that_does_not_exist(self) -> None:
        events = decide_create_org(None, c.CreateOrg(org_id="acme", name="Acme"))

        assert events == [
            c.OrgCreated(org_id="acme", name="Acme"),
            c.EnvironmentTypeCreated(
                org_id="acme", env_type_id="development", description="Created with the organization"
            ),
        ]

    def test_refuses_an_org_that_exists_with_409(self) -> None:
        with pytest.raises(Conflict) as caught:
            decide_create_org(ORG, c.CreateOrg(org_id="acme", name="Acme again"))

        assert caught.value.http_status == 409
        assert caught.value.code == "API-409"
        assert caught.value.details == {"org_id": "acme"}


class TestDecideCreateApp:
    def test_creates_the_app_with_the_default_development_environment(self) -> None:
        events = decide_create_app(ORG, None, DEV_TYPE, create_app_cmd())

        assert events == [
            c.AppCreated(org_id="acme", app_id="shop", name="Shop"),
            c.EnvironmentCreated(
                org_id="acme", app_id="shop", env_id="development", name="Development", type="development"
            ),
        ]

    def test_the_default_environment_is_development(self) -> None:
        assert c.EnvSpec(id="development", name="Development", type="development") == DEFAULT_ENV

    def test_creates_the_app_with_a_custom_first_environment(self) -> None:
        prod_type = EnvTypeState(org_id="acme", env_type_id="production")
        events = decide_create_app(
            ORG, None, prod_type, create_app_cmd(c.EnvSpec(id="prod", name="Production", type="production"))
        )

        assert events == [
            c.AppCreated(org_id="acme", app_id="shop", name="Shop"),
            c.EnvironmentCreated(org_id="acme", app_id="shop", env_id="prod", name="Production", type="production"),
        ]

    def test_refuses_an_app_in_an_org_that_does_not_exist(self) -> None:
        with pytest.raises(NotFound) as caught:
            decide_create_app(None, None, DEV_TYPE, create_app_cmd())

        assert caught.value.http_status == 404
        assert caught.value.details == {"org_id": "acme"}

    def test_refuses_an_app_that_exists_with_409(self) -> None:
        with pytest.raises(Conflict) as caught:
            decide_create_app(ORG, APP, DEV_TYPE, create_app_cmd())

        assert caught.value.http_status == 409
        assert caught.value.details == {"app_id": "shop"}


class TestDecideCreateDelta:
    CMD = c.CreateDelta(
        org_id="acme",
        app_id="shop",
        delta_id="delta-1",
        env_id="development",
        name="first",
        modules={"add": {"api": API_MODULE}},
    )

    def test_creates_a_delta_with_the_commands_content(self) -> None:
        events = decide_create_delta(APP, None, self.CMD)

        assert events == [
            c.DeltaCreated(
                org_id="acme",
                app_id="shop",
                delta_id="delta-1",
                env_id="development",
                name="first",
                modules={"add": {"api": API_MODULE}},
            )
        ]

    def test_refuses_a_delta_for_an_app_that_does_not_exist(self) -> None:
        with pytest.raises(NotFound) as caught:
            decide_create_delta(None, None, self.CMD)

        assert caught.value.http_status == 404
        assert caught.value.details == {"app_id": "shop"}

    def test_refuses_a_delta_that_exists_with_409(self) -> None:
        existing = DeltaState(org_id="acme", app_id="shop", delta_id="delta-1")

        with pytest.raises(Conflict) as caught:
            decide_create_delta(APP, existing, self.CMD)

        assert caught.value.http_status == 409
        assert caught.value.details == {"delta_id": "delta-1"}


class TestDecideCreateDeployment:
    def test_applies_the_delta_to_the_environments_current_set(self) -> None:
        base = {"modules": {"api": API_MODULE}, "shared": {}}
        inputs = deployment_inputs(env=DEPLOYED_ENV, base_set=base, delta_modules={"add": {"web": WEB_MODULE}})

        event = only_requested(decide_create_deployment(inputs, create_deployment_cmd()))

        expected_set = {"modules": {"api": API_MODULE, "web": WEB_MODULE}, "shared": {}}
        assert event.deployment_set == expected_set
        assert event.set_id == set_id(expected_set)

    def test_applies_the_delta_to_the_empty_set_in_a_new_environment(self) -> None:
        inputs = deployment_inputs(delta_modules={"add": {"api": API_MODULE}})

        event = only_requested(decide_create_deployment(inputs, create_deployment_cmd()))

        assert event.deployment_set == {"modules": {"api": API_MODULE}, "shared": {}}

    def test_a_delta_removing_every_module_deploys_the_empty_set(self) -> None:
        base = {"modules": {"api": API_MODULE}, "shared": {}}
        inputs = deployment_inputs(env=DEPLOYED_ENV, base_set=base, delta_modules={"remove": ["api"]})

        event = only_requested(decide_create_deployment(inputs, create_deployment_cmd()))

        assert event.set_id == EMPTY_SET_ID

    def test_deploys_a_requested_set_as_it_is(self) -> None:
        requested = {"modules": {"web": WEB_MODULE}, "shared": {}}
        inputs = deployment_inputs(env=DEPLOYED_ENV, base_set={"modules": {"api": API_MODULE}}, requested_set=requested)

        event = only_requested(decide_create_deployment(inputs, create_deployment_cmd(delta_id=None, set_id="x")))

        assert event.deployment_set == requested
        assert event.set_id == set_id(requested)
        assert event.delta_id is None

    def test_refuses_a_request_with_neither_delta_nor_set(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            decide_create_deployment(deployment_inputs(), create_deployment_cmd(delta_id=None, set_id=None))

        assert caught.value.http_status == 400

    def test_refuses_a_delta_that_does_not_exist(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            decide_create_deployment(deployment_inputs(delta_modules=None), create_deployment_cmd(delta_id="nope"))

        assert caught.value.details == {"delta_id": "nope"}

    def test_refuses_a_set_that_does_not_exist(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            decide_create_deployment(
                deployment_inputs(requested_set=None), create_deployment_cmd(delta_id=None, set_id="nope")
            )

        assert caught.value.details == {"set_id": "nope"}

    @pytest.mark.parametrize("status", ["pending", "in progress"])
    def test_refuses_while_a_deployment_is_running(self, status: str) -> None:
        inputs = deployment_inputs(env=DEPLOYED_ENV, active_status=status, delta_modules={})

        with pytest.raises(Conflict) as caught:
            decide_create_deployment(inputs, create_deployment_cmd())

        assert caught.value.http_status == 409
        assert caught.value.details == {"env_id": "development", "deploy_id": "deploy-1", "status": status}

    @pytest.mark.parametrize("status", ["succeeded", "failed"])
    def test_allows_a_deployment_after_the_last_one_ended(self, status: str) -> None:
        inputs = deployment_inputs(env=DEPLOYED_ENV, active_status=status, delta_modules={})

        event = only_requested(decide_create_deployment(inputs, create_deployment_cmd()))

        assert event.deploy_id == "deploy-2"

    def test_starts_from_the_environments_last_deployment(self) -> None:
        inputs = deployment_inputs(env=DEPLOYED_ENV, active_status="succeeded", delta_modules={})

        event = only_requested(decide_create_deployment(inputs, create_deployment_cmd()))

        assert event.from_id == "deploy-1"

    def test_the_first_deployment_starts_from_nothing(self) -> None:
        event = only_requested(decide_create_deployment(deployment_inputs(delta_modules={}), create_deployment_cmd()))

        assert event.from_id is None

    def test_refuses_an_environment_that_does_not_exist(self) -> None:
        with pytest.raises(NotFound) as caught:
            decide_create_deployment(deployment_inputs(env=None, delta_modules={}), create_deployment_cmd())

        assert caught.value.http_status == 404
        assert caught.value.details == {"env_id": "development"}

    def test_carries_the_environment_type_delta_and_comment(self) -> None:
        prod = ENV.model_copy(update={"type": "production"})
        inputs = deployment_inputs(env=prod, delta_modules={})

        event = only_requested(decide_create_deployment(inputs, create_deployment_cmd(comment="ship it")))

        assert (event.org_id, event.app_id, event.env_id) == ("acme", "shop", "development")
        assert event.env_type == "production"
        assert event.delta_id == "delta-1"
        assert event.comment == "ship it"


class TestEvolve:
    def test_org_created_gives_the_org_state(self) -> None:
        assert evolve(c.OrgCreated(org_id="acme", name="Acme"), None) == ORG

    def test_app_created_gives_the_app_state(self) -> None:
        assert evolve(c.AppCreated(org_id="acme", app_id="shop", name="Shop"), None) == APP

    def test_environment_created_gives_the_env_state_with_no_deployment(self) -> None:
        event = c.EnvironmentCreated(
            org_id="acme", app_id="shop", env_id="development", name="Development", type="development"
        )

        assert evolve(event, None) == ENV

    def test_delta_created_gives_the_delta_state(self) -> None:
        event = c.DeltaCreated(org_id="acme", app_id="shop", delta_id="delta-1")

        assert evolve(event, None) == DeltaState(org_id="acme", app_id="shop", delta_id="delta-1")

    def test_deployment_requested_records_the_last_deployment_and_set(self) -> None:
        event = c.DeploymentRequested(
            org_id="acme",
            app_id="shop",
            env_id="development",
            env_type="development",
            deploy_id="deploy-2",
            set_id="set-2",
            deployment_set={"modules": {}, "shared": {}},
            from_id="deploy-1",
        )

        assert evolve(event, DEPLOYED_ENV) == ENV.model_copy(
            update={
                "last_deploy_id": "deploy-2",
                "last_set_id": "set-2",
                "from_deploy_id": "deploy-2",
                "from_set_id": "set-2",
            }
        )

    def test_an_event_without_a_state_of_its_own_leaves_the_state_unchanged(self) -> None:
        event = c.DeploymentSucceeded(org_id="acme", app_id="shop", env_id="development", deploy_id="deploy-1")

        assert evolve(event, DEPLOYED_ENV) == DEPLOYED_ENV

    def test_deciding_then_evolving_a_new_app_gives_app_and_environment_states(self) -> None:
        states = [evolve(event, None) for event in decide_create_app(ORG, None, DEV_TYPE, create_app_cmd())]

        assert states == [APP, ENV]
