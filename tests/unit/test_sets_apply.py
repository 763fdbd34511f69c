"""Applying a whole delta to a set (modules added, removed, updated; shared patched), the checks on
the resulting set, and the resources a set asks for."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from orch_api.domain.deployment_sets import apply_delta, empty_set, set_resources
from shared.contracts.deltas import DeltaContent
from shared.errors import InvalidInput

API: dict[str, Any] = {
    "profile": "humanitec/default-module",
    "spec": {"containers": {"main": {"image": "api:1"}}},
    "externals": {"db": {"type": "postgres"}},
}
BASE: dict[str, Any] = {"modules": {"api": API}, "shared": {"dns": {"type": "dns"}}}


def delta(
    add: dict[str, Any] | None = None,
    remove: tuple[str, ...] = (),
    update: dict[str, list[dict[str, Any]]] | None = None,
    shared: list[dict[str, Any]] | None = None,
) -> DeltaContent:
    return DeltaContent.model_validate(
        {"modules": {"add": add or {}, "remove": remove, "update": update or {}}, "shared": shared or []}
    )


class TestApplyDelta:
    def test_update_patches_a_module_in_place(self) -> None:
        image = {"op": "replace", "path": "/spec/containers/main/image", "value": "api:2"}
        variable = {"op": "add", "path": "/spec/containers/main/variables", "value": {"A": "1"}}

        result = apply_delta(BASE, delta(update={"api": [image, variable]}))

        assert {"image": "api:2", "variables": {"A": "1"}} == result["modules"]["api"]["spec"]["containers"]["main"]
        assert BASE["shared"] == result["shared"]

    def test_shared_patches_apply_to_the_shared_map(self) -> None:
        ops: list[dict[str, Any]] = [
            {"op": "add", "path": "/db", "value": {"type": "postgres", "class": "large"}},
            {"op": "remove", "path": "/dns"},
            {"op": "add", "path": "/db/params", "value": {"size": 10}},
        ]

        result = apply_delta(BASE, delta(shared=ops))

        assert {"db": {"type": "postgres", "class": "large", "params": {"size": 10}}} == result["shared"]

    def test_remove_then_add_then_update(self) -> None:
        web = {"profile": "humanitec/default-module", "spec": {}}
        port = {"op": "add", "path": "/spec/port", "value": 80}

        result = apply_delta(BASE, delta(add={"api": web}, remove=("api",), update={"api": [port]}))

        assert {"api": {"profile": "humanitec/default-module", "spec": {"port": 80}}} == result["modules"]

    def test_nothing_given_is_mutated(self) -> None:
        base, change = copy.deepcopy(BASE), delta(update={"api": [{"op": "remove", "path": "/externals/db"}]})
        before = change.model_copy(deep=True)

        apply_delta(base, change)

        assert (BASE, before) == (base, change)

    def test_updating_a_module_not_in_the_set_is_a_400(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            apply_delta(empty_set(), delta(update={"ghost": [{"op": "add", "path": "/spec/x", "value": 1}]}))

        assert {"at": "modules.update.ghost", "module": "ghost"} == caught.value.details

    def test_a_patch_on_a_missing_path_is_a_400_naming_module_op_and_path(self) -> None:
        bad = {"op": "replace", "path": "/spec/nope/x", "value": 1}

        with pytest.raises(InvalidInput) as caught:
            apply_delta(BASE, delta(update={"api": [bad]}))

        assert {
            "at": "modules.update.api[0]",
            "op": "replace",
            "path": "/spec/nope/x",
            "reason": "'/spec/nope' does not exist",
        } == caught.value.details

    def test_a_shared_patch_on_a_missing_entry_is_a_400(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            apply_delta(BASE, delta(shared=[{"op": "remove", "path": "/ghost"}]))

        assert "shared[0]" == caught.value.details["at"]

    @pytest.mark.parametrize(
        ("change", "at"),
        [
            (delta(add={"web": {"profile": "p", "spec": {}, "image": "x"}}), "modules.web.image"),
            (delta(update={"api": [{"op": "replace", "path": "", "value": []}]}), "modules.api"),
            (delta(update={"api": [{"op": "add", "path": "/image", "value": "x"}]}), "modules.api.image"),
            (delta(update={"api": [{"op": "replace", "path": "/spec", "value": 1}]}), "modules.api.spec"),
            (delta(update={"api": [{"op": "replace", "path": "/profile", "value": 1}]}), "modules.api.profile"),
            (
                delta(update={"api": [{"op": "replace", "path": "/externals/db", "value": {}}]}),
                "modules.api.externals.db",
            ),
            (
                delta(update={"api": [{"op": "add", "path": "/externals/db/id", "value": "x"}]}),
                "modules.api.externals.db.id",
            ),
            (delta(shared=[{"op": "add", "path": "/db", "value": {"type": ""}}]), "shared.db"),
            (delta(shared=[{"op": "add", "path": "/db", "value": {"type": "x", "class": 1}}]), "shared.db.class"),
            (delta(shared=[{"op": "add", "path": "/db", "value": {"type": "x", "params": []}}]), "shared.db.params"),
            (delta(shared=[{"op": "replace", "path": "", "value": []}]), "shared"),
        ],
    )
    def test_a_result_that_is_not_a_well_formed_set_is_a_400(self, change: DeltaContent, at: str) -> None:
        with pytest.raises(InvalidInput) as caught:
            apply_delta(BASE, change)

        assert {"at": at} == caught.value.details


class TestSetResources:
    def test_lists_workloads_externals_and_shared_resources_with_default_classes(self) -> None:
        deployment_set = {
            "modules": {
                "web": {"spec": {}},
                "api": {"externals": {"db": {"type": "postgres", "class": "large", "params": {"size": 5}}}},
            },
            "shared": {
                "dns": {"type": "dns"},
                "s3-class-admin": {"type": "s3", "class": "admin", "id": "shared.s3"},
            },
        }

        assert [
            {"id": "modules.api", "type": "workload", "class": "default", "resource": {}},
            {"id": "modules.api.externals.db", "type": "postgres", "class": "large", "resource": {"size": 5}},
            {"id": "modules.web", "type": "workload", "class": "default", "resource": {}},
            {"id": "shared.dns", "type": "dns", "class": "default", "resource": {}},
            {"id": "shared.s3", "type": "s3", "class": "admin", "resource": {}},
        ] == set_resources(deployment_set)

    def test_the_same_resource_named_twice_is_listed_once(self) -> None:
        deployment_set = {"modules": {}, "shared": {"a": {"type": "dns", "id": "shared.b"}, "b": {"type": "dns"}}}

        assert [{"id": "shared.b", "type": "dns", "class": "default", "resource": {}}] == set_resources(deployment_set)

    def test_the_empty_set_asks_for_nothing(self) -> None:
        assert [] == set_resources(empty_set())

    def test_the_params_are_copied(self) -> None:
        deployment_set = {"modules": {}, "shared": {"a": {"type": "dns", "params": {"k": ["v"]}}}}

        set_resources(deployment_set)[0]["resource"]["k"].append("w")

        assert {"k": ["v"]} == deployment_set["shared"]["a"]["params"]
