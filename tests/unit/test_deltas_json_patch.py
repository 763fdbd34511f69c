"""JSON patch (add, remove, replace) over JSON pointers, and the diff of two JSON values."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from orch_api.domain.json_patch import PatchError, apply_patch, diff, parse_pointer, pointer, same_json
from shared.contracts.deltas import PatchOp

DOC: dict[str, Any] = {"spec": {"image": "a:1", "args": ["x", "y"], "env": {"A": "1"}}, "profile": "p"}


def op(name: str, path: str, value: Any = None) -> PatchOp:
    return PatchOp.model_validate({"op": name, "path": path, "value": value})


class TestPointers:
    @pytest.mark.parametrize(
        ("path", "tokens"),
        [
            ("", []),
            ("/", [""]),
            ("/spec/image", ["spec", "image"]),
            ("/a~1b/c~0d", ["a/b", "c~d"]),
            ("/~01", ["~1"]),
            ("/args/0", ["args", "0"]),
        ],
    )
    def test_a_pointer_parses_into_its_unescaped_tokens_and_back(self, path: str, tokens: list[str]) -> None:
        assert tokens == parse_pointer(path)
        assert path == pointer(tokens)

    @pytest.mark.parametrize("path", ["spec", "/a~2", "/a~"])
    def test_a_malformed_pointer_is_refused(self, path: str) -> None:
        with pytest.raises(ValueError, match="not a JSON pointer"):
            parse_pointer(path)


class TestApplyPatch:
    @pytest.mark.parametrize(
        ("ops", "expected_spec"),
        [
            ([op("add", "/spec/port", 80)], {**DOC["spec"], "port": 80}),
            ([op("add", "/spec/image", "a:2")], {**DOC["spec"], "image": "a:2"}),
            ([op("replace", "/spec/image", "a:2")], {**DOC["spec"], "image": "a:2"}),
            ([op("remove", "/spec/env")], {"image": "a:1", "args": ["x", "y"]}),
            ([op("add", "/spec/args/0", "w")], {**DOC["spec"], "args": ["w", "x", "y"]}),
            ([op("add", "/spec/args/2", "z")], {**DOC["spec"], "args": ["x", "y", "z"]}),
            ([op("add", "/spec/args/-", "z")], {**DOC["spec"], "args": ["x", "y", "z"]}),
            ([op("remove", "/spec/args/0")], {**DOC["spec"], "args": ["y"]}),
            ([op("replace", "/spec/args/1", "q")], {**DOC["spec"], "args": ["x", "q"]}),
            ([op("add", "/spec/env/B", None)], {**DOC["spec"], "env": {"A": "1", "B": None}}),
            (
                [op("add", "/spec/extra", {}), op("add", "/spec/extra/k", "v"), op("replace", "/spec/extra/k", "w")],
                {**DOC["spec"], "extra": {"k": "w"}},
            ),
        ],
    )
    def test_operations_apply_in_order(self, ops: list[PatchOp], expected_spec: dict[str, Any]) -> None:
        assert {"spec": expected_spec, "profile": "p"} == apply_patch(DOC, ops, where="m")

    def test_escaped_tokens_address_keys_with_slashes_and_tildes(self) -> None:
        result = apply_patch({"a/b": {"c~d": 1}}, [op("replace", "/a~1b/c~0d", 2)], where="m")

        assert {"a/b": {"c~d": 2}} == result

    def test_the_empty_path_replaces_the_whole_document(self) -> None:
        assert {"new": True} == apply_patch(DOC, [op("replace", "", {"new": True})], where="m")

    def test_nothing_given_is_mutated(self) -> None:
        before = copy.deepcopy(DOC)
        value = {"k": ["v"]}

        result = apply_patch(DOC, [op("add", "/spec/obj", value), op("remove", "/spec/args/0")], where="m")
        result["spec"]["obj"]["k"].append("changed")

        assert before == DOC
        assert {"k": ["v"]} == value

    @pytest.mark.parametrize(
        ("failing", "reason"),
        [
            (op("replace", "/spec/missing", 1), "the path does not exist"),
            (op("remove", "/spec/missing"), "the path does not exist"),
            (op("add", "/nowhere/deep", 1), "'/nowhere' does not exist"),
            (op("add", "/spec/args/3", "z"), "index 3 is out of range (the array has 2 items)"),
            (op("replace", "/spec/args/2", "z"), "index 2 is out of range (the array has 2 items)"),
            (op("remove", "/spec/args/-"), "'-' is not an array index"),
            (op("add", "/spec/args/01", "z"), "'01' is not an array index"),
            (op("add", "/spec/image/x", 1), "'/spec/image' is neither an object nor an array"),
            (op("remove", ""), "the whole document cannot be removed"),
            (op("add", "no-slash", 1), "'no-slash' is not a JSON pointer"),
        ],
    )
    def test_an_operation_that_cannot_apply_is_a_400_naming_where_and_why(self, failing: PatchOp, reason: str) -> None:
        ops = [op("add", "/spec/ok", 1), failing]

        with pytest.raises(PatchError) as caught:
            apply_patch(DOC, ops, where="modules.update.web")

        assert 400 == caught.value.http_status
        assert "modules.update.web[1]" == caught.value.details["at"]
        assert (failing.op, failing.path) == (caught.value.details["op"], caught.value.details["path"])
        assert caught.value.details["reason"].startswith(reason)


class TestDiff:
    def test_equal_values_need_no_operation(self) -> None:
        assert [] == diff(DOC, copy.deepcopy(DOC))

    def test_objects_are_diffed_member_by_member(self) -> None:
        target = {"spec": {"image": "a:2", "args": ["x", "y"], "port": 80}, "profile": "p"}

        assert [
            op("remove", "/spec/env"),
            op("replace", "/spec/image", "a:2"),
            op("add", "/spec/port", 80),
        ] == diff(DOC, target)

    def test_an_array_that_differs_is_replaced_whole(self) -> None:
        assert [op("replace", "/args", ["y"])] == diff({"args": ["x", "y"]}, {"args": ["y"]})

    @pytest.mark.parametrize(("a", "b"), [(1, True), (1, 1.0), (0, False), ("1", 1), (None, 0)])
    def test_values_equal_in_python_but_not_in_json_differ(self, a: Any, b: Any) -> None:
        assert not same_json(a, b)
        assert [op("replace", "/v", b)] == diff({"v": a}, {"v": b})

    def test_keys_are_escaped_in_paths(self) -> None:
        assert [op("add", "/a~1b~0c", 1)] == diff({}, {"a/b~c": 1})
