"""JSON patch (RFC 6902, only ``add``, ``remove`` and ``replace``, as Humanitec) over JSON
pointers (RFC 6901), and the patch that turns one JSON value into another. Pure: values in,
new values out; nothing given is mutated."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from typing import Any

from shared.contracts.deltas import PatchOp
from shared.errors import InvalidInput
from shared.messages import canonical_json

_BAD_ESCAPE = re.compile(r"~(?![01])")
_ARRAY_INDEX = re.compile(r"^(0|[1-9][0-9]*)$")


class PatchError(InvalidInput):
    """A patch operation that cannot apply to the document it is given."""


def parse_pointer(path: str) -> list[str]:
    """The reference tokens of a JSON pointer; ``""`` is the whole document."""
    if path == "":
        return []
    if not path.startswith("/") or _BAD_ESCAPE.search(path):
        raise ValueError(
            f"'{path}' is not a JSON pointer: it must be empty or start with '/', and '~' must be '~0' or '~1'"
        )
    return [token.replace("~1", "/").replace("~0", "~") for token in path[1:].split("/")]


def pointer(tokens: Sequence[str]) -> str:
    return "".join("/" + token.replace("~", "~0").replace("/", "~1") for token in tokens)


def apply_patch(document: Any, ops: Sequence[PatchOp], *, where: str) -> Any:  # noqa: ANN401 - any JSON value
    """``document`` with ``ops`` applied in order, or ``PatchError`` naming ``where`` and the
    failing operation's position, op, path and reason."""
    result = copy.deepcopy(document)
    for index, op in enumerate(ops):
        try:
            result = _apply_one(result, op)
        except ValueError as exc:
            raise PatchError(
                f"Cannot apply '{op.op}' at '{op.path}' in {where}: {exc}.",
                details={"at": f"{where}[{index}]", "op": op.op, "path": op.path, "reason": str(exc)},
            ) from exc
    return result


def _apply_one(document: Any, op: PatchOp) -> Any:  # noqa: ANN401
    tokens = parse_pointer(op.path)
    if not tokens:
        if op.op == "remove":
            raise ValueError("the whole document cannot be removed")
        return copy.deepcopy(op.value)
    parent = _resolve(document, tokens[:-1])
    key = tokens[-1]
    if isinstance(parent, dict):
        _apply_to_object(parent, key, op)
    elif isinstance(parent, list):
        _apply_to_array(parent, key, op)
    else:
        raise ValueError(f"'{pointer(tokens[:-1])}' is neither an object nor an array")  # noqa: TRY004 - a reason
    return document


def _resolve(document: Any, tokens: Sequence[str]) -> Any:  # noqa: ANN401
    node = document
    for depth, token in enumerate(tokens):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and _ARRAY_INDEX.match(token) and int(token) < len(node):
            node = node[int(token)]
        else:
            raise ValueError(f"'{pointer(tokens[: depth + 1])}' does not exist")
    return node


def _apply_to_object(parent: dict[str, Any], key: str, op: PatchOp) -> None:
    if op.op == "add":
        parent[key] = copy.deepcopy(op.value)
        return
    if key not in parent:
        raise ValueError("the path does not exist")
    if op.op == "remove":
        del parent[key]
    else:
        parent[key] = copy.deepcopy(op.value)


def _apply_to_array(parent: list[Any], key: str, op: PatchOp) -> None:
    if op.op == "add" and key == "-":
        parent.append(copy.deepcopy(op.value))
        return
    if not _ARRAY_INDEX.match(key):
        raise ValueError(f"'{key}' is not an array index")
    index = int(key)
    if index > len(parent) or (index == len(parent) and op.op != "add"):
        raise ValueError(f"index {index} is out of range (the array has {len(parent)} items)")
    if op.op == "add":
        parent.insert(index, copy.deepcopy(op.value))
    elif op.op == "remove":
        del parent[index]
    else:
        parent[index] = copy.deepcopy(op.value)


def same_json(a: Any, b: Any) -> bool:  # noqa: ANN401
    """Equal as JSON: unlike ``==``, ``1``, ``1.0`` and ``true`` differ."""
    return canonical_json(a) == canonical_json(b)


def diff(source: Any, target: Any, base: Sequence[str] = ()) -> list[PatchOp]:  # noqa: ANN401
    """Operations that turn ``source`` into ``target``: objects member by member, anything else
    (arrays included) replaced whole when it differs."""
    if isinstance(source, dict) and isinstance(target, dict):
        ops = [PatchOp(op="remove", path=pointer([*base, key])) for key in sorted(source) if key not in target]
        for key in sorted(target):
            if key not in source:
                ops.append(PatchOp(op="add", path=pointer([*base, key]), value=copy.deepcopy(target[key])))
            else:
                ops.extend(diff(source[key], target[key], [*base, key]))
        return ops
    if same_json(source, target):
        return []
    return [PatchOp(op="replace", path=pointer(base), value=copy.deepcopy(target))]
