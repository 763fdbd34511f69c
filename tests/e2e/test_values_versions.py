"""Value set versions through the running services: the history of every change, reading one
version, restoring a whole set or one key, purging a value from history, and a replay of the log
rebuilding the same rows."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import asyncpg
import pytest

from tests.e2e.scenario import Scenario, unique
from tests.support.infra import ROOT
from tests.support.stack import Api, Stack

pytestmark = pytest.mark.e2e

ZERO = "00000000-0000-0000-0000-000000000000"


class History:
    """One app's values and versions, at app level or in its development environment."""

    def __init__(self, api: Api, scenario: Scenario, *, env: bool = False) -> None:
        self.api = api
        self.base = scenario.app_path + ("/envs/development" if env else "")
        self.app_values = f"{scenario.app_path}/values"

    @classmethod
    async def create(cls, api: Api, *, env: bool = False) -> History:
        return cls(api, await Scenario.create(api, definitions=[]), env=env)

    async def write(self, method: str, key: str, body: dict[str, Any] | None = None) -> None:
        path = f"{self.base}/values" + ("" if method == "POST" else f"/{key}")
        status, answer = await self.api.call(method, path, {"key": key, **(body or {})} if method == "POST" else body)
        assert status in (200, 201, 204), (method, path, status, answer)

    async def values(self) -> dict[str, str]:
        return {v["key"]: v["value"] for v in await self.api.ok("GET", f"{self.base}/values")}

    async def versions(self, query: str = "") -> list[dict[str, Any]]:
        answer: list[dict[str, Any]] = await self.api.ok("GET", f"{self.base}/value-set-versions{query}")
        return answer

    async def call(self, method: str, suffix: str, body: Any = None) -> tuple[int, Any]:
        return await self.api.call(method, f"{self.base}/value-set-versions/{suffix}", body)


def contents(version: dict[str, Any]) -> dict[str, str]:
    return {k: v["value"] for k, v in version["values"].items()}


