"""The drivers registry, through the running services."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.test_resources_definitions import assert_error, definition, new_org
from tests.support.stack import Api

pytestmark = pytest.mark.e2e


def driver(driver_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": driver_id,
        "type": "postgres",
        "target": "https://drivers.example.com/pg/",
        "inputs_schema": {"type": "object"},
        "account_types": ["aws"],
        **fields,
    }


def driver_put(**fields: Any) -> dict[str, Any]:
    """A ``PUT`` body: a driver without its id (the path has it)."""
    return {k: v for k, v in driver("unused", **fields).items() if k != "id"}


class TestBuiltInDrivers:
    async def test_every_org_sees_the_echo_driver(self, api: Api) -> None:
        org = await new_org(api)

        listed = await api.ok("GET", f"/orgs/{org}/resources/drivers")
        echo = await api.ok("GET", f"/orgs/{org}/resources/drivers/echo")

        assert echo in listed
        assert ("echo", "humanitec", "any", True, []) == (
            echo["id"],
            echo["org_id"],
            echo["type"],
            echo["is_public"],
            echo["account_types"],
        )

    async def test_built_in_drivers_are_read_only(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/drivers/echo"

        await assert_error(api, "PUT", path, driver_put(), 403)
        await assert_error(api, "DELETE", path, None, 403)
        await assert_error(api, "POST", f"/orgs/{org}/resources/drivers", driver("echo"), 409)

        assert "humanitec" == (await api.ok("GET", path))["org_id"]


class TestCustomDrivers:
    async def test_a_driver_is_registered_read_replaced_and_deleted(self, api: Api) -> None:
        org = await new_org(api)
        drivers = f"/orgs/{org}/resources/drivers"

        created = await api.ok("POST", drivers, driver("pg-driver", is_public=False))
        assert {**driver("pg-driver"), "org_id": org, "is_public": False} == created
        assert created == await api.ok("GET", f"{drivers}/pg-driver")
        assert created in await api.ok("GET", drivers)

        replaced = await api.ok("PUT", f"{drivers}/pg-driver", driver_put(type="any"))
        assert ("any", "pg-driver") == (replaced["type"], replaced["id"])

        status, _ = await api.call("DELETE", f"{drivers}/pg-driver")
        assert 204 == status
        await assert_error(api, "GET", f"{drivers}/pg-driver", None, 404)

    async def test_a_driver_target_must_be_an_http_url(self, api: Api) -> None:
        org = await new_org(api)
        drivers = f"/orgs/{org}/resources/drivers"

        for target in ("ftp://example.com/x/", "not a url", "driver://acme/other", "https://"):
            answer = await assert_error(api, "POST", drivers, driver("bad-target", target=target), 400)
            assert {"target": target} == answer["details"]
        await assert_error(api, "GET", f"{drivers}/bad-target", None, 404)

    async def test_registration_failures(self, api: Api) -> None:
        org = await new_org(api)
        drivers = f"/orgs/{org}/resources/drivers"
        await api.ok("POST", drivers, driver("pg-driver"))

        await assert_error(api, "POST", drivers, driver("pg-driver"), 409)
        await assert_error(api, "POST", drivers, {"id": "no-target", "type": "any"}, 400)
        await assert_error(api, "PUT", f"{drivers}/nope", driver_put(), 404)
        await assert_error(api, "DELETE", f"{drivers}/nope", None, 404)
        await assert_error(api, "GET", "/orgs/no-such-org-y/resources/drivers", None, 404)
        await assert_error(api, "POST", "/orgs/no-such-org-y/resources/drivers", driver("pg-driver"), 404)

    async def test_a_driver_a_definition_uses_cannot_be_deleted(self, api: Api) -> None:
        org = await new_org(api)
        await api.ok("POST", f"/orgs/{org}/resources/drivers", driver("pg-driver"))
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db", driver_type=f"{org}/pg-driver"))

        answer = await assert_error(api, "DELETE", f"/orgs/{org}/resources/drivers/pg-driver", None, 409)

        assert ["resource definition pg-db"] == answer["details"]["used_by"]
        assert "pg-driver" == (await api.ok("GET", f"/orgs/{org}/resources/drivers/pg-driver"))["id"]
