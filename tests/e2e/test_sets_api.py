"""Deployment sets through the running services: applying deltas to sets, reading, listing,
diffing, the resources a set asks for; and a deployment whose delta patches the deployed set."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.scenario import ECHO_WORKLOAD, Scenario, unique
from tests.support.stack import Api

pytestmark = pytest.mark.e2e

EMPTY = "0" * 43
WEB: dict[str, Any] = {
    "profile": "humanitec/default-module",
    "spec": {"containers": {"main": {"image": "busybox"}}},
    "externals": {"db": {"type": "postgres", "params": {"size": 5}}},
}
ECHO_DNS = {**ECHO_WORKLOAD, "id": "echo-dns", "name": "Echo DNS", "type": "dns"}
ECHO_POSTGRES = {**ECHO_WORKLOAD, "id": "echo-postgres", "name": "Echo Postgres", "type": "postgres"}


def assert_error(status: int, body: Any, expected_status: int) -> None:
    assert (expected_status, f"API-{expected_status}") == (status, body["error"])
    assert {"error", "message", "details"} == set(body)


async def apply(api: Api, scenario: Scenario, base: str, delta: dict[str, Any]) -> str:
    status, set_id = await api.call("POST", f"{scenario.app_path}/sets/{base}", delta)
    assert 200 == status, set_id
    assert isinstance(set_id, str)
    return set_id


class TestApplyingDeltasToSets:
    async def test_a_delta_applied_to_the_empty_set_gives_a_stored_content_addressed_set(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        delta = {"modules": {"add": {"web": WEB}}, "shared": [{"op": "add", "path": "/dns", "value": {"type": "dns"}}]}

        set_id = await apply(api, scenario, EMPTY, delta)
        again = await apply(api, scenario, EMPTY, delta)
        read = await api.ok("GET", f"{scenario.app_path}/sets/{set_id}")

        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", set_id) is not None
        assert set_id == again
        assert {"id": set_id, "version": 0, "modules": {"web": WEB}, "shared": {"dns": {"type": "dns"}}} == read
        assert [read] == await api.ok("GET", f"{scenario.app_path}/sets")

    async def test_a_delta_with_update_patches_builds_on_a_set(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        base = await apply(api, scenario, EMPTY, {"modules": {"add": {"web": WEB}}})
        patch = {"op": "replace", "path": "/spec/containers/main/image", "value": "busybox:2"}

        patched = await apply(api, scenario, base, {"modules": {"update": {"web": [patch]}}})

        content = await api.ok("GET", f"{scenario.app_path}/sets/{patched}")
        assert "busybox:2" == content["modules"]["web"]["spec"]["containers"]["main"]["image"]
        assert sorted([base, patched]) == sorted(s["id"] for s in await api.ok("GET", f"{scenario.app_path}/sets"))

    async def test_the_empty_set_exists_in_every_app(self, api: Api) -> None:
        scenario = await Scenario.create(api)

        read = await api.ok("GET", f"{scenario.app_path}/sets/{EMPTY}")

        assert {"id": EMPTY, "version": 0, "modules": {}, "shared": {}} == read
        assert [] == await api.ok("GET", f"{scenario.app_path}/sets")

    @pytest.mark.parametrize(
        ("delta", "details"),
        [
            ({"modules": {"update": {"web": [{"op": "add", "path": "/spec/x", "value": 1}]}}}, {"module": "web"}),
            ({"shared": [{"op": "remove", "path": "/nothing"}]}, {"at": "shared[0]", "path": "/nothing"}),
            ({"shared": [{"op": "add", "path": "/dns", "value": {"no": "type"}}]}, {"at": "shared.dns"}),
        ],
    )
    async def test_a_delta_that_cannot_apply_is_a_400_with_where_and_why(
        self, api: Api, delta: dict[str, Any], details: dict[str, Any]
    ) -> None:
        scenario = await Scenario.create(api)

        status, body = await api.call("POST", f"{scenario.app_path}/sets/{EMPTY}", delta)

        assert_error(status, body, 400)
        assert details == {k: body["details"][k] for k in details}
        assert [] == await api.ok("GET", f"{scenario.app_path}/sets")

    async def test_bad_ops_are_400_bad_json_422_and_unknown_sets_or_apps_404(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        sets = f"{scenario.app_path}/sets"
        move = {"modules": {"update": {"web": [{"op": "move", "path": "/a", "from": "/b"}]}}}

        assert_error(*await api.call("POST", f"{sets}/{EMPTY}", move), 400)
        assert_error(*await api.call("POST", f"{sets}/{EMPTY}", raw=b"{"), 422)
        assert_error(*await api.call("POST", f"{sets}/{'x' * 43}", {}), 404)
        assert_error(*await api.call("POST", f"/orgs/{scenario.org}/apps/{unique('ghost')}/sets/{EMPTY}", {}), 404)
        assert_error(*await api.call("GET", f"/orgs/{scenario.org}/apps/{unique('ghost')}/sets"), 404)
        for path in (f"{sets}/{'x' * 43}", f"{sets}/{'x' * 43}/resources", f"{sets}/{EMPTY}/diff/{'x' * 43}"):
            assert_error(*await api.call("GET", path), 404)


class TestDiffAndResources:
    async def test_the_diff_applied_to_the_source_gives_the_set(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        source = await apply(
            api,
            scenario,
            EMPTY,
            {
                "modules": {"add": {"web": WEB, "old": WEB}},
                "shared": [{"op": "add", "path": "/dns", "value": {"type": "dns"}}],
            },
        )
        target = await apply(
            api,
            scenario,
            source,
            {
                "modules": {
                    "remove": ["old"],
                    "add": {"new": WEB},
                    "update": {"web": [{"op": "remove", "path": "/externals/db"}]},
                },
                "shared": [{"op": "replace", "path": "/dns", "value": {"type": "dns", "class": "internal"}}],
            },
        )

        diff = await api.ok("GET", f"{scenario.app_path}/sets/{target}/diff/{source}")

        assert {
            "modules": {
                "add": {"new": WEB},
                "remove": ["old"],
                "update": {"web": [{"op": "remove", "path": "/externals/db"}]},
            },
            "shared": [{"op": "add", "path": "/dns/class", "value": "internal"}],
        } == diff
        assert diff == await api.ok("GET", f"{scenario.app_path}/sets/{target}?diff={source}")
        assert target == await apply(api, scenario, source, diff)
        assert source == await apply(
            api, scenario, target, await api.ok("GET", f"{scenario.app_path}/sets/{source}/diff/{target}")
        )

    async def test_the_resources_of_a_set(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        shared = [
            {"op": "add", "path": "/dns", "value": {"type": "dns"}},
            {"op": "add", "path": "/s3-class-admin", "value": {"type": "s3", "class": "admin", "id": "shared.s3"}},
        ]
        set_id = await apply(api, scenario, EMPTY, {"modules": {"add": {"web": WEB}}, "shared": shared})

        resources = await api.ok("GET", f"{scenario.app_path}/sets/{set_id}/resources")

        assert [
            {"id": "modules.web", "type": "workload", "class": "default", "resource": {}},
            {"id": "modules.web.externals.db", "type": "postgres", "class": "default", "resource": {"size": 5}},
            {"id": "shared.dns", "type": "dns", "class": "default", "resource": {}},
            {"id": "shared.s3", "type": "s3", "class": "admin", "resource": {}},
        ] == resources


class TestDeployingADelta:
    async def test_update_patches_apply_to_the_deployed_set(self, api: Api) -> None:
        scenario = await Scenario.create(api, definitions=[ECHO_WORKLOAD, ECHO_DNS, ECHO_POSTGRES])
        first = await scenario.finished((await scenario.deploy("web"))["id"])
        assert "succeeded" == first["status"]
        change = {
            "metadata": {"env_id": scenario.env},
            "modules": {
                "update": {"web": [{"op": "add", "path": "/spec/containers/main/variables", "value": {"A": "1"}}]}
            },
            "shared": [{"op": "add", "path": "/dns", "value": {"type": "dns"}}],
        }
        delta = await api.ok("POST", f"{scenario.app_path}/deltas", change)

        created = await api.ok("POST", scenario.deploys_path, {"delta_id": delta["id"]})
        second = await scenario.finished(created["id"])

        assert ("succeeded", first["id"]) == (second["status"], second["from_id"])
        assert await apply(api, scenario, first["set_id"], change) == second["set_id"]
        deployed = await api.ok("GET", f"{scenario.app_path}/sets/{second['set_id']}")
        assert {"image": "busybox", "variables": {"A": "1"}} == deployed["modules"]["web"]["spec"]["containers"]["main"]
        assert {"dns": {"type": "dns"}} == deployed["shared"]

    async def test_a_delta_that_cannot_apply_to_the_environments_set_is_a_400(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        change = {"modules": {"update": {"web": [{"op": "replace", "path": "/spec/nope", "value": 1}]}}}
        delta = await api.ok("POST", f"{scenario.app_path}/deltas", change)

        status, body = await api.call("POST", scenario.deploys_path, {"delta_id": delta["id"]})

        assert_error(status, body, 400)
        assert {"delta_id": delta["id"], "at": "modules.update.web", "module": "web"} == body["details"]
        assert [] == await api.ok("GET", scenario.deploys_path)
