"""Opening a definition's sealed secrets for the one request that needs them. Pure: the opener
is passed in.

The API seals every leaf of ``driver_inputs.secrets`` bound to its path
``orgs/<org>/resources/defs/<def>/secrets/<dotted.key.path>``; the gateway opens each with the
same path, so a sealed value copied into another definition does not open. Leaves that are not
sealed (older data, tests) pass as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shared.crypto import is_sealed

Opener = Callable[[str, str], str]
"""(sealed text, context) -> plaintext."""


def secret_context(org_id: str, def_id: str, key_path: tuple[str, ...]) -> str:
    return f"orgs/{org_id}/resources/defs/{def_id}/secrets/{'.'.join(key_path)}"


def open_secrets(
    secrets: dict[str, Any], org_id: str, def_id: str, opener: Opener | None, prefix: tuple[str, ...] = ()
) -> dict[str, Any]:
    opened: dict[str, Any] = {}
    for key, value in secrets.items():
        path = (*prefix, key)
        if isinstance(value, dict):
            opened[key] = open_secrets(value, org_id, def_id, opener, path)
        elif opener is not None and is_sealed(value):
            opened[key] = opener(value, secret_context(org_id, def_id, path))
        else:
            opened[key] = value
    return opened
