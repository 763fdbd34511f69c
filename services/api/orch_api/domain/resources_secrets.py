"""Secrets in definitions' driver inputs: sealing leaves, references in responses, merge patches.

``secrets`` is a JSON object whose leaves are secret values. The API seals every leaf before the
command is sent (``seal_leaves`` with the route's ``SecretBox``), bound to the secret's path
``orgs/<org>/resources/defs/<def>/secrets/<dotted.key.path>``: the driver gateway opens a leaf with
the same path as context. Responses never show the sealed text: a leaf becomes the reference
``{store, ref}`` under ``secret_refs``, as Humanitec shows secrets kept in its own store.

``secret_refs`` leaves are ``{store, ref, version?}`` (a secret in an external store) or
``{value}`` (a secret value to keep, the same as giving it under ``secrets``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from shared.errors import InvalidInput

STORE = "humanitec"
"""The id of the orchestrator's own secret store in references, as Humanitec names its own."""
_REF_KEYS = frozenset({"store", "ref", "version", "value"})

Sealer = Callable[[str, str], str]
"""(plaintext, context) -> sealed text."""


def secret_path(org_id: str, def_id: str, key_path: tuple[str, ...]) -> str:
    return f"orgs/{org_id}/resources/defs/{def_id}/secrets/{'.'.join(key_path)}"


def leaves(
    tree: dict[str, Any], prefix: tuple[str, ...] = (), *, refs: bool = False
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(key path, leaf) pairs; with ``refs``, a reference object is a leaf, not a level."""
    for key, value in tree.items():
        if isinstance(value, dict) and value and not (refs and _is_ref_leaf(value)):
            yield from leaves(value, (*prefix, key), refs=refs)
        else:
            yield (*prefix, key), value


def _map_leaves(tree: dict[str, Any], fn: Callable[[tuple[str, ...], Any], Any], prefix: tuple[str, ...] = ()) -> Any:  # noqa: ANN401
    return {
        k: _map_leaves(v, fn, (*prefix, k)) if isinstance(v, dict) and v else fn((*prefix, k), v)
        for k, v in tree.items()
    }


def seal_leaves(tree: dict[str, Any], org_id: str, def_id: str, seal: Sealer) -> dict[str, Any]:
    """Every leaf sealed; a string as it is, anything else as its JSON text. ``None`` leaves stay
    (in a merge patch they delete the key)."""

    def one(path: tuple[str, ...], value: Any) -> Any:  # noqa: ANN401
        if value is None:
            return None
        text = value if isinstance(value, str) else json.dumps(value)
        return seal(text, secret_path(org_id, def_id, path))

    result: dict[str, Any] = _map_leaves(tree, one)
    return result


def _is_ref_leaf(value: Any) -> bool:  # noqa: ANN401
    return isinstance(value, dict) and bool(value) and set(value) <= _REF_KEYS and ("ref" in value or "value" in value)


def split_secret_refs(refs: dict[str, Any], prefix: tuple[str, ...] = ()) -> tuple[dict[str, Any], dict[str, Any]]:
    """``secret_refs`` as a client sent them -> (secret values to seal, external references)."""
    values: dict[str, Any] = {}
    external: dict[str, Any] = {}
    for key, leaf in refs.items():
        path = (*prefix, key)
        if leaf is None:  # a merge patch deleting the key
            external[key] = None
        elif _is_ref_leaf(leaf):
            _check_ref(leaf, path)
            if "value" in leaf:
                values[key] = leaf["value"]
            else:
                external[key] = {k: str(v) for k, v in leaf.items()}
        elif isinstance(leaf, dict) and leaf:
            inner_values, inner_external = split_secret_refs(leaf, path)
            if inner_values:
                values[key] = inner_values
            if inner_external:
                external[key] = inner_external
        else:
            raise InvalidInput(
                f"driver_inputs.secret_refs.{'.'.join(path)} must be {{store, ref, version}} or {{value}}.",
                details={"path": ".".join(path)},
            )
    return values, external


def _check_ref(leaf: dict[str, Any], path: tuple[str, ...]) -> None:
    where = f"driver_inputs.secret_refs.{'.'.join(path)}"
    if "value" in leaf and ("ref" in leaf or "version" in leaf):
        raise InvalidInput(f"{where}: 'value' cannot go with 'ref' or 'version'.", details={"path": where})
    if "value" in leaf and not isinstance(leaf["value"], str):
        raise InvalidInput(f"{where}.value must be a string.", details={"path": where})
    if "ref" in leaf and not leaf.get("store"):
        raise InvalidInput(f"{where}: a 'ref' needs its 'store'.", details={"path": where})


def references(org_id: str, def_id: str, sealed: dict[str, Any], external: dict[str, Any]) -> dict[str, Any]:
    """What responses show under ``secret_refs``: our own secrets by path, then external ones."""
    own: dict[str, Any] = _map_leaves(
        sealed, lambda path, _: {"store": STORE, "ref": secret_path(org_id, def_id, path)}
    )
    merged: dict[str, Any] = merge_patch(own, external)
    return merged


def retain_own(
    org_id: str, def_id: str, current: dict[str, Any], external: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A client that writes back the references it read keeps those secrets: a reference to one of
    this definition's own secret paths turns back into the sealed value it names."""
    own = {secret_path(org_id, def_id, path): (path, value) for path, value in leaves(current)}
    kept: dict[str, Any] = {}
    remaining: dict[str, Any] = {}
    for path, leaf in leaves(external, refs=True):
        found = own.get(leaf.get("ref", "")) if isinstance(leaf, dict) and leaf.get("store") == STORE else None
        _put(kept if found else remaining, path, found[1] if found else leaf)
    return kept, remaining


def _put(tree: dict[str, Any], path: tuple[str, ...], value: Any) -> None:  # noqa: ANN401
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def cleared(tree: dict[str, Any], *, refs: bool = False) -> dict[str, Any]:
    """A merge patch removing every leaf of ``tree``: a key given as a secret stops being a
    reference, and the other way round."""
    patch: dict[str, Any] = {}
    for path, _ in leaves(tree, refs=refs):
        _put(patch, path, None)
    return patch


def merge_patch(target: Any, patch: Any) -> Any:  # noqa: ANN401
    """RFC 7396 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
