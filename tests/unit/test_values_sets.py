"""Value sets as pure data: merging, the JSON patch between sets, ids, paths, wiping a purged value."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from orch_api.domain import values_sets as vs
from orch_api.domain.values_model import ValueSetState, latest_value_set_version_id, values_aggregate_id
from shared.contracts import values as c

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def value(key: str, text: str = "v", *, revision: str = "r1", source: c.Source = "app") -> c.SharedValue:
    return c.SharedValue(key=key, value=text, revision=revision, source=source, created_at=T0, updated_at=T0)


class TestMerge:
    def test_an_environment_override_wins_and_says_it_is_the_environments(self) -> None:
        merged = vs.merge({"A": value("A", "app")}, {"A": value("A", "env", source="app")})

        assert ("env", "env") == (merged["A"].value, merged["A"].source)

    def test_app_values_are_inherited_and_environment_only_values_kept(self) -> None:
        merged = vs.merge({"B": value("B"), "A": value("A")}, {"C": value("C")})

        assert [("A", "app"), ("B", "app"), ("C", "env")] == [(k, v.source) for k, v in merged.items()]

    def test_no_values_merge_to_none(self) -> None:
        assert {} == vs.merge({}, {})


class TestDiff:
    def test_one_operation_per_changed_key_in_key_order(self) -> None:
        old = {"A": value("A"), "B": value("B"), "C": value("C")}
        new = {"A": value("A"), "B": value("B", "changed", revision="r2"), "D": value("D")}

        ops = vs.diff(old, new)

        assert [("replace", "/B"), ("remove", "/C"), ("add", "/D")] == [(op.op, op.path) for op in ops]
        assert [new["B"], None, new["D"]] == [op.value for op in ops]

    def test_equal_sets_have_no_change(self) -> None:
        assert () == vs.diff({"A": value("A")}, {"A": value("A")})

    def test_refreshed_timestamps_alone_are_no_change(self) -> None:
        later = value("A").model_copy(update={"updated_at": T0 + timedelta(days=1)})

        assert () == vs.diff({"A": value("A")}, {"A": later})

    def test_a_different_description_or_source_is_a_change(self) -> None:
        described = value("A").model_copy(update={"description": "new"})

        assert 1 == len(vs.diff({"A": value("A")}, {"A": described}))
        assert 1 == len(vs.diff({"A": value("A")}, {"A": value("A", source="env")}))


class TestKeys:
    @pytest.mark.parametrize("key", ["A", "a_b", "x.y-z", "_1", ".hidden", "-dash", "DB_URL2"])
    def test_humanitec_keys_are_valid(self, key: str) -> None:
        assert vs.is_valid_key(key)

    @pytest.mark.parametrize("key", ["", "1abc", "9", "a b", "a/b", "a:b", "ü", "KEY\n", "a$"])
    def test_keys_with_other_characters_or_a_leading_digit_are_not(self, key: str) -> None:
        assert not vs.is_valid_key(key)


class TestIdsAndPaths:
    def test_a_request_makes_the_same_version_ids_every_time(self) -> None:
        request = str(uuid.uuid4())

        assert vs.version_id(request, None) == vs.version_id(request, None)
        assert vs.version_id(request, "dev") == vs.version_id(request, "dev")

    def test_the_app_and_each_environment_get_different_version_ids_which_are_uuids(self) -> None:
        request = str(uuid.uuid4())
        ids = {vs.version_id(request, None), vs.version_id(request, "dev"), vs.version_id(request, "prod")}

        assert 3 == len(ids)
        assert all(str(uuid.UUID(i)) == i for i in ids)
        assert vs.ZERO_VERSION_ID not in ids

    def test_secret_paths_name_the_app_or_the_environment(self) -> None:
        assert "orgs/o/apps/a/values/K" == vs.secret_path("o", "a", None, "K")
        assert "orgs/o/apps/a/envs/dev/values/K" == vs.secret_path("o", "a", "dev", "K")

    def test_aggregate_ids_of_app_and_environment_value_sets(self) -> None:
        assert ("values:o/a", "values:o/a/dev") == (values_aggregate_id("o", "a"), values_aggregate_id("o", "a", "dev"))


class TestLatestVersionId:
    def test_the_environments_newest_version_pins_its_values(self) -> None:
        app = ValueSetState(org_id="o", app_id="a", latest_version_id="app-2")
        env = ValueSetState(org_id="o", app_id="a", env_id="dev", latest_version_id="env-1")

        assert "env-1" == latest_value_set_version_id(app, env)

    def test_before_the_environment_has_a_version_the_apps_does(self) -> None:
        app = ValueSetState(org_id="o", app_id="a", latest_version_id="app-2")

        assert "app-2" == latest_value_set_version_id(app, ValueSetState(org_id="o", app_id="a", env_id="dev"))
        assert "app-2" == latest_value_set_version_id(app, None)

    def test_without_any_value_there_is_no_version(self) -> None:
        assert latest_value_set_version_id(None, None) is None


class TestErase:
    def stored(self, key: str, revision: str) -> dict[str, Any]:
        return {**value(key, "sealed", revision=revision).model_dump(mode="json"), "purged": False}

    def test_the_purged_value_is_wiped_from_values_and_change(self) -> None:
        values = {"A": self.stored("A", "r1"), "B": self.stored("B", "r1")}
        change: list[dict[str, Any]] = [
            {"op": "add", "path": "/A", "value": self.stored("A", "r1")},
            {"op": "remove", "path": "/C"},
        ]

        new_values, new_change, hit = vs.erase_in_version(values, change, "A", "r1")

        assert hit
        assert ("", True, None) == (new_values["A"]["value"], new_values["A"]["purged"], new_values["A"]["secret_ref"])
        assert values["B"] == new_values["B"]
        assert ("", True) == (new_change[0]["value"]["value"], new_change[0]["value"]["purged"])
        assert {"op": "remove", "path": "/C"} == new_change[1]

    def test_another_revision_of_the_key_is_left_alone(self) -> None:
        values = {"A": self.stored("A", "r2")}

        new_values, new_change, hit = vs.erase_in_version(values, [], "A", "r1")

        assert (values, [], False) == (new_values, new_change, hit)

    def test_the_input_is_not_mutated(self) -> None:
        values = {"A": self.stored("A", "r1")}

        vs.erase_in_version(values, [], "A", "r1")

        assert "sealed" == values["A"]["value"]
