"""The gateway opens a definition's sealed secrets only with the path they were sealed for."""

from __future__ import annotations

import pytest

from orch_gateway.domain.secrets import open_secrets, secret_context
from shared.crypto import SecretBox, SecretError, generate_key
from shared.settings import SecretsSettings

BOX = SecretBox(SecretsSettings(keys={"k1": generate_key()}))


def opener(sealed: str, context: str) -> str:
    return BOX.open(sealed, context=context)


def test_nested_sealed_leaves_open_with_their_own_paths() -> None:
    sealed = {
        "password": BOX.seal("pw", context=secret_context("acme", "pg", ("password",))),
        "account": {"key": BOX.seal("k", context=secret_context("acme", "pg", ("account", "key")))},
        "plain": "not sealed",
    }

    assert {"password": "pw", "account": {"key": "k"}, "plain": "not sealed"} == open_secrets(
        sealed, "acme", "pg", opener
    )


def test_a_sealed_value_moved_to_another_definition_does_not_open() -> None:
    sealed = {"password": BOX.seal("pw", context=secret_context("acme", "pg", ("password",)))}

    with pytest.raises(SecretError):
        open_secrets(sealed, "acme", "other-def", opener)


def test_without_an_opener_sealed_text_passes_unchanged() -> None:
    sealed = {"password": BOX.seal("pw", context="x")}

    assert sealed == open_secrets(sealed, "acme", "pg", None)
