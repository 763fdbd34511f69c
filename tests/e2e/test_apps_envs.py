"""Applications, environments and environment types through the running services, including
clone and rollback by rebasing, and racing clients."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.scenario import Scenario, unique
from tests.support.stack import Api

pytestmark = pytest.mark.e2e


class TestEnvironmentTypes:
    async def test_an_org_has_development_and_can_manage_its_own_types(self, api: Api) -> None:
        org = unique("org")
        await api.ok("POST", "/orgs", {"id": org, "name": org})
        types = f"/orgs/{org}/env-types"
        assert [{"id": "development", "description": "Created with the organization"}] == await api.ok("GET", types)

        status, created = await api.call("POST", types, {"id": "production", "description": "Live"})
        assert (201, {"id": "production", "description": "Live"}) == (status, created)
        assert 409 == (await api.call("POST", types, {"id": "production"}))[0]
        assert {"id": "production", "description": "Shop window"} == await api.ok(
            "PATCH", f"{types}/production", {"description": "Shop window"}
        )
        assert 204 == (await api.call("DELETE", f"{types}/production"))[0]
        assert 404 == (await api.call("GET", f"{types}/production"))[0]
        assert 404 == (await api.call("DELETE", f"{types}/production"))[0]

    async def test_a_type_in_use_cannot_be_deleted(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[])
        status, error = await api.call("DELETE", f"/orgs/{scenario.org}/env-types/development")
        assert 409 == status
        assert 1 == error["details"]["environments"]


class TestApplications:
    async def test_an_app_can_be_created_without_an_environment(self, api: Api) -> None:
        org, app = unique("org"), unique("app")
        await api.ok("POST", "/orgs", {"id": org, "name": org})
        created = await api.ok("POST", f"/orgs/{org}/apps", {"id": app, "name": app, "skip_environment_creation": True})
        assert [] == created["envs"]

    async def test_an_app_can_be_renamed_and_deleted_with_its_environments(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[])
        renamed = await api.ok("PATCH", scenario.app_path, {"name": "Renamed"})
        assert "Renamed" == renamed["name"]

        assert 204 == (await api.call("DELETE", scenario.app_path))[0]
        assert 404 == (await api.call("GET", scenario.app_path))[0]
        assert 404 == (await api.call("GET", f"{scenario.app_path}/envs/development"))[0]
        # The id is free again, and the new app starts with no history.
        recreated = await api.ok("POST", f"/orgs/{scenario.org}/apps", {"id": scenario.app, "name": "Again"})
        assert ["development"] == [e["id"] for e in recreated["envs"]]
        assert [] == await api.ok("GET", scenario.deploys_path)

    async def test_racing_clients_creating_one_app_never_both_win(self, api: Api) -> None:
        org, app = unique("org"), unique("app")
        await api.ok("POST", "/orgs", {"id": org, "name": org})
        results = await asyncio.gather(*(api.call("POST", f"/orgs/{org}/apps", {"id": app}) for _ in range(5)))
        assert [201, 409, 409, 409, 409] == sorted(status for status, _ in results)
        assert 1 == len([a for a in await api.ok("GET", f"/orgs/{org}/apps") if a["id"] == app])


class TestEnvironments:
    async def test_environments_are_created_renamed_and_deleted_but_never_the_last(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[])
        envs = f"{scenario.app_path}/envs"
        status, created = await api.call("POST", envs, {"id": "qa", "name": "QA", "type": "development"})
        assert 201 == status
        assert ("qa", "QA", None, None) == (
            created["id"],
            created["name"],
            created["last_deploy"],
            created["from_deploy"],
        )
        assert 409 == (await api.call("POST", envs, {"id": "qa", "name": "QA again"}))[0]
        assert 400 == (await api.call("POST", envs, {"id": "prod", "name": "Prod", "type": "unknown-type"}))[0]
        assert "Quality" == (await api.ok("PATCH", f"{envs}/qa", {"name": "Quality"}))["name"]

        assert 204 == (await api.call("DELETE", f"{envs}/qa"))[0]
        assert ["development"] == [e["id"] for e in await api.ok("GET", envs)]
        status, error = await api.call("DELETE", f"{envs}/development")
        assert 400 == status
        assert "last environment" in error["message"]
        assert ["development"] == [e["id"] for e in (await api.ok("GET", scenario.app_path))["envs"]]

    async def test_a_new_environment_cloned_from_a_deployment_builds_on_its_set(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        source = await scenario.finished((await scenario.deploy("web"))["id"])
        envs = f"{scenario.app_path}/envs"
        body = {"id": "staging", "name": "Staging", "type": "development", "from_deploy_id": source["id"]}
        cloned = await api.ok("POST", envs, body)
        assert source["id"] == cloned["from_deploy"]["id"]
        assert cloned["last_deploy"] is None

        staging = Scenario(api, scenario.org, scenario.app, env="staging")
        deployed = await staging.finished((await staging.deploy("worker"))["id"])
        assert ("succeeded", source["id"]) == (deployed["status"], deployed["from_id"])
        modules = (await api.ok("GET", f"{scenario.app_path}/sets/{deployed['set_id']}"))["modules"]
        assert ["web", "worker"] == sorted(modules)

    async def test_rebasing_rolls_an_environment_back_to_an_earlier_deployment(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        first = await scenario.finished((await scenario.deploy("web"))["id"])
        second = await scenario.finished((await scenario.deploy("worker"))["id"])
        rebase = f"{scenario.app_path}/envs/development/from_deploy_id"

        assert 204 == (await api.call("PUT", rebase, first["id"]))[0]
        env = await api.ok("GET", f"{scenario.app_path}/envs/development")
        assert (first["id"], second["id"]) == (env["from_deploy"]["id"], env["last_deploy"]["id"])

        rolled_back = await scenario.finished((await scenario.deploy("cron"))["id"])
        assert first["id"] == rolled_back["from_id"]
        modules = (await api.ok("GET", f"{scenario.app_path}/sets/{rolled_back['set_id']}"))["modules"]
        assert ["cron", "web"] == sorted(modules)
        assert 400 == (await api.call("PUT", rebase, "0123456789abcdef"))[0]
        assert 400 == (await api.call("PUT", rebase, {"not": "a string"}))[0]


class TestDeploymentsRace:
    async def test_only_one_of_many_racing_deployments_to_an_environment_starts(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        delta = await api.ok("POST", f"{scenario.app_path}/deltas", {"modules": {"add": {"web": {}}}})
        body = {"delta_id": delta["id"], "value_set_version_id": "00000000-0000-0000-0000-000000000000"}
        results = await asyncio.gather(*(api.call("POST", scenario.deploys_path, body) for _ in range(4)))
        statuses = sorted(status for status, _ in results)
        assert [201, 409, 409, 409] == statuses
        (started,) = [answer for status, answer in results if status == 201]
        assert body["value_set_version_id"] == started["value_set_version_id"]
        conflicts = [answer for status, answer in results if status == 409]
        assert all("already an active deployment" in a["message"] for a in conflicts)
        assert "succeeded" == (await scenario.finished(started["id"]))["status"]


class TestWhatGoesWithAnEnvironment:
    async def test_a_deleted_environments_values_do_not_come_back_with_its_id(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[])
        envs = f"{scenario.app_path}/envs"
        await api.ok("POST", envs, {"id": "qa", "name": "QA", "type": "development"})
        await api.ok("POST", f"{envs}/qa/values", {"key": "MODE", "value": "old", "description": ""})

        assert 204 == (await api.call("DELETE", f"{envs}/qa"))[0]
        await api.ok("POST", envs, {"id": "qa", "name": "QA again", "type": "development"})

        assert [] == await api.ok("GET", f"{envs}/qa/values")

    async def test_a_deployment_pins_the_newest_value_set_version(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        await api.ok("POST", f"{scenario.app_path}/values", {"key": "MODE", "value": "fast", "description": ""})
        versions = await api.ok("GET", f"{scenario.app_path}/envs/development/value-set-versions")
        deployed = await scenario.finished((await scenario.deploy("web"))["id"])

        assert versions[0]["id"] == deployed["value_set_version_id"]

    async def test_a_deleted_environments_active_resources_do_not_come_back_with_its_id(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        envs = f"{scenario.app_path}/envs"
        await api.ok("POST", envs, {"id": "qa", "name": "QA", "type": "development"})
        qa = Scenario(api, scenario.org, scenario.app, env="qa")
        assert "succeeded" == (await qa.finished((await qa.deploy("web"))["id"]))["status"]
        assert [] != await api.ok("GET", f"{envs}/qa/resources")

        assert 204 == (await api.call("DELETE", f"{envs}/qa"))[0]
        await api.ok("POST", envs, {"id": "qa", "name": "QA again", "type": "development"})

        assert [] == await api.ok("GET", f"{envs}/qa/resources")
