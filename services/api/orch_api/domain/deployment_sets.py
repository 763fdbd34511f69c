"""Deployment sets: immutable, content-addressed; a delta applied to a set gives a new set."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from shared.messages import canonical_json

EMPTY_SET_ID = "0" * 43


def empty_set() -> dict[str, Any]:
    return {"modules": {}, "shared": {}}


def set_id(deployment_set: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON, base64url without padding: equal content, equal id,
    whatever the key order. The empty set has the fixed id of 43 zeros, as in Humanitec."""
    normal = {"modules": deployment_set.get("modules") or {}, "shared": deployment_set.get("shared") or {}}
    if normal == empty_set():
        return EMPTY_SET_ID
    digest = hashlib.sha256(canonical_json(normal).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def apply_delta(base: dict[str, Any], modules: dict[str, Any]) -> dict[str, Any]:
    """Apply a delta's ``modules`` section: ``add`` replaces whole modules, ``remove`` drops them.

    (``update`` patches and ``shared`` operations arrive with the application-model issue.)
    """
    result = {"modules": dict(base.get("modules") or {}), "shared": dict(base.get("shared") or {})}
    for name, module in (modules.get("add") or {}).items():
        result["modules"][name] = module
    for name in modules.get("remove") or []:
        result["modules"].pop(name, None)
    return result
