"""Versions of resource definitions: one per change of what a definition provisions; proposed
versions and promoting them."""

from __future__ import annotations

import pytest

from tests.e2e.test_resources_definitions import assert_error, definition, new_org
from tests.support.stack import Api

pytestmark = pytest.mark.e2e


class TestVersions:
    async def test_each_change_makes_a_version_and_the_newest_is_active(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db", driver_inputs={"values": {"v": 1}}))
        await api.ok("PUT", path, {"name": "two", "driver_inputs": {"values": {"v": 2}}})
        patched = await api.ok("PATCH", path, {"name": "three"})
        await api.ok("POST", f"{path}/criteria", {})  # criteria are not part of a version

        versions = await api.ok("GET", f"{path}/versions")

        assert [("three", "updated"), ("two", "updated"), ("pg-db", "created")] == [
            (v["name"], v["action"]) for v in versions
        ]
        assert [True, False, False] == [v["active"] for v in versions]
        assert patched["active_version_id"] == versions[0]["id"]
        assert [{"v": 2}, {"v": 2}, {"v": 1}] == [v["driver_inputs"]["values"] for v in versions]
        assert {(org, "pg-db", "postgres", False, False)} == {
            (v["org_id"], v["def_id"], v["type"], v["archived"], v["proposed"]) for v in versions
        }
        assert versions[2] == await api.ok("GET", f"{path}/versions/{versions[2]['id']}")

    async def test_unknown_versions_and_definitions_are_404(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db"))

        await assert_error(api, "GET", f"{path}/versions/00000000-0000-0000-0000-000000000000", None, 404)
        await assert_error(api, "GET", f"/orgs/{org}/resources/defs/nope/versions", None, 404)
        await assert_error(api, "POST", f"{path}/versions/nope/actions/promote", None, 404)


class TestProposedVersions:
    async def test_a_proposed_version_changes_nothing_until_promoted(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        created = await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db", criteria=[{}]))

        unchanged = await api.ok("PATCH", path, {"name": "proposal", "proposed": True})
        proposal = (await api.ok("GET", f"{path}/versions"))[0]

        assert created == unchanged
        assert ("proposal", True, False) == (proposal["name"], proposal["proposed"], proposal["active"])

        promoted = await api.ok("POST", f"{path}/versions/{proposal['id']}/actions/promote")
        now = await api.ok("GET", path)

        assert promoted["active"] is True
        assert ("proposal", proposal["id"], created["criteria"]) == (
            now["name"],
            now["active_version_id"],
            now["criteria"],
        )
        assert 2 == len(await api.ok("GET", f"{path}/versions"))
