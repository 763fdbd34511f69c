"""Shared values at environment level: overrides merged over the app's values, and the
environment's value set versions, which also record the app changes that reach it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.scenario import Scenario, unique
from tests.support.stack import Api

pytestmark = pytest.mark.e2e


async def world(api: Api) -> tuple[Scenario, str, str]:
    scenario = await Scenario.create(api, definitions=[])
    return scenario, f"{scenario.app_path}/values", f"{scenario.app_path}/envs/development/values"


def seen(values: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    return {v["key"]: (v["value"], v["source"]) for v in values}


class TestMergedView:
    async def test_the_environment_sees_app_values_with_its_overrides_on_top(self, api: Api) -> None:
        _, app_values, env_values = await world(api)
        await api.ok("POST", app_values, {"key": "A", "value": "app-a"})
        await api.ok("POST", app_values, {"key": "B", "value": "app-b"})

        status, created = await api.call("POST", env_values, {"key": "A", "value": "dev-a", "description": "dev"})
        await api.ok("POST", env_values, {"key": "C", "value": "dev-c"})

        assert (201, "env", "dev-a") == (status, created["source"], created["value"])
        merged = await api.ok("GET", env_values)
        assert {"A": ("dev-a", "env"), "B": ("app-b", "app"), "C": ("dev-c", "env")} == seen(merged)
        assert ["A", "B", "C"] == [v["key"] for v in merged]
        assert {"A": ("app-a", "app"), "B": ("app-b", "app")} == seen(await api.ok("GET", app_values))

    async def test_an_environment_secret_lives_at_the_environments_path(self, api: Api) -> None:
        scenario, app_values, env_values = await world(api)
        await api.ok("POST", app_values, {"key": "S", "value": "app-secret", "is_secret": True})

        created = await api.ok("POST", env_values, {"key": "S", "value": "dev-secret", "is_secret": True})

        assert ("", f"orgs/{scenario.org}/apps/{scenario.app}/envs/development/values/S") == (
            created["value"],
            created["secret_key"],
        )

    async def test_overrides_change_and_go_and_the_app_value_comes_back(self, api: Api) -> None:
        _, app_values, env_values = await world(api)
        await api.ok("POST", app_values, {"key": "A", "value": "app-a"})
        await api.ok("POST", env_values, {"key": "A", "value": "dev-a"})

        patched = await api.ok("PATCH", f"{env_values}/A", {"value": "dev-a2"})
        replaced = await api.ok("PUT", f"{env_values}/A", {"value": "dev-a3", "description": "third"})
        status, _ = await api.call("DELETE", f"{env_values}/A")

        assert [("dev-a2", "env"), ("dev-a3", "env")] == [(v["value"], v["source"]) for v in (patched, replaced)]
        assert 204 == status
        assert {"A": ("app-a", "app")} == seen(await api.ok("GET", env_values))

    async def test_deleting_every_override_keeps_the_app_values(self, api: Api) -> None:
        _, app_values, env_values = await world(api)
        await api.ok("POST", app_values, {"key": "A", "value": "app-a"})
        await api.ok("POST", env_values, {"key": "A", "value": "dev-a"})

        status, _ = await api.call("DELETE", env_values)

        assert 204 == status
        assert {"A": ("app-a", "app")} == seen(await api.ok("GET", env_values))

    async def test_refusals_at_environment_level(self, api: Api) -> None:
        scenario, app_values, env_values = await world(api)
        await api.ok("POST", app_values, {"key": "A", "value": "app-a"})
        await api.ok("POST", env_values, {"key": "B", "value": "dev-b"})
        nowhere = f"{scenario.app_path}/envs/{unique('nope')}/values"
        cases: list[tuple[str, str, Any, int]] = [
            ("POST", env_values, {"key": "B", "value": "again"}, 409),
            ("PUT", f"{env_values}/A", {"value": "v", "description": ""}, 404),
            ("PATCH", f"{env_values}/A", {"value": "v"}, 404),
            ("DELETE", f"{env_values}/A", None, 404),
            ("POST", env_values, {"key": "9x"}, 400),
            ("GET", nowhere, None, 404),
            ("POST", nowhere, {"key": "K", "value": "v"}, 404),
            ("DELETE", nowhere, None, 404),
        ]
        for method, path, body, expected in cases:
            status, answer = await api.call(method, path, body)
            assert expected == status, (method, path, answer)
            assert {"error", "message", "details"} == set(answer)

        assert {"A": ("app-a", "app"), "B": ("dev-b", "env")} == seen(await api.ok("GET", env_values))


class TestEnvironmentVersions:
    async def test_app_changes_and_overrides_both_make_environment_versions(self, api: Api) -> None:
        scenario, app_values, env_values = await world(api)
        await api.ok("POST", app_values, {"key": "A", "value": "app-a"})
        await api.ok("POST", env_values, {"key": "A", "value": "dev-a"})
        await api.ok("PATCH", f"{app_values}/A", {"value": "app-a2"})
        await api.ok("POST", app_values, {"key": "B", "value": "app-b"})

        listed = await api.ok("GET", f"{scenario.app_path}/envs/development/value-set-versions")

        # The app's change to A is hidden by the override: no environment version for it.
        assert ["app_value_create", "env_value_create", "app_value_create"] == [v["result_of"] for v in listed]
        newest = listed[0]
        assert {"A": ("dev-a", "env"), "B": ("app-b", "app")} == seen(list(newest["values"].values()))
        assert [{"op": "add", "path": "/B"}] == [{k: op[k] for k in ("op", "path")} for op in newest["change"]]
        app_listed = await api.ok("GET", f"{scenario.app_path}/value-set-versions")
        assert 3 == len(app_listed)
        assert not {v["id"] for v in listed} & {v["id"] for v in app_listed}

    async def test_a_new_environment_shares_the_apps_versions_until_it_has_its_own(self, api: Api) -> None:
        scenario, app_values, _ = await world(api)
        await api.ok("POST", app_values, {"key": "A", "value": "app-a"})
        await api.ok("POST", f"{scenario.app_path}/envs", {"id": "staging", "name": "Staging", "type": "development"})
        staging = f"{scenario.app_path}/envs/staging"
        app_versions = await api.ok("GET", f"{scenario.app_path}/value-set-versions")

        shared = await api.ok("GET", f"{staging}/value-set-versions")
        latest = await api.ok("GET", f"{staging}/value-set-versions/00000000-0000-0000-0000-000000000000")
        await api.ok("POST", f"{staging}/values", {"key": "A", "value": "staging-a"})
        own = await api.ok("GET", f"{staging}/value-set-versions")

        assert app_versions == shared
        assert app_versions[0] == latest
        assert ["env_value_create"] == [v["result_of"] for v in own]
        # An app version stays readable at environment level (a deployment may have recorded it).
        assert app_versions[0] == await api.ok("GET", f"{staging}/value-set-versions/{app_versions[0]['id']}")
