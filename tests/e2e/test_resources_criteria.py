"""Matching criteria of resource definitions (unique per resource type) and the list of
definitions by matching rank, through the running services."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.e2e.test_resources_definitions import assert_error, definition, new_org
from tests.support.stack import Api

pytestmark = pytest.mark.e2e


def rules(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: v for k, v in cr.items() if k != "id"} for cr in answer["criteria"]]


class TestDuplicateCriteria:
    async def test_a_criterion_another_definition_of_the_type_has_is_409_and_nothing_is_written(self, api: Api) -> None:
        org = await new_org(api)
        defs = f"/orgs/{org}/resources/defs"
        await api.ok("POST", defs, definition("first", criteria=[{"env_type": "development"}]))

        answer = await assert_error(
            api, "POST", defs, definition("second", criteria=[{"env_type": "development"}]), 409
        )

        assert "first" == answer["details"]["def_id"]
        await assert_error(api, "GET", f"{defs}/second", None, 404)

    async def test_the_same_criterion_is_fine_for_another_type_or_class(self, api: Api) -> None:
        org = await new_org(api)
        defs = f"/orgs/{org}/resources/defs"
        await api.ok("POST", defs, definition("first", criteria=[{"app_id": "shop"}]))

        await api.ok("POST", defs, definition("other-type", type="mysql", criteria=[{"app_id": "shop"}]))
        await api.ok("POST", defs, definition("other-class", criteria=[{"app_id": "shop", "class": "large"}]))

        assert 3 == len(await api.ok("GET", defs))

    async def test_duplicates_within_one_definition_are_409(self, api: Api) -> None:
        org = await new_org(api)

        await assert_error(api, "POST", f"/orgs/{org}/resources/defs", definition("twice", criteria=[{}, {}]), 409)

    async def test_of_two_racing_definitions_with_the_same_criterion_exactly_one_wins(self, api: Api) -> None:
        org = await new_org(api)
        defs = f"/orgs/{org}/resources/defs"
        bodies = [definition(f"racer-{i}", criteria=[{"env_id": "production"}]) for i in range(4)]

        statuses = await asyncio.gather(*(api.call("POST", defs, body) for body in bodies))

        assert [200, 409, 409, 409] == sorted(status for status, _ in statuses)
        assert 1 == len(await api.ok("GET", defs))


class TestCriteriaEndpoints:
    async def test_criteria_are_added_replaced_and_deleted(self, api: Api) -> None:
        org = await new_org(api)
        path = f"/orgs/{org}/resources/defs/pg-db"
        await api.ok("POST", f"/orgs/{org}/resources/defs", definition("pg-db"))

        added = await api.ok("POST", f"{path}/criteria", {"app_id": "shop"})
        assert {"app_id": "shop", "class": "default"} == {k: v for k, v in added.items() if k != "id"}
        assert [added] == (await api.ok("GET", path))["criteria"]

        replaced = await api.ok("PUT", f"{path}/criteria", [{"env_type": "staging"}, {"class": "large"}])
        assert [{"env_type": "staging", "class": "default"}, {"class": "large"}] == rules({"criteria": replaced})
        assert replaced == (await api.ok("GET", path))["criteria"]

        status, _ = await api.call("DELETE", f"{path}/criteria/{replaced[0]['id']}")
        assert 204 == status
        assert [replaced[1]] == (await api.ok("GET", path))["criteria"]

    async def test_criteria_failures_change_nothing(self, api: Api) -> None:
        org = await new_org(api)
        defs = f"/orgs/{org}/resources/defs"
        await api.ok("POST", defs, definition("first", criteria=[{"app_id": "shop"}]))
        await api.ok("POST", defs, definition("pg-db", criteria=[{"env_id": "dev"}]))
        before = await api.ok("GET", f"{defs}/pg-db")

        await assert_error(api, "POST", f"{defs}/pg-db/criteria", {"app_id": "shop"}, 409)
        await assert_error(api, "POST", f"{defs}/pg-db/criteria", {"env_id": "dev"}, 409)
        await assert_error(api, "PUT", f"{defs}/pg-db/criteria", [{"class": "x1"}, {"app_id": "shop"}], 409)
        await assert_error(api, "POST", f"{defs}/pg-db/criteria", {"app_id": "Bad!"}, 400)
        await assert_error(api, "PUT", f"{defs}/pg-db/criteria", {"app_id": "shop"}, 400)
        await assert_error(api, "DELETE", f"{defs}/pg-db/criteria/no-such-criteria", None, 404)
        await assert_error(api, "POST", f"{defs}/nope/criteria", {}, 404)

        assert before == await api.ok("GET", f"{defs}/pg-db")


class TestListByMatchingRank:
    async def test_the_definitions_that_could_match_come_most_specific_first(self, api: Api) -> None:
        org = await new_org(api)
        defs = f"/orgs/{org}/resources/defs"
        for def_id, criteria in [
            ("any-env", [{}]),
            ("staging-only", [{"env_type": "staging"}]),
            ("shop-app", [{"app_id": "shop"}]),
            ("shop-dev", [{"app_id": "shop", "env_id": "dev"}]),
            ("shop-dev-res", [{"res_id": "shared.db", "env_id": "dev"}]),
            ("other-app", [{"app_id": "other"}]),
            ("large-class", [{"class": "large"}]),
            ("no-criteria", []),
        ]:
            await api.ok("POST", defs, definition(def_id, criteria=criteria))
        await api.ok("POST", defs, definition("redis-any", type="redis", criteria=[{}]))

        query = "app=shop&env=dev&env_type=development&class=default"
        ranked = await api.ok("GET", f"{defs}?{query}&res=shared.other&res_type=postgres")
        unknown_res = await api.ok("GET", f"{defs}?{query}")

        assert ["shop-dev", "shop-app", "any-env"] == [d["id"] for d in ranked]
        assert ["shop-dev-res", "shop-dev", "shop-app", "any-env", "redis-any"] == [d["id"] for d in unknown_res]
        assert {"postgres"} == {d["type"] for d in ranked}

    async def test_without_filters_every_definition_is_listed_by_type_and_id(self, api: Api) -> None:
        org = await new_org(api)
        defs = f"/orgs/{org}/resources/defs"
        await api.ok("POST", defs, definition("zeta", criteria=[{}]))
        await api.ok("POST", defs, definition("alpha"))
        await api.ok("POST", defs, definition("beta", type="dns"))

        assert ["beta", "alpha", "zeta"] == [d["id"] for d in await api.ok("GET", defs)]

    async def test_an_unknown_org_is_404(self, api: Api) -> None:
        await assert_error(api, "GET", "/orgs/no-such-org-here/resources/defs", None, 404)
