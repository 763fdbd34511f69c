"""The diff of two deployment sets is the delta that turns the source into the target; set ids
depend on the content only. Checked on generated sets."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from orch_api.domain.deployment_sets import EMPTY_SET_ID, apply_delta, diff_sets, empty_set, same_set, set_id
from shared.contracts.deltas import DeltaContent, ModuleDeltas, PatchOp
from tests.support.deployment_sets import SETS, reversed_keys

PROPERTY = settings(max_examples=150, deadline=None, database=None)
API = {"profile": "humanitec/default-module", "spec": {"image": "api:1", "port": 8080}, "externals": {}}


class TestDiffRoundTrip:
    @PROPERTY
    @given(SETS, SETS)
    def test_applying_the_diff_to_the_source_gives_exactly_the_target(
        self, source: dict[str, Any], target: dict[str, Any]
    ) -> None:
        delta = diff_sets(source, target)

        result = apply_delta(source, delta)

        assert same_set(target, result)
        assert set_id(target) == set_id(result)

    @PROPERTY
    @given(SETS, SETS)
    def test_the_diff_survives_the_json_round_trip_of_the_api(
        self, source: dict[str, Any], target: dict[str, Any]
    ) -> None:
        wire = diff_sets(source, target).model_dump(mode="json")

        assert same_set(target, apply_delta(source, DeltaContent.model_validate(wire)))

    @PROPERTY
    @given(SETS)
    def test_a_set_diffed_with_itself_is_the_empty_delta(self, deployment_set: dict[str, Any]) -> None:
        assert DeltaContent() == diff_sets(deployment_set, copy.deepcopy(deployment_set))

    @PROPERTY
    @given(SETS)
    def test_the_diff_from_the_empty_set_adds_every_module_and_shared_resource(
        self, deployment_set: dict[str, Any]
    ) -> None:
        delta = diff_sets(empty_set(), deployment_set)

        assert deployment_set["modules"] == delta.modules.add
        assert ((), {}) == (delta.modules.remove, delta.modules.update)
        assert [("add", f"/{name}") for name in sorted(deployment_set["shared"])] == [
            (op.op, op.path) for op in delta.shared
        ]


class TestSetIdOfGeneratedSets:
    @PROPERTY
    @given(SETS)
    def test_key_order_does_not_change_the_id(self, deployment_set: dict[str, Any]) -> None:
        assert set_id(deployment_set) == set_id(reversed_keys(deployment_set))

    @PROPERTY
    @given(SETS, SETS)
    def test_different_content_has_a_different_id(self, one: dict[str, Any], two: dict[str, Any]) -> None:
        assert same_set(one, two) == (set_id(one) == set_id(two))


class TestDiffExamples:
    def test_a_changed_module_is_updated_with_patches_not_replaced(self) -> None:
        source = {"modules": {"api": API}, "shared": {}}
        target = {"modules": {"api": {**API, "spec": {"image": "api:2", "port": 8080}}}, "shared": {}}

        assert DeltaContent(
            modules=ModuleDeltas(update={"api": (PatchOp(op="replace", path="/spec/image", value="api:2"),)})
        ) == diff_sets(source, target)

    def test_added_removed_and_shared_changes_are_all_in_the_diff(self) -> None:
        source = {"modules": {"api": API}, "shared": {"db": {"type": "postgres"}}}
        target = {"modules": {"web": API}, "shared": {"dns": {"type": "dns"}}}

        assert DeltaContent(
            modules=ModuleDeltas(add={"web": API}, remove=("api",)),
            shared=(PatchOp(op="remove", path="/db"), PatchOp(op="add", path="/dns", value={"type": "dns"})),
        ) == diff_sets(source, target)

    def test_the_diff_to_the_empty_set_removes_everything(self) -> None:
        source = {"modules": {"api": API}, "shared": {"db": {"type": "postgres"}}}

        result = apply_delta(source, diff_sets(source, empty_set()))

        assert EMPTY_SET_ID == set_id(result)

    def test_the_shared_section_is_part_of_the_id(self) -> None:
        without = {"modules": {"api": API}, "shared": {}}
        with_db = {"modules": {"api": API}, "shared": {"db": {"type": "postgres"}}}

        assert set_id(without) != set_id(with_db)
        assert EMPTY_SET_ID != set_id({"modules": {}, "shared": {"db": {"type": "postgres"}}})


@given(st.data())
@settings(max_examples=50, deadline=None, database=None)
def test_diffs_compose_along_a_chain_of_sets(data: st.DataObject) -> None:
    first, second, third = data.draw(SETS), data.draw(SETS), data.draw(SETS)

    via_second = apply_delta(apply_delta(first, diff_sets(first, second)), diff_sets(second, third))

    assert same_set(third, via_second)
