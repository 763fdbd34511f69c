"""Environments, environment types and applications: the pure rules."""

from __future__ import annotations

import pytest

from orch_api.domain import environments as de
from orch_api.domain import orgs as d
from orch_api.domain.model import AppState, EnvState, EnvTypeState, OrgState
from shared import contracts as c
from shared.errors import Conflict, InvalidInput, NotFound

ORG = OrgState(org_id="acme", name="Acme")
APP = AppState(org_id="acme", app_id="shop", name="Shop", env_ids=("development", "staging"))
DEV = EnvState(org_id="acme", app_id="shop", env_id="development", name="Dev", type="development")
DEV_TYPE = EnvTypeState(org_id="acme", env_type_id="development", env_count=1)
SOURCE = de.PastDeployment(deploy_id="abc123", set_id="s" * 43)


def create_env(**overrides: object) -> c.CreateEnvironment:
    fields: dict[str, object] = {
        "org_id": "acme",
        "app_id": "shop",
        "env_id": "qa",
        "name": "QA",
        "type": "development",
    }
    return c.CreateEnvironment.model_validate({**fields, **overrides})


class TestEnvironmentTypes:
    def test_an_org_starts_with_the_development_type(self) -> None:
        events = d.decide_create_org(None, c.CreateOrg(org_id="acme", name="Acme"))

        assert [c.OrgCreated.TYPE, c.EnvironmentTypeCreated.TYPE] == [e.TYPE for e in events]
        assert "development" == events[1].env_type_id  # type: ignore[attr-defined]

    def test_a_type_in_use_cannot_be_deleted(self) -> None:
        with pytest.raises(Conflict) as caught:
            de.decide_delete_env_type(DEV_TYPE, c.DeleteEnvironmentType(org_id="acme", env_type_id="development"))

        assert 1 == caught.value.details["environments"]

    def test_an_unused_type_can_be_deleted_and_then_created_again(self) -> None:
        unused = DEV_TYPE.model_copy(update={"env_count": 0})
        (deleted,) = de.decide_delete_env_type(
            unused, c.DeleteEnvironmentType(org_id="acme", env_type_id="development")
        )
        gone = de.env_type_deleted(deleted, unused)  # type: ignore[arg-type]

        events = de.decide_create_env_type(ORG, gone, c.CreateEnvironmentType(org_id="acme", env_type_id="development"))

        assert [c.EnvironmentTypeCreated.TYPE] == [e.TYPE for e in events]

    def test_creating_a_type_twice_is_a_conflict(self) -> None:
        with pytest.raises(Conflict):
            de.decide_create_env_type(ORG, DEV_TYPE, c.CreateEnvironmentType(org_id="acme", env_type_id="development"))

    def test_environments_count_towards_their_type(self) -> None:
        created = c.EnvironmentCreated(org_id="acme", app_id="shop", env_id="qa", name="QA", type="development")
        deleted = c.EnvironmentDeleted(org_id="acme", app_id="shop", env_id="qa", type="development")

        assert 2 == de.env_type_gains_env(created, DEV_TYPE).env_count
        assert 0 == de.env_type_loses_env(deleted, DEV_TYPE).env_count
        assert 0 == de.env_type_loses_env(deleted, DEV_TYPE.model_copy(update={"env_count": 0})).env_count


class TestCreateApp:
    def test_skipping_the_first_environment_creates_only_the_app(self) -> None:
        cmd = c.CreateApp(org_id="acme", app_id="shop", name="Shop", skip_environment_creation=True)

        assert [c.AppCreated.TYPE] == [e.TYPE for e in d.decide_create_app(ORG, None, None, cmd)]

    def test_the_first_environment_needs_an_existing_type(self) -> None:
        cmd = c.CreateApp(org_id="acme", app_id="shop", name="Shop", env=c.EnvSpec(id="p", name="P", type="prod"))

        with pytest.raises(NotFound):
            d.decide_create_app(ORG, None, None, cmd)

    def test_a_deleted_app_can_be_created_again(self) -> None:
        cmd = c.CreateApp(org_id="acme", app_id="shop", name="Shop")
        deleted = APP.model_copy(update={"deleted": True})

        assert [c.AppCreated.TYPE, c.EnvironmentCreated.TYPE] == [
            e.TYPE for e in d.decide_create_app(ORG, deleted, DEV_TYPE, cmd)
        ]


