"""Sealing secrets with the AES-256-GCM keyring: what opens, what never does, and how it fails."""

from __future__ import annotations

import base64
import os

import pytest

from shared.crypto import SecretBox, SecretError, generate_key, is_sealed
from shared.errors import PermanentError
from shared.settings import SecretsSettings

K1, K2 = generate_key(), generate_key()


def box(keys: dict[str, str] | None = None, active: str | None = None) -> SecretBox:
    return SecretBox(SecretsSettings(keys=keys or {"k1": K1}, active_key=active))


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class TestSealAndOpen:
    def test_a_sealed_secret_opens_to_its_plaintext(self) -> None:
        sealed = box().seal("s3cr3t", context="orgs/o/apps/a/values/K")

        assert "s3cr3t" == box().open(sealed, context="orgs/o/apps/a/values/K")

    def test_sealed_text_names_its_key_and_hides_the_plaintext(self) -> None:
        sealed = box().seal("s3cr3t")

        assert sealed.startswith("v1:k1:")
        assert "s3cr3t" not in sealed
        assert "k1" == box().key_id(sealed)
        assert is_sealed(sealed)

    def test_the_same_plaintext_seals_differently_each_time(self) -> None:
        """A fresh nonce per seal: equal secrets cannot be told apart by their sealed text."""
        assert box().seal("same") != box().seal("same")

    def test_unicode_and_empty_plaintexts_survive(self) -> None:
        for text in ["", "ünïcødé ✓ 秘密", "line\nbreak", "x" * 10_000]:
            assert text == box().open(box().seal(text, context="c"), context="c")

    def test_a_secret_sealed_for_one_path_does_not_open_for_another(self) -> None:
        sealed = box().seal("s3cr3t", context="orgs/o/apps/a/values/K")

        with pytest.raises(SecretError, match="does not open"):
            box().open(sealed, context="orgs/o/apps/a/envs/prod/values/K")

    def test_a_tampered_secret_does_not_open(self) -> None:
        sealed = box().seal("s3cr3t")
        body = sealed.rsplit(":", 1)[1]
        flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]

        with pytest.raises(SecretError, match="does not open"):
            box().open(sealed.rsplit(":", 1)[0] + ":" + flipped)


class TestMalformedSealedText:
    @pytest.mark.parametrize(
        "text",
        [
            "plain text",
            "v2:k1:AAAA",
            "v1::AAAA",
            "v1:k1:",
            "v1:k1:AAAA\n",
            "v1:k1:AA==",
            "v1:" + "k" * 41 + ":AAAA",
        ],
    )
    def test_text_that_is_not_sealed_is_refused(self, text: str) -> None:
        assert not is_sealed(text)
        with pytest.raises(SecretError, match="not a sealed secret"):
            box().open(text)

    @pytest.mark.parametrize("body", ["A", "AAAA", "AAAAAAAAAAAAAAAA", b64(os.urandom(27))])
    def test_truncated_sealed_text_fails_as_a_secret_error_not_a_crash(self, body: str) -> None:
        """Bad base64 or a too-short nonce must be a permanent SecretError, never a ValueError a
        consumer would retry as a bug."""
        with pytest.raises(SecretError, match="does not open"):
            box().open(f"v1:k1:{body}")

    def test_a_secret_sealed_with_an_unknown_key_is_refused_by_name(self) -> None:
        sealed = box({"k9": K1}).seal("s3cr3t")

        with pytest.raises(SecretError, match="unknown secret key 'k9'"):
            box().open(sealed)

    def test_is_sealed_is_false_for_what_is_not_text(self) -> None:
        assert [False, False, False] == [is_sealed(None), is_sealed(42), is_sealed(b"v1:k1:AAAA")]

    def test_key_id_of_unsealed_text_is_none(self) -> None:
        assert box().key_id("plain") is None

    def test_secret_errors_are_permanent(self) -> None:
        assert issubclass(SecretError, PermanentError)


class TestKeyring:
    def test_new_secrets_use_the_active_key_and_old_ones_still_open(self) -> None:
        old = box({"k1": K1}).seal("before rotation")
        rotated = box({"k1": K1, "k2": K2}, active="k2")

        new = rotated.seal("after rotation")

        assert ("k2", "before rotation", "after rotation") == (
            rotated.key_id(new),
            rotated.open(old),
            rotated.open(new),
        )

    def test_without_an_active_key_the_last_key_id_in_sort_order_seals(self) -> None:
        assert "k2" == box({"k2": K2, "k1": K1}).key_id(box({"k2": K2, "k1": K1}).seal("x"))

    def test_an_explicit_active_key_wins_over_sort_order(self) -> None:
        keyring = box({"k1": K1, "k2": K2}, active="k1")

        assert "k1" == keyring.key_id(keyring.seal("x"))

    def test_a_key_removed_from_the_ring_no_longer_opens_what_it_sealed(self) -> None:
        """Crypto-shredding at keyring level: drop the key and its secrets are gone everywhere."""
        sealed = box({"k1": K1, "k2": K2}, active="k1").seal("gone")

        with pytest.raises(SecretError, match="unknown secret key 'k1'"):
            box({"k2": K2}).open(sealed)

    def test_the_same_key_id_with_another_key_does_not_open(self) -> None:
        sealed = box({"k1": K1}).seal("s3cr3t")

        with pytest.raises(SecretError, match="does not open"):
            box({"k1": K2}).open(sealed)

    def test_generated_keys_are_256_bit_base64url(self) -> None:
        key = generate_key()

        assert 32 == len(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)))
        assert set() == set(key) & set("=+/")


class TestKeyringConfiguration:
    def test_no_keys_is_refused(self) -> None:
        with pytest.raises(SecretError, match="no secret keys configured"):
            SecretBox(SecretsSettings())

    def test_an_active_key_that_is_not_configured_is_refused(self) -> None:
        with pytest.raises(SecretError, match="active secret key 'k2' is not among"):
            box({"k1": K1}, active="k2")

    @pytest.mark.parametrize("key_id", ["k.1", "key 1", "k:1", "", "k" * 41])
    def test_a_key_id_sealed_text_cannot_carry_is_refused(self, key_id: str) -> None:
        """Otherwise it would seal secrets that never open again."""
        with pytest.raises(SecretError, match="secret key id"):
            box({key_id: K1})

    @pytest.mark.parametrize("bits", [128, 192, 512])
    def test_a_key_that_is_not_256_bits_is_refused(self, bits: int) -> None:
        with pytest.raises(SecretError, match="must be 256 bits"):
            box({"k1": b64(os.urandom(bits // 8))})

    def test_a_key_that_is_not_base64url_is_refused(self) -> None:
        with pytest.raises(SecretError, match="not base64url"):
            box({"k1": "A"})

    def test_configuration_errors_never_show_the_key(self) -> None:
        short = b64(os.urandom(16))

        with pytest.raises(SecretError) as raised:
            box({"k1": short})

        assert short not in str(raised.value)
