"""Secrets at rest and in flight: AES-256-GCM with a keyring of named keys.

A sealed secret is the text ``v1:<key id>:<base64url(nonce || ciphertext)>``. The API seals secret
values before they enter a command, so Kafka, the projections and every service only ever hold
sealed text; only the code that must use a value (the driver gateway, when calling a driver)
opens it.

Rotation: add a new key to ``ORCH_SECRETS__KEYS`` and make it ``ORCH_SECRETS__ACTIVE_KEY``; new
secrets are sealed with it, old ones still open with their own key id. Remove an old key only
after everything sealed with it has been sealed again.
"""

from __future__ import annotations

import base64
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared.errors import PermanentError
from shared.settings import SecretsSettings

_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")
_SEALED = re.compile(r"v1:([A-Za-z0-9_-]{1,40}):([A-Za-z0-9_-]+)")
_NONCE = 12
_KEY_BYTES = 32


class SecretError(PermanentError):
    """A sealed secret that cannot be opened: unknown key, or tampered with."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_key() -> str:
    """A fresh 256-bit key, base64url, for ``ORCH_SECRETS__KEYS``."""
    return _b64(AESGCM.generate_key(bit_length=256))


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and _SEALED.fullmatch(value) is not None


def _aes_key(key_id: str, key: str) -> AESGCM:
    """A configured key, checked: its id must fit in sealed text (else what it seals never opens)
    and it must be 256 bits."""
    if _KEY_ID.fullmatch(key_id) is None:
        msg = f"secret key id {key_id!r} must be 1-40 characters of A-Z, a-z, 0-9, '_' and '-'"
        raise SecretError(msg)
    try:
        raw = _unb64(key)
    except ValueError as exc:
        msg = f"secret key {key_id!r} is not base64url"
        raise SecretError(msg) from exc
    if len(raw) != _KEY_BYTES:
        msg = f"secret key {key_id!r} must be 256 bits (32 bytes), not {len(raw) * 8}"
        raise SecretError(msg)
    return AESGCM(raw)


class SecretBox:
    """Seals and opens secrets with the keys in ``SecretsSettings``."""

    def __init__(self, settings: SecretsSettings) -> None:
        if not settings.keys:
            msg = "no secret keys configured (ORCH_SECRETS__KEYS)"
            raise SecretError(msg)
        self._keys = {kid: _aes_key(kid, key) for kid, key in settings.keys.items()}
        self._active = settings.active_key or max(settings.keys)
        if self._active not in self._keys:
            msg = f"active secret key {self._active!r} is not among the configured keys"
            raise SecretError(msg)

    def seal(self, plaintext: str, *, context: str = "") -> str:
        """Encrypt ``plaintext``; ``context`` (for example the secret's path) is bound to it, so a
        sealed value copied elsewhere does not open."""
        nonce = os.urandom(_NONCE)
        sealed = self._keys[self._active].encrypt(nonce, plaintext.encode(), context.encode())
        return f"v1:{self._active}:{_b64(nonce + sealed)}"

    def open(self, sealed: str, *, context: str = "") -> str:
        match = _SEALED.fullmatch(sealed)
        if match is None:
            msg = "not a sealed secret"
            raise SecretError(msg)
        key = self._keys.get(match[1])
        if key is None:
            msg = f"unknown secret key {match[1]!r}"
            raise SecretError(msg)
        try:
            # A truncated or mangled text fails here as a ValueError (bad base64, short nonce).
            raw = _unb64(match[2])
            return key.decrypt(raw[:_NONCE], raw[_NONCE:], context.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            msg = "sealed secret does not open (wrong key or context, or tampered)"
            raise SecretError(msg) from exc

    def key_id(self, sealed: str) -> str | None:
        match = _SEALED.fullmatch(sealed)
        return match[1] if match else None