class TestDeleteApp:
    def test_deletes_every_environment_and_then_the_app(self) -> None:
        staging = DEV.model_copy(update={"env_id": "staging", "type": "staging"})
        events = d.decide_delete_app(APP, [DEV, staging], [], c.DeleteApp(org_id="acme", app_id="shop"))

        assert (
            [("development", "development"), ("staging", "staging")]
            == [
                (e.env_id, e.type)  # type: ignore[attr-defined]
                for e in events[:-1]
            ]
        )
        assert c.AppDeleted.TYPE == events[-1].TYPE

    def test_refuses_while_a_deployment_runs(self) -> None:
        with pytest.raises(Conflict) as caught:
            d.decide_delete_app(APP, [DEV], ["development"], c.DeleteApp(org_id="acme", app_id="shop"))

        assert ["development"] == caught.value.details["env_ids"]


class TestCreateEnvironment:
    def test_creates_an_environment_from_another_environments_deployment(self) -> None:
        (event,) = de.decide_create_env(APP, None, DEV_TYPE, SOURCE, create_env(from_deploy_id="abc123"))

        assert isinstance(event, c.EnvironmentCreated)
        assert ("abc123", "s" * 43) == (event.from_deploy_id, event.from_set_id)
        state = de.environment_created(event, None)
        assert "s" * 43 == state.base_set_id

    def test_an_unknown_source_deployment_is_a_400(self) -> None:
        with pytest.raises(InvalidInput):
            de.decide_create_env(APP, None, DEV_TYPE, None, create_env(from_deploy_id="ffff"))

    def test_an_unknown_type_is_a_400(self) -> None:
        with pytest.raises(InvalidInput):
            de.decide_create_env(APP, None, None, None, create_env(type="nope"))

    def test_an_existing_environment_is_a_conflict_but_a_deleted_one_is_not(self) -> None:
        with pytest.raises(Conflict):
            de.decide_create_env(APP, DEV, DEV_TYPE, None, create_env(env_id="development"))
        deleted = DEV.model_copy(update={"deleted": True})

        assert 1 == len(de.decide_create_env(APP, deleted, DEV_TYPE, None, create_env(env_id="development")))

    def test_an_environment_needs_its_app(self) -> None:
        with pytest.raises(NotFound):
            de.decide_create_env(None, None, DEV_TYPE, None, create_env())


class TestDeleteEnvironment:
    def cmd(self, env_id: str = "development") -> c.DeleteEnvironment:
        return c.DeleteEnvironment(org_id="acme", app_id="shop", env_id=env_id)

    def test_the_last_environment_cannot_be_deleted(self) -> None:
        alone = APP.model_copy(update={"env_ids": ("development",)})

        with pytest.raises(InvalidInput) as caught:
            de.decide_delete_env(alone, DEV, None, self.cmd())

        assert 400 == caught.value.http_status

    def test_an_environment_with_a_running_deployment_cannot_be_deleted(self) -> None:
        with pytest.raises(Conflict):
            de.decide_delete_env(APP, DEV, "in progress", self.cmd())

    def test_deleting_records_the_type_and_leaves_the_app_with_the_others(self) -> None:
        (event,) = de.decide_delete_env(APP, DEV, "succeeded", self.cmd())

        assert isinstance(event, c.EnvironmentDeleted)
        assert "development" == event.type
        assert ("staging",) == d.app_loses_env(event, APP).env_ids
        assert de.environment_deleted(event, DEV).deleted


class TestRebase:
    def cmd(self) -> c.RebaseEnvironment:
        return c.RebaseEnvironment(org_id="acme", app_id="shop", env_id="development", deploy_id="abc123")

    def test_rebasing_moves_what_the_next_deployment_builds_on(self) -> None:
        deployed = DEV.model_copy(update={"last_deploy_id": "new", "last_set_id": "n" * 43})
        (event,) = de.decide_rebase_env(deployed, SOURCE, "succeeded", self.cmd())
        rebased = de.environment_rebased(event, deployed)  # type: ignore[arg-type]

        assert ("abc123", "s" * 43, "new") == (rebased.from_deploy_id, rebased.base_set_id, rebased.last_deploy_id)

    def test_rebasing_onto_an_unknown_deployment_is_a_400(self) -> None:
        with pytest.raises(InvalidInput):
            de.decide_rebase_env(DEV, None, None, self.cmd())

    def test_rebasing_while_a_deployment_runs_is_a_conflict(self) -> None:
        with pytest.raises(Conflict):
            de.decide_rebase_env(DEV, SOURCE, "pending", self.cmd())