class TestHistory:
    async def test_every_change_makes_a_version_newest_first(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        await h.write("PUT", "A", {"value": "2", "description": "d"})
        await h.write("POST", "B", {"value": "b"})
        await h.write("DELETE", "A")

        listed = await h.versions()

        assert ["app_value_delete", "app_value_create", "app_value_update", "app_value_create"] == [
            v["result_of"] for v in listed
        ]
        assert [{"B": "b"}, {"A": "2", "B": "b"}, {"A": "2"}, {"A": "1"}] == [contents(v) for v in listed]
        assert [[("remove", "/A")], [("add", "/B")], [("replace", "/A")], [("add", "/A")]] == [
            [(op["op"], op["path"]) for op in v["change"]] for v in listed
        ]
        assert {"anonymous"} == {v["created_by"] for v in listed}
        assert [None] * 4 == [v["source_value_set_version_id"] for v in listed]

    async def test_versions_can_be_filtered_by_the_key_they_changed(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        await h.write("POST", "B", {"value": "b"})
        await h.write("PATCH", "A", {"value": "2"})

        changed_a = await h.versions("?key_changed=A")

        assert [{"A": "2", "B": "b"}, {"A": "1"}] == [contents(v) for v in changed_a]
        assert [] == await h.versions("?key_changed=NOPE")

    async def test_one_version_by_id_and_the_zero_id_is_the_latest(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        await h.write("POST", "B", {"value": "b"})
        newest, oldest = await h.versions()

        assert (200, oldest) == await h.call("GET", oldest["id"])
        assert (200, newest) == await h.call("GET", ZERO)
        status, answer = await h.call("GET", "not-a-version")
        assert (404, "API-404") == (status, answer["error"])

    async def test_an_app_without_values_has_no_versions_and_no_latest(self, api: Api) -> None:
        h = await History.create(api)

        assert [] == await h.versions()
        assert 404 == (await h.call("GET", ZERO))[0]


class TestRestore:
    async def test_restoring_a_version_makes_a_new_version_with_its_values(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        (first,) = await h.versions()
        await h.write("PATCH", "A", {"value": "2"})
        await h.write("POST", "B", {"value": "b"})

        status, restored = await h.call("POST", f"{first['id']}/restore", {"comment": "roll back"})

        assert 200 == status
        assert ({"A": "1"}, "app_value_set_version_restore") == (contents(restored), restored["result_of"])
        assert (first["id"], "roll back") == (restored["source_value_set_version_id"], restored["comment"])
        assert {"A": "1"} == await h.values()
        assert restored == (await h.versions())[0]

    async def test_restoring_one_key_leaves_the_others(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        (first,) = await h.versions()
        await h.write("PATCH", "A", {"value": "2"})
        await h.write("POST", "B", {"value": "b"})

        status, restored = await h.call("POST", f"{first['id']}/restore/A", {})

        assert (200, {"A": "1", "B": "b"}) == (status, contents(restored))
        assert [("replace", "/A")] == [(op["op"], op["path"]) for op in restored["change"]]

    async def test_an_environment_restore_brings_back_its_overrides(self, api: Api) -> None:
        h = await History.create(api, env=True)
        await api.ok("POST", h.app_values, {"key": "A", "value": "app"})
        await h.write("POST", "A", {"value": "dev"})
        with_override = (await h.versions())[0]
        await h.write("DELETE", "A")

        status, restored = await h.call("POST", f"{with_override['id']}/restore", {})

        assert (200, "env_value_set_version_restore") == (status, restored["result_of"])
        assert {"A": "dev"} == await h.values()

    async def test_refused_restores_change_nothing(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        (first,) = await h.versions()
        cases = [
            ("no-such-version/restore", {}, 404),
            ("no-such-version/restore/A", {}, 404),
            (f"{first['id']}/restore/B", {}, 400),
            (f"{first['id']}/restore", {"comment": 42}, 400),
            (f"{first['id']}/restore", {"unknown": "x"}, 400),
        ]
        for suffix, body, expected in cases:
            status, answer = await h.call("POST", suffix, body)
            assert expected == status, (suffix, answer)
            assert {"error", "message", "details"} == set(answer)

        assert [first] == await h.versions()


class TestPurge:
    async def test_a_purged_value_is_wiped_from_every_version_holding_it(self, api: Api, stack: Stack) -> None:
        h = await History.create(api)
        leaked = unique("leaked")
        await h.write("POST", "A", {"value": leaked})
        await h.write("POST", "B", {"value": "b"})
        await h.write("PATCH", "A", {"value": "fresh"})
        first = (await h.versions())[-1]
        assert 0 < await rows_holding(stack, leaked)

        status, body = await h.call("POST", f"{first['id']}/purge/A", {"comment": "leak"})

        assert (204, None) == (status, body)
        listed = await h.versions()
        assert ("app_value_set_version_purge", "leak", first["id"]) == (
            listed[0]["result_of"],
            listed[0]["comment"],
            listed[0]["source_value_set_version_id"],
        )
        assert ["fresh", "fresh", "", ""] == [v["values"]["A"]["value"] for v in listed]
        assert "" == listed[-1]["change"][0]["value"]["value"]
        env_history = await api.ok("GET", h.base + "/envs/development/value-set-versions")
        assert ["fresh", "", ""] == [v["values"]["A"]["value"] for v in env_history]
        assert {"A": "fresh", "B": "b"} == await h.values()
        assert 0 == await rows_holding(stack, leaked)

    async def test_a_purged_value_cannot_be_restored(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "old"})
        await h.write("PATCH", "A", {"value": "new"})
        first = (await h.versions())[-1]
        await h.call("POST", f"{first['id']}/purge/A", {})

        status, _ = await h.call("POST", f"{first['id']}/restore/A", {})
        whole_status, restored = await h.call("POST", f"{first['id']}/restore", {})

        assert (400, 200) == (status, whole_status)
        assert {"A": "new"} == contents(restored)

    async def test_refused_purges_change_nothing(self, api: Api) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        await h.write("POST", "B", {"value": "b"})
        newest = (await h.versions())[0]
        cases = [
            (f"{newest['id']}/purge/A", 400),
            (f"{ZERO}/purge/A", 400),
            (f"{newest['id']}/purge/C", 400),
            ("no-such-version/purge/A", 404),
        ]
        for suffix, expected in cases:
            status, answer = await h.call("POST", suffix, {})
            assert expected == status, (suffix, answer)
            assert {"error", "message", "details"} == set(answer)

        assert 2 == len(await h.versions())

    async def test_an_inherited_value_is_purged_at_app_level_only(self, api: Api) -> None:
        h = await History.create(api, env=True)
        await api.ok("POST", h.app_values, {"key": "A", "value": "old"})
        await api.ok("PATCH", f"{h.app_values}/A", {"value": "new"})
        first = (await h.versions())[-1]

        status, answer = await h.call("POST", f"{first['id']}/purge/A", {})

        assert 400 == status
        assert "application level" in answer["message"]

    async def test_an_environment_override_is_purged_in_the_environment(self, api: Api) -> None:
        h = await History.create(api, env=True)
        await h.write("POST", "A", {"value": "dev-old"})
        await h.write("PATCH", "A", {"value": "dev-new"})
        first = (await h.versions())[-1]

        status, _ = await h.call("POST", f"{first['id']}/purge/A", {})

        assert 204 == status
        assert ["env_value_set_version_purge", "env_value_update", "env_value_create"] == [
            v["result_of"] for v in await h.versions()
        ]
        assert ["dev-new", "dev-new", ""] == [v["values"]["A"]["value"] for v in await h.versions()]


async def rows_holding(stack: Stack, text: str) -> int:
    conn = await asyncpg.connect(stack.run.dsn)
    try:
        return int(
            await conn.fetchval("SELECT count(*) FROM api.value_set_versions t WHERE t::text LIKE $1", f"%{text}%")
        )
    finally:
        await conn.close()


class TestReplay:
    async def test_replaying_the_log_rebuilds_the_same_values_and_versions(self, api: Api, stack: Stack) -> None:
        h = await History.create(api)
        await h.write("POST", "A", {"value": "1"})
        await h.write("POST", "S", {"value": "s1", "is_secret": True})
        await h.write("PATCH", "S", {"value": "s2"})
        await api.ok("POST", h.base + "/envs/development/values", {"key": "A", "value": "dev"})
        with_s1 = (await h.versions())[-2]
        assert 204 == (await h.call("POST", f"{with_s1['id']}/purge/S", {}))[0]
        env = {k: v for k, v in stack.env("api").items() if k != "ORCH_TELEMETRY__TRACES_FILE"}

        result = subprocess.run(
            [sys.executable, "-m", "orch_api.entrypoints.replay", "--schema", "api_replay_values"],
            cwd=ROOT,
            env={**env, "ORCH_TELEMETRY__LOG_LEVEL": "warning", "PATH": os.environ.get("PATH", "")},
            capture_output=True,
            timeout=120,
            check=False,
        )

        assert 0 == result.returncode, result.stdout.decode() + result.stderr.decode()[-2000:]
        report = json.loads(result.stdout)
        assert report["identical"] is True, report
        assert {"shared_values", "value_set_versions", "purged_values"} <= set(report["tables"])
        assert report["tables"]["purged_values"]["rows"] >= 1
