"""Secrets in definitions' driver inputs: sealing every leaf bound to its path, references shown
instead of values, secret references parsed, JSON merge patches."""

from __future__ import annotations

import pytest

from orch_api.domain.resources_secrets import (
    STORE,
    cleared,
    merge_patch,
    references,
    retain_own,
    seal_leaves,
    secret_path,
    split_secret_refs,
)
from shared.crypto import SecretBox, generate_key
from shared.errors import InvalidInput
from shared.settings import SecretsSettings


def fake_seal(text: str, context: str) -> str:
    return f"sealed({text}@{context})"


class TestSealLeaves:
    def test_every_leaf_is_sealed_with_its_path_as_context(self) -> None:
        sealed = seal_leaves({"pw": "x", "db": {"user": "u", "port": 5432}}, "acme", "pg", fake_seal)

        base = "orgs/acme/resources/defs/pg/secrets"
        assert {
            "pw": f"sealed(x@{base}/pw)",
            "db": {"user": f"sealed(u@{base}/db.user)", "port": f"sealed(5432@{base}/db.port)"},
        } == sealed

    def test_none_leaves_stay_for_merge_patches(self) -> None:
        assert {"gone": None} == seal_leaves({"gone": None}, "acme", "pg", fake_seal)

    def test_a_real_box_opens_a_leaf_only_with_the_same_path(self) -> None:
        box = SecretBox(SecretsSettings(keys={"k1": generate_key()}))
        sealed = seal_leaves({"pw": "s3cr3t"}, "acme", "pg", lambda t, ctx: box.seal(t, context=ctx))

        assert "s3cr3t" not in sealed["pw"]
        assert "s3cr3t" == box.open(sealed["pw"], context=secret_path("acme", "pg", ("pw",)))


class TestSecretRefs:
    def test_values_become_secrets_and_refs_stay_references(self) -> None:
        refs = {"a": {"value": "v"}, "b": {"store": "vault", "ref": "kv/b", "version": 2}, "n": {"c": {"value": "w"}}}

        values, external = split_secret_refs(refs)

        assert {"a": "v", "n": {"c": "w"}} == values
        assert {"b": {"store": "vault", "ref": "kv/b", "version": "2"}} == external

    @pytest.mark.parametrize(
        "leaf",
        ["plain", {"value": "v", "ref": "r", "store": "s"}, {"ref": "r"}, {"value": 1}, []],
        ids=["not-an-object", "value-and-ref", "ref-without-store", "value-not-a-string", "a-list"],
    )
    def test_malformed_leaves_are_rejected(self, leaf: object) -> None:
        with pytest.raises(InvalidInput):
            split_secret_refs({"k": leaf})

    def test_responses_show_own_secrets_by_path_and_external_ones_as_given(self) -> None:
        shown = references("acme", "pg", {"pw": "sealed"}, {"key": {"store": "vault", "ref": "kv"}})

        assert {
            "pw": {"store": STORE, "ref": "orgs/acme/resources/defs/pg/secrets/pw"},
            "key": {"store": "vault", "ref": "kv"},
        } == shown

    def test_a_reference_to_an_own_secret_path_turns_back_into_its_sealed_value(self) -> None:
        own = {"store": STORE, "ref": secret_path("acme", "pg", ("db", "pw"))}
        external = {"store": "vault", "ref": "kv"}

        kept, remaining = retain_own("acme", "pg", {"db": {"pw": "sealed"}}, {"db": {"pw": own}, "k": external})

        assert ({"db": {"pw": "sealed"}}, {"k": external}) == (kept, remaining)

    def test_a_reference_to_a_secret_that_does_not_exist_stays_a_reference(self) -> None:
        ghost = {"store": STORE, "ref": secret_path("acme", "pg", ("gone",))}

        assert ({}, {"gone": ghost}) == retain_own("acme", "pg", {}, {"gone": ghost})


class TestMergePatch:
    def test_rfc_7396(self) -> None:
        target = {"a": "b", "c": {"d": "e", "f": "g"}}

        assert {"a": "z", "c": {"d": "e"}, "n": [1]} == merge_patch(target, {"a": "z", "c": {"f": None}, "n": [1]})
        assert ["x"] == merge_patch(target, ["x"])

    def test_cleared_removes_every_leaf_and_keeps_reference_objects_whole(self) -> None:
        patch = cleared({"a": {"store": "s", "ref": "r"}, "b": {"c": "x"}}, refs=True)

        assert {"a": None, "b": {"c": None}} == patch
