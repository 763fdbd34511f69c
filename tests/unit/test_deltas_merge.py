"""Merging deltas into a stored delta (``PATCH``): each documented rule, and on generated deltas
that applying the merge equals applying the deltas one after the other."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orch_api.domain.delta_merge import merge_deltas
from orch_api.domain.deployment_sets import apply_delta, diff_sets, same_set
from orch_api.domain.json_patch import PatchError
from shared.contracts.deltas import DeltaContent, DeltaPatch, ModuleDeltas, ModulePatch, PatchOp
from shared.errors import InvalidInput
from tests.support.deployment_sets import SETS

API: dict[str, Any] = {"profile": "humanitec/default-module", "spec": {"image": "api:1"}, "externals": {}}
WEB: dict[str, Any] = {"profile": "humanitec/default-module", "spec": {"image": "web:1"}, "externals": {}}
SET_IMAGE_2 = PatchOp(op="replace", path="/spec/image", value="x:2")
ADD_PORT = PatchOp(op="add", path="/spec/port", value=80)
SHARED_DB = PatchOp(op="add", path="/db", value={"type": "postgres"})
SHARED_DNS = PatchOp(op="add", path="/dns", value={"type": "dns"})


def stored(
    add: dict[str, Any] | None = None,
    remove: tuple[str, ...] = (),
    update: dict[str, tuple[PatchOp, ...]] | None = None,
    shared: tuple[PatchOp, ...] = (),
) -> DeltaContent:
    return DeltaContent(modules=ModuleDeltas(add=add or {}, remove=remove, update=update or {}), shared=shared)


def patch(
    add: dict[str, Any] | None = None,
    remove: tuple[str, ...] = (),
    update: dict[str, tuple[PatchOp, ...]] | None = None,
    shared: tuple[PatchOp, ...] = (),
) -> DeltaPatch:
    return DeltaPatch(modules=ModulePatch(add=add or {}, remove=remove, update=update or {}), shared=shared)


RULES = [
    pytest.param(stored(), [patch(add={"api": API})], stored(add={"api": API}), id="add-into-empty"),
    pytest.param(stored(add={"api": API}), [patch(add={"api": WEB})], stored(add={"api": WEB}), id="add-replaces-add"),
    pytest.param(stored(remove=("api",)), [patch(add={"api": None})], stored(), id="null-add-un-removes"),
    pytest.param(
        stored(add={"web": WEB}), [patch(add={"api": None})], stored(add={"web": WEB}), id="null-add-not-removed-no-op"
    ),
    pytest.param(stored(add={"api": API}), [patch(add={"api": None})], stored(add={"api": API}), id="null-keeps-add"),
    pytest.param(
        stored(remove=("api",)), [patch(add={"api": WEB})], stored(add={"api": WEB}), id="add-drops-its-removal"
    ),
    pytest.param(
        stored(remove=("api",)), [patch(remove=("web", "api"))], stored(remove=("api", "web")), id="removes-unioned"
    ),
    pytest.param(
        stored(add={"api": API, "web": WEB}),
        [patch(remove=("api",))],
        stored(add={"web": WEB}, remove=("api",)),
        id="remove-drops-add",
    ),
    pytest.param(
        stored(update={"api": (SET_IMAGE_2,)}),
        [patch(remove=("api",))],
        stored(remove=("api",)),
        id="remove-drops-update",
    ),
    pytest.param(
        stored(update={"api": (SET_IMAGE_2,)}),
        [patch(update={"api": (ADD_PORT,)})],
        stored(update={"api": (SET_IMAGE_2, ADD_PORT)}),
        id="updates-concatenate",
    ),
    pytest.param(
        stored(add={"api": API}),
        [patch(update={"api": (SET_IMAGE_2, ADD_PORT)})],
        stored(add={"api": {**API, "spec": {"image": "x:2", "port": 80}}}),
        id="update-applies-into-add",
    ),
    pytest.param(
        stored(update={"api": (ADD_PORT,)}),
        [patch(add={"api": WEB})],
        stored(add={"api": WEB}),
        id="add-drops-pending-updates",
    ),
    pytest.param(
        stored(shared=(SHARED_DB,)),
        [patch(shared=(SHARED_DNS,))],
        stored(shared=(SHARED_DB, SHARED_DNS)),
        id="shared-concatenates",
    ),
    pytest.param(
        stored(),
        [patch(remove=("api",)), patch(add={"api": None}), patch(update={"api": (ADD_PORT,)})],
        stored(update={"api": (ADD_PORT,)}),
        id="deltas-merge-in-order",
    ),
    pytest.param(
        stored(),
        [patch(add={"api": API}, remove=("api",), update={"api": (ADD_PORT,)})],
        stored(add={"api": {**API, "spec": {"image": "api:1", "port": 80}}}),
        id="one-delta-removes-then-adds-then-updates",
    ),
    pytest.param(stored(add={"api": API}), [], stored(add={"api": API}), id="no-deltas-no-change"),
]


class TestMergeRules:
    @pytest.mark.parametrize(("base", "patches", "expected"), RULES)
    def test_merging(self, base: DeltaContent, patches: list[DeltaPatch], expected: DeltaContent) -> None:
        assert expected == merge_deltas(base, patches)

    def test_an_update_that_cannot_apply_to_its_add_is_a_400_naming_the_delta(self) -> None:
        bad = PatchOp(op="replace", path="/spec/missing", value=1)

        with pytest.raises(PatchError) as caught:
            merge_deltas(stored(add={"api": API}), [patch(), patch(update={"api": (bad,)})])

        assert "[1].modules.update.api[0]" == caught.value.details["at"]

    def test_an_update_that_makes_an_add_malformed_is_a_400(self) -> None:
        with pytest.raises(InvalidInput, match=r"modules\.api\.spec"):
            merge_deltas(stored(add={"api": API}), [patch(update={"api": (PatchOp(op="replace", path="/spec"),)})])

    def test_an_update_of_a_removed_module_is_a_400(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            merge_deltas(stored(remove=("api",)), [patch(update={"api": (ADD_PORT,)})])

        assert {"at": "[0].modules.update.api", "module": "api"} == caught.value.details

    def test_the_stored_delta_is_not_mutated(self) -> None:
        base = stored(add={"api": API})

        merge_deltas(base, [patch(update={"api": (ADD_PORT,)})])

        assert {"image": "api:1"} == base.modules.add["api"]["spec"]


def as_patch(delta: DeltaContent) -> DeltaPatch:
    return DeltaPatch.model_validate(delta.model_dump())


@given(st.lists(SETS, min_size=2, max_size=4))
@settings(max_examples=150, deadline=None, database=None)
def test_applying_the_merge_equals_applying_each_delta_in_turn(chain: list[dict[str, Any]]) -> None:
    """Deltas between consecutive generated sets, merged, take the first set to the last."""
    deltas = [diff_sets(a, b) for a, b in itertools.pairwise(chain)]

    merged = merge_deltas(deltas[0], [as_patch(d) for d in deltas[1:]])

    assert same_set(chain[-1], apply_delta(chain[0], merged))
