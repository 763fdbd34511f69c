"""Resource definitions through the running services: create, read, update, patch, delete, secrets,
matching criteria, versions and the list by matching rank."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.scenario import unique
from tests.support.stack import Api

pytestmark = pytest.mark.e2e


async def new_org(api: Api) -> str:
    org = unique("org")
    await api.ok("POST", "/orgs", {"id": org, "name": org})
    return org


def definition(def_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": def_id, "name": def_id, "type": "postgres", "driver_type": "humanitec/echo", **fields}


async def assert_error(api: Api, method: str, path: str, body: Any, status: int) -> dict[str, Any]:
    actual_status, answer = await api.call(method, path, body)
    assert status == actual_status, (method, path, answer)
    assert {"error", "message", "details"} == set(answer)
    assert f"API-{status}" == answer["error"]
    result: dict[str, Any] = answer
    return result


class TestCreateAndRead:
    async def test_a_created_definition_reads_back_in_humanitecs_shape(self, api: Api) -> None:
        org = await new_org(api)
        body = definition(
            "pg-db",
            driver_inputs={"values": {"host": "db", "port": 5432}},
            provision={"aws-policy#pg-policy": {"is_dependent": True, "params": {"a": "b"}}},
            criteria=[{"app_id": "shop"}, {}],
        )

        created = await api.ok("POST", f"/orgs/{org}/resources/defs", body)
        read = await api.ok("GET", f"/orgs/{org}/resources/defs/pg-db")

        assert created == read
        assert {"values": {"host": "db", "port": 5432}, "secret_refs": {}} == read["driver_inputs"]
        assert {"aws-policy#pg-policy": {"is_dependent": True, "match_dependents": False, "params": {"a": "b"}}} == (
            read["provision"]
        )
        assert [{"app_id": "shop", "class": "default"}, {"class": "default"}] == [
            {k: v for k, v in cr.items() if k != "id"} for cr in read["criteria"]
        ]
        assert 2 == len({cr["id"] for cr in read["criteria"]})
        assert (org, False, False, "postgres") == (read["org_id"], read["is_default"], read["is_deleted"], read["type"])
        assert read["active_version_id"]

    async def test_an_unknown_definition_is_404_and_an_existing_id_409(self, api: Api) -> None:
        org = await new_org(api)
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db"))

        await assert_error(api, "GET", f"/orgs/{org}/resources/defs/nope", None, 404)
        await assert_error(api, "POST", f"/orgs/{org}/resources/defs", definition("pg-db", name="again"), 409)
        assert "pg-db" == (await api.ok("GET", f"/orgs/{org}/resources/defs/pg-db"))["name"]

    async def test_a_definition_of_a_type_that_does_not_exist_is_rejected(self, api: Api) -> None:
        org = await new_org(api)

        answer = await assert_error(
            api, "POST", f"/orgs/{org}/resources/defs", definition("odd-def", type="no-such-type"), 400
        )

        assert {"type": "no-such-type"} == answer["details"]
        await assert_error(api, "GET", f"/orgs/{org}/resources/defs/odd-def", None, 404)

    async def test_bad_bodies_are_400_with_the_field_paths(self, api: Api) -> None:
        org = await new_org(api)
        cases = [
            definition("Bad_Id"),
            definition("pg-db", criteria=[{"class": "Not A Class"}]),
            definition("pg-db", criteria=[{"app": "typo"}]),
            definition("pg-db", provision={"not a key!": {}}),
            definition(
                "pg-db", driver_inputs={"secrets": {"a": "1"}, "secret_refs": {"b": {"store": "s", "ref": "r"}}}
            ),
        ]
        for body in cases:
            answer = await assert_error(api, "POST", f"/orgs/{org}/resources/defs", body, 400)
            assert answer["details"]["errors"], body
        assert [] == await api.ok("GET", f"/orgs/{org}/resources/defs")


class TestSecrets:
    async def test_secret_values_are_never_answered_only_references_to_them(self, api: Api) -> None:
        org = await new_org(api)
        body = definition(
            "pg-db", driver_inputs={"secrets": {"password": "s3cr3t-value", "nested": {"token": "t0k3n"}}}
        )

        created = await api.ok("POST", f"/orgs/{org}/resources/defs", body)
        versions = await api.ok("GET", f"/orgs/{org}/resources/defs/pg-db/versions")

        base = f"orgs/{org}/resources/defs/pg-db/secrets"
        assert {
            "password": {"store": "humanitec", "ref": f"{base}/password"},
            "nested": {"token": {"store": "humanitec", "ref": f"{base}/nested.token"}},
        } == created["driver_inputs"]["secret_refs"]
        for answer in (created, versions, await api.ok("GET", f"/orgs/{org}/resources/defs")):
            text = json.dumps(answer)
            assert "s3cr3t-value" not in text
            assert "t0k3n" not in text
            assert '"secrets"' not in text

    async def test_references_to_an_external_store_are_kept_and_values_in_refs_become_secrets(self, api: Api) -> None:
        org = await new_org(api)
        refs = {"api_key": {"store": "vault", "ref": "kv/api", "version": "3"}, "pw": {"value": "hidden-pw"}}

        created = await api.ok(
            "POST", f"/orgs/{org}/resources/defs", definition("pg-db", driver_inputs={"secret_refs": refs})
        )

        assert {
            "api_key": {"store": "vault", "ref": "kv/api", "version": "3"},
            "pw": {"store": "humanitec", "ref": f"orgs/{org}/resources/defs/pg-db/secrets/pw"},
        } == created["driver_inputs"]["secret_refs"]
        assert "hidden-pw" not in json.dumps(created)

    async def test_a_malformed_secret_reference_is_400(self, api: Api) -> None:
        org = await new_org(api)
        for refs in ({"k": "plain"}, {"k": {"value": "v", "ref": "r", "store": "s"}}, {"k": {"ref": "r"}}):
            body = definition("pg-db", driver_inputs={"secret_refs": refs})
            await assert_error(api, "POST", f"/orgs/{org}/resources/defs", body, 400)

    async def test_writing_back_the_references_read_keeps_the_secrets(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db", driver_inputs={"secrets": {"pw": "x"}}))
        read = await api.ok("GET", path)

        put = {"name": "renamed", "driver_type": "humanitec/echo", "driver_inputs": read["driver_inputs"]}
        updated = await api.ok("PUT", path, put)

        assert read["driver_inputs"] == updated["driver_inputs"]
        assert "renamed" == updated["name"]


class TestUpdate:
    async def test_put_replaces_what_it_is_given_and_keeps_the_type_and_criteria(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        body = definition("pg-db", driver_inputs={"values": {"a": 1}}, provision={"dns": {}}, criteria=[{}])
        created = await api.ok("POST", f"/orgs/{org}/resources/defs", body)

        put = {"name": "Postgres", "driver_type": "acme/pg", "driver_inputs": {"values": {"b": 2}}}
        updated = await api.ok("PUT", path, put)

        assert ("Postgres", "acme/pg", "postgres") == (updated["name"], updated["driver_type"], updated["type"])
        assert {"values": {"b": 2}, "secret_refs": {}} == updated["driver_inputs"]
        assert {} == updated["provision"]
        assert created["criteria"] == updated["criteria"]
        assert created["active_version_id"] != updated["active_version_id"]
        assert updated == await api.ok("GET", path)

    async def test_patch_merges_driver_inputs_and_keeps_what_it_is_not_given(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        values = {"a": 1, "b": {"c": 2}, "keep": True}
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db", driver_inputs={"values": values}))

        patch = {"driver_inputs": {"values": {"a": None, "b": {"d": 3}}, "secrets": {"pw": "new"}}}
        patched = await api.ok("PATCH", path, patch)

        assert {"b": {"c": 2, "d": 3}, "keep": True} == patched["driver_inputs"]["values"]
        assert ["pw"] == list(patched["driver_inputs"]["secret_refs"])
        assert ("pg-db", "humanitec/echo") == (patched["name"], patched["driver_type"])

    async def test_a_change_of_an_unknown_definition_is_404_and_a_put_needs_a_name(self, api: Api) -> None:
        org = await new_org(api)
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db"))

        await assert_error(api, "PUT", f"/orgs/{org}/resources/defs/nope", {"name": "x"}, 404)
        await assert_error(api, "PATCH", f"/orgs/{org}/resources/defs/nope", {"name": "x"}, 404)
        await assert_error(api, "PUT", f"/orgs/{org}/resources/defs/pg-db", {"driver_type": "a/b"}, 400)
        await assert_error(api, "PATCH", f"/orgs/{org}/resources/defs/pg-db", {"type": "dns"}, 400)
        assert "humanitec/echo" == (await api.ok("GET", f"/orgs/{org}/resources/defs/pg-db"))["driver_type"]


class TestDelete:
    async def test_a_deleted_definition_is_gone_but_readable_with_deleted_true(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db", criteria=[{}]))

        status, answer = await api.call("DELETE", path)

        assert (204, None) == (status, answer)
        await assert_error(api, "GET", path, None, 404)
        assert [] == await api.ok("GET", f"/orgs/{org}/resources/defs")
        deleted = await api.ok("GET", f"{path}?deleted=true")
        assert deleted["is_deleted"] is True
        assert ["pg-db"] == [d["id"] for d in await api.ok("GET", f"/orgs/{org}/resources/defs?deleted=true")]
        await assert_error(api, "DELETE", path, None, 404)

    async def test_a_deleted_definition_frees_its_id_and_its_criteria(self, api: Api) -> None:
        org = await new_org(api)
        defs = f"/orgs/{org}/resources/defs"
        await api.ok("POST", defs, definition("pg-db", criteria=[{"env_type": "development"}]))
        await api.call("DELETE", f"{defs}/pg-db")

        again = await api.ok("POST", defs, definition("pg-db", name="second", criteria=[{}]))
        other = await api.ok("POST", defs, definition("other-db", criteria=[{"env_type": "development"}]))

        assert ("second", False) == (again["name"], again["is_deleted"])
        assert 1 == len(other["criteria"])
        actions = [v["action"] for v in await api.ok("GET", f"{defs}/pg-db/versions")]
        assert ["created", "deleted", "created"] == actions[::-1]

    async def test_a_bad_force_flag_is_400(self, api: Api) -> None:
        org = await new_org(api)
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db"))

        await assert_error(api, "DELETE", f"/orgs/{org}/resources/defs/pg-db?force=maybe", None, 400)

        assert "pg-db" == (await api.ok("GET", f"/orgs/{org}/resources/defs/pg-db"))["id"]
