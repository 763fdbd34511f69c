"""Deltas through the running services: create, read, list, merge (PATCH), replace (PUT), metadata,
archiving; who contributed; and every refusal with its exact status and error shape."""

from __future__ import annotations

import re
from typing import Any

import pytest

from shared.contracts import deltas as cd
from shared.kafka import COMMANDS
from tests.e2e.scenario import Scenario, unique
from tests.support.kafka_io import envelope_for, produce_raw
from tests.support.polling import eventually
from tests.support.stack import Api, Stack

pytestmark = pytest.mark.e2e

WEB: dict[str, Any] = {"profile": "humanitec/default-module", "spec": {"containers": {"main": {"image": "web:1"}}}}
IMAGE_2 = {"op": "replace", "path": "/spec/containers/main/image", "value": "web:2"}


async def new_delta(api: Api, scenario: Scenario, body: dict[str, Any] | None = None) -> dict[str, Any]:
    created: dict[str, Any] = await api.ok("POST", f"{scenario.app_path}/deltas", body or {})
    return created


def assert_error(status: int, body: Any, expected_status: int) -> None:
    assert (expected_status, f"API-{expected_status}") == (status, body["error"])
    assert {"error", "message", "details"} == set(body)


class TestCreateAndRead:
    async def test_a_created_delta_has_a_new_id_the_given_metadata_and_defaults(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        body = {
            "id": "ignored",
            "metadata": {"env_id": "development", "name": "first", "archived": True, "created_by": "someone"},
            "modules": {"add": {"web": WEB}, "remove": ["old"]},
            "shared": [{"op": "add", "path": "/dns", "value": {"type": "dns"}}],
        }

        created = await new_delta(api, scenario, body)
        read = await api.ok("GET", f"{scenario.app_path}/deltas/{created['id']}")

        assert created == read
        assert re.fullmatch(r"[0-9a-f]{40}", created["id"]) is not None
        metadata = created["metadata"]
        assert ("development", "first", "anonymous", False, []) == (
            metadata["env_id"],
            metadata["name"],
            metadata["created_by"],
            metadata["archived"],
            metadata["contributers"],
        )
        assert metadata["created_at"] == metadata["last_modified_at"]
        assert {
            "add": {"web": {**WEB, "externals": {}}},
            "remove": ["old"],
            "update": {},
        } == created["modules"]
        assert [{"op": "add", "path": "/dns", "value": {"type": "dns"}}] == created["shared"]

    async def test_an_empty_body_is_an_empty_delta(self, api: Api) -> None:
        created = await new_delta(api, await Scenario.create(api))

        assert ({"add": {}, "remove": [], "update": {}}, []) == (created["modules"], created["shared"])
        assert {"env_id", "name"}.isdisjoint(created["metadata"])

    async def test_a_delta_for_an_unknown_app_is_a_404(self, api: Api) -> None:
        scenario = await Scenario.create(api)

        status, body = await api.call("POST", f"/orgs/{scenario.org}/apps/{unique('ghost')}/deltas", {})

        assert_error(status, body, 404)

    async def test_an_unknown_delta_is_a_404(self, api: Api) -> None:
        scenario = await Scenario.create(api)

        status, body = await api.call("GET", f"{scenario.app_path}/deltas/{'0' * 40}")

        assert_error(status, body, 404)

    @pytest.mark.parametrize(
        ("body", "path"),
        [
            ({"modules": {"update": {"web": [{"op": "move", "path": "/a", "from": "/b"}]}}}, "modules.update.web.0.op"),
            ({"shared": [{"op": "add", "path": "dns", "value": {}}]}, "shared.0.path"),
            ({"modules": {"add": {"web": {"image": "x"}}}}, "modules.add.web.image"),
        ],
    )
    async def test_a_malformed_delta_is_a_400_naming_the_field(self, api: Api, body: Any, path: str) -> None:
        scenario = await Scenario.create(api)

        status, answer = await api.call("POST", f"{scenario.app_path}/deltas", body)

        assert_error(status, answer, 400)
        assert [path] == [e["path"] for e in answer["details"]["errors"]]
        assert [] == await api.ok("GET", f"{scenario.app_path}/deltas")

    async def test_a_body_that_is_not_json_is_a_422(self, api: Api) -> None:
        scenario = await Scenario.create(api)

        status, body = await api.call("POST", f"{scenario.app_path}/deltas", raw=b"{not json")

        assert_error(status, body, 422)


class TestList:
    async def test_lists_newest_first_by_environment_and_archived(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        first = await new_delta(api, scenario, {"metadata": {"env_id": "development"}})
        second = await new_delta(api, scenario, {"metadata": {"env_id": "production"}})
        third = await new_delta(api, scenario, {"metadata": {"env_id": "development"}})
        status, _ = await api.call("PUT", f"{scenario.app_path}/deltas/{third['id']}/metadata/archived", True)  # noqa: FBT003
        assert 204 == status

        async def ids(query: str) -> list[str]:
            return [d["id"] for d in await api.ok("GET", f"{scenario.app_path}/deltas{query}")]

        assert [second["id"], first["id"]] == await ids("")
        assert [first["id"]] == await ids("?env=development")
        assert [third["id"]] == await ids("?archived=true")
        assert [] == await ids("?archived=true&env=production")

    async def test_a_bad_archived_filter_is_a_400_and_an_unknown_app_a_404(self, api: Api) -> None:
        scenario = await Scenario.create(api)

        bad = await api.call("GET", f"{scenario.app_path}/deltas?archived=maybe")
        unknown = await api.call("GET", f"/orgs/{scenario.org}/apps/{unique('ghost')}/deltas")

        assert_error(*bad, 400)
        assert_error(*unknown, 404)


class TestPatch:
    async def test_an_array_of_deltas_is_merged_in_order(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        body = {"metadata": {"name": "kept"}, "modules": {"add": {"web": WEB}, "remove": ["old"]}}
        created = await new_delta(api, scenario, body)
        path = f"{scenario.app_path}/deltas/{created['id']}"
        patches = [
            {"id": "ignored", "metadata": {"name": "ignored"}, "modules": {"update": {"web": [IMAGE_2]}}},
            {"modules": {"add": {"old": None}, "remove": ["gone"], "update": {"api": [IMAGE_2]}}},
            {"shared": [{"op": "add", "path": "/dns", "value": {"type": "dns"}}]},
        ]

        status, merged = await api.call("PATCH", path, patches)

        assert 200 == status
        assert merged == await api.ok("GET", path)
        web_2 = {**WEB, "spec": {"containers": {"main": {"image": "web:2"}}}, "externals": {}}
        assert {"add": {"web": web_2}, "remove": ["gone"], "update": {"api": [IMAGE_2]}} == merged["modules"]
        assert [{"op": "add", "path": "/dns", "value": {"type": "dns"}}] == merged["shared"]
        assert "kept" == merged["metadata"]["name"]
        assert merged["metadata"]["last_modified_at"] > created["metadata"]["last_modified_at"]
        assert [] == merged["metadata"]["contributers"]  # the creator is not a contributor

    @pytest.mark.parametrize(
        ("patches", "expected_details"),
        [
            (
                [{}, {"modules": {"update": {"web": [{"op": "copy", "path": "/a", "from": "/b"}]}}}],
                {"path": "1.modules.update.web.0.op"},
            ),
            (
                [{"modules": {"update": {"web": [{"op": "remove", "path": "/spec/nope"}]}}}],
                {"at": "[0].modules.update.web[0]"},
            ),
            (
                [{"modules": {"remove": ["web"]}}, {"modules": {"update": {"web": [IMAGE_2]}}}],
                {"at": "[1].modules.update.web"},
            ),
        ],
    )
    async def test_a_patch_that_cannot_merge_is_a_400_and_changes_nothing(
        self, api: Api, patches: list[Any], expected_details: dict[str, Any]
    ) -> None:
        scenario = await Scenario.create(api)
        created = await new_delta(api, scenario, {"modules": {"add": {"web": WEB}}})
        path = f"{scenario.app_path}/deltas/{created['id']}"

        status, body = await api.call("PATCH", path, patches)

        assert_error(status, body, 400)
        details = body["details"]["errors"][0] if "errors" in body["details"] else body["details"]
        assert expected_details == {k: details[k] for k in expected_details}
        assert created == await api.ok("GET", path)

    async def test_a_body_that_is_not_an_array_is_a_400_and_not_json_a_422(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        path = f"{scenario.app_path}/deltas/{(await new_delta(api, scenario))['id']}"

        assert_error(*await api.call("PATCH", path, {"modules": {}}), 400)
        assert_error(*await api.call("PATCH", path, raw=b"[{"), 422)

    async def test_patching_an_unknown_delta_is_a_404(self, api: Api) -> None:
        scenario = await Scenario.create(api)

        assert_error(*await api.call("PATCH", f"{scenario.app_path}/deltas/{'a' * 40}", []), 404)


class TestPutAndMetadata:
    async def test_put_replaces_the_content_and_keeps_the_metadata(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        created = await new_delta(api, scenario, {"metadata": {"name": "n"}, "modules": {"add": {"web": WEB}}})
        path = f"{scenario.app_path}/deltas/{created['id']}"

        status, answer = await api.call("PUT", path, {"metadata": {"name": "ignored"}, "modules": {"remove": ["web"]}})
        read = await api.ok("GET", path)

        assert (204, None) == (status, answer)
        assert ({"add": {}, "remove": ["web"], "update": {}}, "n") == (read["modules"], read["metadata"]["name"])

    async def test_name_and_environment_change(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        path = f"{scenario.app_path}/deltas/{(await new_delta(api, scenario))['id']}"

        renamed = await api.call("PUT", f"{path}/metadata/name", "release 2")
        moved = await api.call("PUT", f"{path}/metadata/env_id", "production")
        metadata = (await api.ok("GET", path))["metadata"]

        assert [(204, None), (204, None)] == [renamed, moved]
        assert ("release 2", "production") == (metadata["name"], metadata["env_id"])

    @pytest.mark.parametrize(("field", "value"), [("archived", "yes"), ("env_id", "Not An Id"), ("name", 5)])
    async def test_a_metadata_value_of_the_wrong_kind_is_a_400(self, api: Api, field: str, value: Any) -> None:
        scenario = await Scenario.create(api)
        path = f"{scenario.app_path}/deltas/{(await new_delta(api, scenario))['id']}"

        assert_error(*await api.call("PUT", f"{path}/metadata/{field}", value), 400)

    async def test_an_archived_delta_is_read_only_until_unarchived(self, api: Api) -> None:
        scenario = await Scenario.create(api)
        created = await new_delta(api, scenario, {"modules": {"add": {"web": WEB}}})
        path = f"{scenario.app_path}/deltas/{created['id']}"
        assert (204, None) == await api.call("PUT", f"{path}/metadata/archived", True)  # noqa: FBT003
        archived = await api.ok("GET", path)

        refusals = [
            await api.call("PATCH", path, [{"modules": {"remove": ["web"]}}]),
            await api.call("PUT", path, {}),
            await api.call("PUT", f"{path}/metadata/name", "x"),
            await api.call("PUT", f"{path}/metadata/env_id", "production"),
        ]

        for refusal in refusals:
            assert_error(*refusal, 409)
        assert archived == await api.ok("GET", path)
        assert True is archived["metadata"]["archived"]
        assert (204, None) == await api.call("PUT", f"{path}/metadata/archived", False)  # noqa: FBT003
        assert 200 == (await api.call("PATCH", path, [{"modules": {"remove": ["web"]}}]))[0]


class TestContributors:
    async def test_each_other_caller_is_listed_once_and_the_creator_never(self, api: Api, stack: Stack) -> None:
        """Callers other than ``anonymous`` exist only on the log for now: the commands are
        produced with their actor, as the API will once it authenticates."""
        scenario = await Scenario.create(api)
        created = await new_delta(api, scenario)
        path = f"{scenario.app_path}/deltas/{created['id']}"
        ids = {"org_id": scenario.org, "app_id": scenario.app, "delta_id": created["id"]}
        key = f"{scenario.org}/{scenario.app}"
        changes = [
            ("alice", cd.RenameDelta(**ids, name="by alice")),
            ("bob", cd.UpdateDelta(**ids, patches=())),
            ("alice", cd.ChangeDeltaEnv(**ids, env_id="production")),
            ("anonymous", cd.RenameDelta(**ids, name="by the creator")),
        ]
        records = []
        for actor, command in changes:
            envelope = envelope_for(command, key=key).model_copy(update={"actor": actor})
            records.append((key, envelope.to_bytes()))
        await produce_raw(stack.run.bootstrap, stack.run.topic_prefix + COMMANDS, records)

        async def all_applied() -> dict[str, Any] | None:
            metadata: dict[str, Any] = (await api.ok("GET", path))["metadata"]
            return metadata if metadata.get("name") == "by the creator" else None

        metadata = await eventually(all_applied, what="the produced commands to be projected")
        assert (["alice", "bob"], "production") == (metadata["contributers"], metadata["env_id"])
