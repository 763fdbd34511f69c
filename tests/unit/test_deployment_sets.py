"""Deployment sets: content-addressed ids and applying a delta's modules."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from orch_api.domain.deployment_sets import EMPTY_SET_ID, apply_delta, empty_set, set_id
from shared.contracts.deltas import DeltaContent, ModuleDeltas


def delta(modules: dict[str, Any]) -> DeltaContent:
    return DeltaContent(modules=ModuleDeltas.model_validate(modules))


API_MODULE: dict[str, Any] = {"profile": "humanitec/default-module", "spec": {"image": "api:1", "port": 8080}}
WEB_MODULE: dict[str, Any] = {"profile": "humanitec/default-module", "spec": {"image": "web:1"}}


class TestSetId:
    def test_equal_content_in_a_different_key_order_has_the_same_id(self) -> None:
        forward = {
            "modules": {
                "api": {"profile": "p", "spec": {"image": "api:1", "env": {"A": "1", "B": "2"}}},
                "web": {"spec": {"image": "web:1"}},
            },
            "shared": {"db": {"type": "postgres"}},
        }
        backward = {
            "shared": {"db": {"type": "postgres"}},
            "modules": {
                "web": {"spec": {"image": "web:1"}},
                "api": {"spec": {"env": {"B": "2", "A": "1"}, "image": "api:1"}, "profile": "p"},
            },
        }

        assert set_id(forward) == set_id(backward)

    def test_different_content_has_a_different_id(self) -> None:
        one = {"modules": {"api": {"spec": {"image": "api:1"}}}, "shared": {}}
        two = {"modules": {"api": {"spec": {"image": "api:2"}}}, "shared": {}}

        assert set_id(one) != set_id(two)

    def test_a_nested_value_type_is_part_of_the_content(self) -> None:
        number = {"modules": {"api": {"spec": {"port": 8080}}}, "shared": {}}
        text = {"modules": {"api": {"spec": {"port": "8080"}}}, "shared": {}}

        assert set_id(number) != set_id(text)

    def test_the_empty_set_has_43_zeros(self) -> None:
        assert set_id(empty_set()) == "0" * 43
        assert EMPTY_SET_ID == "0" * 43

    @pytest.mark.parametrize("empty", [{}, {"modules": {}}, {"modules": None, "shared": None}])
    def test_missing_sections_count_as_the_empty_set(self, empty: dict[str, Any]) -> None:
        assert set_id(empty) == EMPTY_SET_ID

    def test_a_set_with_modules_has_a_43_character_base64url_id(self) -> None:
        identifier = set_id({"modules": {"api": API_MODULE}, "shared": {}})

        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", identifier) is not None
        assert identifier != EMPTY_SET_ID

    def test_the_id_is_stable_across_calls(self) -> None:
        deployment_set = {"modules": {"api": API_MODULE}, "shared": {}}

        assert set_id(deployment_set) == set_id(copy.deepcopy(deployment_set))


class TestApplyDelta:
    def test_add_puts_a_new_module_into_the_set(self) -> None:
        result = apply_delta({"modules": {"api": API_MODULE}, "shared": {}}, delta({"add": {"web": WEB_MODULE}}))

        assert result == {"modules": {"api": API_MODULE, "web": WEB_MODULE}, "shared": {}}

    def test_add_replaces_an_existing_module_whole(self) -> None:
        replacement = {"spec": {"image": "api:2"}}

        result = apply_delta({"modules": {"api": API_MODULE}, "shared": {}}, delta({"add": {"api": replacement}}))

        assert result == {"modules": {"api": replacement}, "shared": {}}

    def test_remove_drops_a_module(self) -> None:
        base = {"modules": {"api": API_MODULE, "web": WEB_MODULE}, "shared": {}}

        result = apply_delta(base, delta({"remove": ["api"]}))

        assert result == {"modules": {"web": WEB_MODULE}, "shared": {}}

    def test_removing_a_module_that_is_not_there_changes_nothing(self) -> None:
        base = {"modules": {"api": API_MODULE}, "shared": {}}

        assert apply_delta(base, delta({"remove": ["ghost"]})) == base

    def test_an_empty_delta_keeps_the_set(self) -> None:
        base = {"modules": {"api": API_MODULE}, "shared": {"db": {"type": "postgres"}}}

        assert apply_delta(base, delta({})) == base

    def test_applies_to_the_empty_set(self) -> None:
        assert apply_delta(empty_set(), delta({"add": {"api": API_MODULE}})) == {
            "modules": {"api": API_MODULE},
            "shared": {},
        }

    def test_does_not_mutate_the_base_set_or_the_delta(self) -> None:
        base = {"modules": {"api": API_MODULE, "web": WEB_MODULE}, "shared": {"db": {"type": "postgres"}}}
        modules: dict[str, Any] = {"add": {"worker": {"spec": {"image": "worker:1"}}}, "remove": ["web"]}
        base_before, modules_before = copy.deepcopy(base), copy.deepcopy(modules)

        apply_delta(base, delta(modules))

        assert base == base_before
        assert modules == modules_before

    def test_the_result_does_not_share_its_sections_with_the_base(self) -> None:
        base = {"modules": {"api": API_MODULE}, "shared": {}}

        result = apply_delta(base, delta({}))
        result["modules"]["web"] = WEB_MODULE
        result["shared"]["db"] = {}

        assert base == {"modules": {"api": API_MODULE}, "shared": {}}
