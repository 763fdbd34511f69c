"""Active resources: projected from deployments through every service; marking them for deletion;
definitions and criteria that active resources use."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.scenario import ECHO_WORKLOAD, Scenario
from tests.e2e.test_resources_definitions import assert_error
from tests.support.polling import eventually
from tests.support.stack import Api

pytestmark = pytest.mark.e2e

SECRET_WORKLOAD = {**ECHO_WORKLOAD, "driver_inputs": {"values": {"runtime": "echo"}, "secrets": {"token": "t0k3n"}}}


async def deployed(api: Api, definitions: list[dict[str, Any]] | None = None) -> tuple[Scenario, dict[str, Any]]:
    """A scenario whose workload ``web`` is deployed, and that deployment."""
    scenario = await Scenario.create(api, definitions=definitions)
    done = await scenario.finished((await scenario.deploy("web"))["id"])
    assert "succeeded" == done["status"], done
    return scenario, done


async def active(api: Api, scenario: Scenario, type_: str = "workload") -> list[dict[str, Any]]:
    """The environment's active resources of one type (a graph has implicit ones as well)."""
    answer = await api.ok("GET", f"{scenario.app_path}/envs/{scenario.env}/resources")
    return [r for r in answer if r["type"] == type_]


class TestActiveResources:
    async def test_a_deployed_workload_is_an_active_resource_with_its_outputs(self, api: Api) -> None:
        scenario, done = await deployed(api, [SECRET_WORKLOAD])
        definition = await api.ok("GET", f"/orgs/{scenario.org}/resources/defs/echo-workload")

        async def provisioned() -> list[dict[str, Any]] | None:
            found = await active(api, scenario)
            return found if found and found[0]["status"] == "active" else None

        (resource,) = await eventually(provisioned, what="the workload's active resource")

        (node,) = [n for n in done["graph"]["nodes"] if n["type"] == "workload"]
        assert {
            "org_id": scenario.org,
            "app_id": scenario.app,
            "env_id": "development",
            "env_type": "development",
            "type": "workload",
            "class": "default",
            "res_id": "modules.web",
            "gu_res_id": node["guresid"],
            "def_id": "echo-workload",
            "def_version_id": definition["active_version_id"],
            "driver_type": "humanitec/echo",
            "deploy_id": done["id"],
            "resource": {"runtime": "echo"},
            "secret_refs": {"token": f"orgs/{scenario.org}/resources/{node['guresid']}/secrets/.token"},
            "status": "active",
            "scheduled_deletion": False,
        } == {k: v for k, v in resource.items() if k not in ("updated_at", "criteria_id")}
        assert [resource] == await api.ok("GET", f"/orgs/{scenario.org}/resources/defs/echo-workload/resources")

    async def test_unknown_environments_and_definitions_are_404(self, api: Api) -> None:
        scenario = await Scenario.create(api)

        await assert_error(api, "GET", f"{scenario.app_path}/envs/nope/resources", None, 404)
        await assert_error(api, "GET", f"/orgs/{scenario.org}/resources/defs/nope/resources", None, 404)
        assert [] == await active(api, scenario)


class TestDeletingActiveResources:
    async def test_deleting_marks_the_resource_for_deletion_once(self, api: Api) -> None:
        scenario, _ = await deployed(api)
        path = f"{scenario.app_path}/envs/development/resources/workload/modules.web"

        first, _ = await api.call("DELETE", path)
        second, _ = await api.call("DELETE", path)

        assert (202, 202) == (first, second)
        (resource,) = await active(api, scenario)
        assert ("deleting", True) == (resource["status"], resource["scheduled_deletion"])

    async def test_deleting_an_unknown_resource_is_404(self, api: Api) -> None:
        scenario, _ = await deployed(api)

        await assert_error(api, "DELETE", f"{scenario.app_path}/envs/development/resources/workload/nope", None, 404)
        await assert_error(api, "DELETE", f"{scenario.app_path}/envs/development/resources/dns/modules.web", None, 404)


class TestDefinitionsInUse:
    async def test_deleting_a_definition_in_use_needs_force_and_says_what_would_change(self, api: Api) -> None:
        fallback = {**ECHO_WORKLOAD, "id": "fallback-workload", "criteria": [{"env_type": "development"}]}
        specific = {**ECHO_WORKLOAD, "criteria": [{"env_id": "development"}]}
        scenario, _ = await deployed(api, [specific, fallback])
        path = f"/orgs/{scenario.org}/resources/defs/echo-workload"

        answer = await assert_error(api, "DELETE", path, None, 409)

        change = {"app_id": scenario.app, "env_id": "development", "res_id": "modules.web"}
        assert [{**change, "from_def": "echo-workload", "to_def": "fallback-workload"}] == answer["details"]["changes"]
        (using,) = answer["details"]["referencing_resources"]["active_resources"]
        assert ("workload", "modules.web") == (using["type"], using["res_id"])
        assert "echo-workload" == (await api.ok("GET", path))["id"]

        status, _ = await api.call("DELETE", f"{path}?force=true")
        assert 204 == status
        await assert_error(api, "GET", path, None, 404)

    async def test_removing_the_criterion_that_routes_a_resource_needs_force(self, api: Api) -> None:
        scenario, _ = await deployed(api)
        path = f"/orgs/{scenario.org}/resources/defs/echo-workload"
        (criterion,) = (await api.ok("GET", path))["criteria"]

        answer = await assert_error(api, "DELETE", f"{path}/criteria/{criterion['id']}", None, 409)

        assert "" == answer["details"]["changes"][0]["to_def"]
        assert [criterion] == (await api.ok("GET", path))["criteria"]
        status, _ = await api.call("DELETE", f"{path}/criteria/{criterion['id']}?force=true")
        assert 204 == status
        assert [] == (await api.ok("GET", path))["criteria"]

    async def test_a_redeployment_after_a_forced_delete_matches_the_remaining_definition(self, api: Api) -> None:
        fallback = {**ECHO_WORKLOAD, "id": "fallback-workload", "criteria": [{"env_type": "development"}]}
        specific = {**ECHO_WORKLOAD, "criteria": [{"env_id": "development"}]}
        scenario, _ = await deployed(api, [specific, fallback])
        await api.call("DELETE", f"/orgs/{scenario.org}/resources/defs/echo-workload?force=true")

        done = await scenario.finished((await scenario.deploy("web"))["id"])

        assert "succeeded" == done["status"]
        assert ["fallback-workload"] == [n["def_id"] for n in done["graph"]["nodes"] if n["type"] == "workload"]
