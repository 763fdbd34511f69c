"""Shared values at app level through the running services: create, read, replace, update, delete,
and every way a request can be refused without leaving anything behind."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.scenario import Scenario, unique
from tests.support.stack import Api

pytestmark = pytest.mark.e2e

STAMPS = ("created_at", "updated_at")


def without_stamps(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k not in STAMPS}


def plain(key: str, value: str, description: str = "", source: str = "app") -> dict[str, Any]:
    """A non-secret value as the API shows it, timestamps aside."""
    return {
        "key": key,
        "value": value,
        "description": description,
        "is_secret": False,
        "secret_key": None,
        "secret_store_id": None,
        "secret_version": None,
        "source": source,
    }


async def world(api: Api) -> tuple[Scenario, str]:
    scenario = await Scenario.create(api, definitions=[])
    return scenario, f"{scenario.app_path}/values"


class TestCreateAndRead:
    async def test_a_created_value_is_answered_and_listed(self, api: Api) -> None:
        _, values = await world(api)

        status, created = await api.call("POST", values, {"key": "DB_HOST", "value": "db.local", "description": "db"})

        assert 201 == status
        assert plain("DB_HOST", "db.local", "db") == without_stamps(created)
        assert created["created_at"] == created["updated_at"]
        assert [created] == await api.ok("GET", values)

    async def test_values_are_listed_by_key(self, api: Api) -> None:
        _, values = await world(api)
        for key in ["b", "A", "_c"]:
            await api.ok("POST", values, {"key": key, "value": key})

        assert ["A", "_c", "b"] == [v["key"] for v in await api.ok("GET", values)]

    async def test_a_secret_is_answered_without_its_value(self, api: Api) -> None:
        scenario, values = await world(api)

        created = await api.ok("POST", values, {"key": "TOKEN", "value": "hunter2", "is_secret": True})

        assert {
            "key": "TOKEN",
            "value": "",
            "description": "",
            "is_secret": True,
            "secret_key": f"orgs/{scenario.org}/apps/{scenario.app}/values/TOKEN",
            "secret_store_id": "orchestrator",
            "source": "app",
        } == {k: v for k, v in without_stamps(created).items() if k != "secret_version"}
        assert created["secret_version"]
        assert [created] == await api.ok("GET", values)

    async def test_a_secret_in_an_external_store_is_kept_as_a_reference(self, api: Api) -> None:
        _, values = await world(api)
        body = {"key": "API_KEY", "secret_ref": {"store": "vault-prod", "ref": "kv/api", "version": "7"}}

        created = await api.ok("POST", values, body)

        assert ("", True, "kv/api", "vault-prod", "7") == (
            created["value"],
            created["is_secret"],
            created["secret_key"],
            created["secret_store_id"],
            created["secret_version"],
        )

    async def test_a_secret_ref_with_a_value_is_kept_by_the_orchestrator(self, api: Api) -> None:
        _, values = await world(api)

        created = await api.ok("POST", values, {"key": "PW", "secret_ref": {"value": "s3cr3t"}})

        assert (True, "", "orchestrator") == (created["is_secret"], created["value"], created["secret_store_id"])


class TestChange:
    async def test_put_replaces_value_and_description(self, api: Api) -> None:
        _, values = await world(api)
        created = await api.ok("POST", values, {"key": "K", "value": "one", "description": "first"})

        status, replaced = await api.call("PUT", f"{values}/K", {"value": "two", "description": None})

        assert 200 == status
        assert plain("K", "two", "") == without_stamps(replaced)
        assert created["created_at"] == replaced["created_at"]
        assert replaced["updated_at"] > created["updated_at"]
        assert [replaced] == await api.ok("GET", values)

    async def test_patch_changes_only_what_it_is_given(self, api: Api) -> None:
        _, values = await world(api)
        await api.ok("POST", values, {"key": "K", "value": "one", "description": "first"})

        described = await api.ok("PATCH", f"{values}/K", {"description": "better"})
        valued = await api.ok("PATCH", f"{values}/K", {"value": "two"})

        assert plain("K", "one", "better") == without_stamps(described)
        assert plain("K", "two", "better") == without_stamps(valued)

    async def test_a_secret_can_be_replaced_and_stays_a_secret(self, api: Api) -> None:
        _, values = await world(api)
        created = await api.ok("POST", values, {"key": "S", "value": "old", "is_secret": True})

        replaced = await api.ok("PUT", f"{values}/S", {"value": "new", "description": "rotated", "is_secret": False})

        assert (True, "", "rotated") == (replaced["is_secret"], replaced["value"], replaced["description"])
        assert created["secret_version"] != replaced["secret_version"]

    async def test_deleting_a_value_removes_it(self, api: Api) -> None:
        _, values = await world(api)
        await api.ok("POST", values, {"key": "K", "value": "v"})
        await api.ok("POST", values, {"key": "L", "value": "w"})

        status, body = await api.call("DELETE", f"{values}/K")

        assert (204, None) == (status, body)
        assert ["L"] == [v["key"] for v in await api.ok("GET", values)]

    async def test_deleting_every_value_empties_the_app(self, api: Api) -> None:
        _, values = await world(api)
        await api.ok("POST", values, {"key": "K", "value": "v"})
        await api.ok("POST", values, {"key": "L", "value": "w"})

        status, _ = await api.call("DELETE", values)

        assert 204 == status
        assert [] == await api.ok("GET", values)


class TestRacingClients:
    async def test_of_clients_creating_the_same_key_at_once_exactly_one_wins(self, api: Api) -> None:
        _, values = await world(api)

        answers = await asyncio.gather(*(api.call("POST", values, {"key": "K", "value": str(i)}) for i in range(5)))

        assert [201, 409, 409, 409, 409] == sorted(status for status, _ in answers)
        (winner,) = [body for status, body in answers if status == 201]
        assert [winner] == await api.ok("GET", values)

    async def test_concurrent_app_and_environment_changes_all_land_in_order(self, api: Api) -> None:
        scenario, values = await world(api)
        env_values = f"{scenario.app_path}/envs/development/values"

        writes = [api.call("POST", values, {"key": f"A{i}", "value": "app"}) for i in range(4)]
        writes += [api.call("POST", env_values, {"key": f"E{i}", "value": "env"}) for i in range(4)]
        statuses = [status for status, _ in await asyncio.gather(*writes)]

        assert [201] * 8 == statuses
        assert 8 == len(await api.ok("GET", env_values))
        env_versions = await api.ok("GET", f"{scenario.app_path}/envs/development/value-set-versions")
        # Each environment version is the one before it plus exactly one key: none was decided on stale state.
        sizes = [len(v["values"]) for v in reversed(env_versions)]
        assert list(range(1, 9)) == sizes


class TestRefused:
    async def test_bad_requests_are_refused_with_the_error_shape_and_leave_nothing(self, api: Api) -> None:
        scenario, values = await world(api)
        await api.ok("POST", values, {"key": "K", "value": "v"})
        await api.ok("POST", values, {"key": "S", "value": "s", "is_secret": True})
        before = (await api.ok("GET", values), await api.ok("GET", f"{scenario.app_path}/value-set-versions"))
        cases: list[tuple[str, str, Any, bytes | None, int]] = [
            ("POST", values, {"key": "K", "value": "again"}, None, 409),
            ("POST", values, {"key": "1abc", "value": "v"}, None, 400),
            ("POST", values, {"key": "a b", "value": "v"}, None, 400),
            ("POST", values, {"key": "", "value": "v"}, None, 400),
            ("POST", values, {"value": "v"}, None, 400),
            ("POST", values, {"key": "N", "value": 3}, None, 400),
            ("POST", values, {"key": "N", "valeu": "typo"}, None, 400),
            ("POST", values, {"key": "N", "secret_ref": {"store": "v", "ref": "r", "value": "x"}}, None, 400),
            ("POST", values, {"key": "N", "secret_ref": {"ref": "r"}}, None, 400),
            ("POST", values, {"key": "N", "is_secret": False, "secret_ref": {"value": "x"}}, None, 400),
            ("POST", values, None, b"{not json", 422),
            ("POST", values, ["a", "list"], None, 400),
            ("PATCH", f"{values}/K", {}, None, 400),
            ("PATCH", f"{values}/K", {"secret_ref": {"value": "x"}}, None, 400),
            ("PUT", f"{values}/K", {"value": "v", "secret_ref": {"value": "x"}}, None, 400),
            ("PUT", f"{values}/NOPE", {"value": "v", "description": ""}, None, 404),
            ("PATCH", f"{values}/NOPE", {"value": "v"}, None, 404),
            ("DELETE", f"{values}/NOPE", None, None, 404),
            ("GET", f"/orgs/{scenario.org}/apps/{unique('nope')}/values", None, None, 404),
            ("POST", f"/orgs/{scenario.org}/apps/{unique('nope')}/values", {"key": "K"}, None, 404),
            ("DELETE", f"/orgs/{unique('nope')}/apps/{scenario.app}/values", None, None, 404),
        ]
        for method, path, body, raw, expected in cases:
            status, answer = await api.call(method, path, body, raw=raw)
            assert expected == status, (method, path, body, answer)
            assert {"error", "message", "details"} == set(answer), answer
            assert f"API-{expected}" == answer["error"]

        after = (await api.ok("GET", values), await api.ok("GET", f"{scenario.app_path}/value-set-versions"))
        assert before == after

    async def test_a_duplicate_key_says_which_key(self, api: Api) -> None:
        _, values = await world(api)
        await api.ok("POST", values, {"key": "K", "value": "v"})

        status, answer = await api.call("POST", values, {"key": "K", "value": "w"})

        assert (409, {"key": "K"}) == (status, answer["details"])
        assert "'K' already exists" in answer["message"]

    async def test_a_bad_body_names_the_field(self, api: Api) -> None:
        _, values = await world(api)

        status, answer = await api.call("POST", values, {"key": "9lives"})

        assert 400 == status
        assert ["key"] == [e["path"] for e in answer["details"]["errors"]]
