"""Resource types (built in and custom) and resource classes, through the running services."""

from __future__ import annotations

import pytest

from tests.e2e.test_resources_definitions import assert_error, definition, new_org
from tests.support.stack import Api

pytestmark = pytest.mark.e2e

QUEUE = {
    "name": "Queue",
    "category": "messaging",
    "use": "direct",
    "inputs_schema": {"type": "object"},
    "outputs_schema": {"type": "object", "properties": {"values": {"properties": {"url": {"type": "string"}}}}},
}


def encoded(type_id: str) -> str:
    """A custom type's id in a path: its slash URL-encoded."""
    return type_id.replace("/", "%2F")


class TestBuiltInTypes:
    async def test_every_org_has_the_common_types_with_output_schemas(self, api: Api) -> None:
        org = await new_org(api)

        types = {t["type"]: t for t in await api.ok("GET", f"/orgs/{org}/resources/types")}

        wanted = {"workload", "dns", "route", "postgres", "mysql", "redis", "mongodb", "s3", "amqp", "volume"}
        assert wanted | {"k8s-namespace", "k8s-cluster", "config", "base-env", "ingress", "tls-cert"} <= set(types)
        postgres = types["postgres"]
        assert {"host", "port", "name"} <= set(postgres["outputs_schema"]["properties"]["values"]["properties"])
        assert {"username", "password"} <= set(postgres["outputs_schema"]["properties"]["secrets"]["properties"])
        assert {"type", "name", "category", "use", "inputs_schema", "outputs_schema"} == set(postgres)

    async def test_built_in_types_cannot_be_changed_or_deleted(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/types/postgres"

        await assert_error(api, "PUT", path, QUEUE, 403)
        await assert_error(api, "PATCH", path, {"name": "Mine"}, 403)
        await assert_error(api, "DELETE", path, None, 403)
        await assert_error(api, "POST", f"/orgs/{org}/resources/types", {"type": "postgres", **QUEUE}, 400)

        assert "PostgreSQL" == (await api.ok("GET", path))["name"]


class TestCustomTypes:
    async def test_a_custom_type_is_created_listed_changed_and_deleted(self, api: Api) -> None:
        org = await new_org(api)
        types = f"/orgs/{org}/resources/types"
        type_id = f"{org}/queue"

        created = await api.ok("POST", types, {"type": type_id, **QUEUE})
        assert {"type": type_id, **QUEUE} == created
        assert created in await api.ok("GET", types)

        put = await api.ok("PUT", f"{types}/{encoded(type_id)}", {"name": "Queue 2", "use": "indirect"})
        assert ("Queue 2", "indirect", "", {}) == (put["name"], put["use"], put["category"], put["outputs_schema"])
        patched = await api.ok("PATCH", f"{types}/{encoded(type_id)}", {"category": "messaging"})
        assert ("Queue 2", "messaging") == (patched["name"], patched["category"])

        status, _ = await api.call("DELETE", f"{types}/{encoded(type_id)}")
        assert 204 == status
        await assert_error(api, "GET", f"{types}/{encoded(type_id)}", None, 404)

    async def test_custom_type_names_are_the_orgs_prefix_and_a_name(self, api: Api) -> None:
        org = await new_org(api)
        types = f"/orgs/{org}/resources/types"
        for bad in ("queue", "other-org/queue", f"{org}/Queue", f"{org}/queue/x"):
            answer = await assert_error(api, "POST", types, {"type": bad, **QUEUE}, 400)
            assert {"type": bad} == answer["details"]
        await api.ok("POST", types, {"type": f"{org}/queue", **QUEUE})
        await assert_error(api, "POST", types, {"type": f"{org}/queue", **QUEUE}, 409)
        await assert_error(api, "POST", types, {"type": f"{org}/x", "use": "sometimes"}, 400)

    async def test_definitions_of_a_custom_type_keep_it_from_being_deleted(self, api: Api) -> None:
        org = await new_org(api)
        type_id = f"{org}/queue"
        await api.ok("POST", f"/orgs/{org}/resources/types", {"type": type_id, **QUEUE})
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("queue-def", type=type_id, criteria=[{}]))

        answer = await assert_error(api, "DELETE", f"/orgs/{org}/resources/types/{encoded(type_id)}", None, 409)

        assert ["queue-def"] == answer["details"]["resource_definitions"]

    async def test_unknown_types_and_orgs_are_404(self, api: Api) -> None:
        org = await new_org(api)

        await assert_error(api, "PUT", f"/orgs/{org}/resources/types/{encoded(org)}%2Fnope", QUEUE, 404)
        await assert_error(api, "DELETE", f"/orgs/{org}/resources/types/{encoded(org)}%2Fnope", None, 404)
        await assert_error(api, "GET", "/orgs/no-such-org-x/resources/types", None, 404)
        await assert_error(api, "POST", "/orgs/no-such-org-x/resources/types", {"type": "no-such-org-x/q"}, 404)


class TestClasses:
    async def test_classes_are_created_listed_updated_and_deleted(self, api: Api) -> None:
        org = await new_org(api)
        classes = f"/orgs/{org}/resources/types/postgres/classes"

        created = await api.ok("POST", classes, {"id": "large", "description": "Big"})
        assert ("large", "postgres", "Big") == (created["id"], created["resource_type"], created["description"])
        assert [created] == await api.ok("GET", f"/orgs/{org}/resources/classes")
        assert created == await api.ok("GET", f"{classes}/large")

        updated = await api.ok("PATCH", f"{classes}/large", {"description": "Bigger"})
        assert {**created, "description": "Bigger"} == updated

        status, _ = await api.call("DELETE", f"{classes}/large")
        assert 204 == status
        await assert_error(api, "GET", f"{classes}/large", None, 404)
        assert [] == await api.ok("GET", f"/orgs/{org}/resources/classes")

    async def test_class_failures(self, api: Api) -> None:
        org = await new_org(api)
        classes = f"/orgs/{org}/resources/types/postgres/classes"
        await api.ok("POST", classes, {"id": "large", "description": "Big"})

        await assert_error(api, "POST", classes, {"id": "large", "description": "again"}, 409)
        await assert_error(api, "POST", classes, {"id": "Large!", "description": "x"}, 400)
        await assert_error(
            api, "POST", f"/orgs/{org}/resources/types/no-type/classes", {"id": "ab", "description": ""}, 404
        )
        await assert_error(api, "PATCH", f"{classes}/nope", {"description": "x"}, 404)
        await assert_error(api, "DELETE", f"{classes}/nope", None, 404)
        assert ["large"] == [k["id"] for k in await api.ok("GET", f"/orgs/{org}/resources/classes")]

    async def test_a_class_used_in_criteria_cannot_be_deleted(self, api: Api) -> None:
        org = await new_org(api)
        classes = f"/orgs/{org}/resources/types/postgres/classes"
        await api.ok("POST", classes, {"id": "large", "description": "Big"})
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("big-db", criteria=[{"class": "large"}]))

        answer = await assert_error(api, "DELETE", f"{classes}/large", None, 409)

        assert ["big-db"] == answer["details"]["resource_definitions"]
        assert "large" == (await api.ok("GET", f"{classes}/large"))["id"]
