"""Deployment sets: immutable, content-addressed; a delta applied to a set gives a new set, and
the diff of two sets is the delta that turns one into the other."""

from __future__ import annotations

import base64
import copy
import hashlib
from typing import Any

from pydantic import BaseModel, ConfigDict

from orch_api.domain.json_patch import apply_patch, diff, same_json
from shared.contracts.deltas import DeltaContent, ModuleDeltas
from shared.errors import InvalidInput
from shared.messages import canonical_json

EMPTY_SET_ID = "0" * 43
MODULE_FIELDS = frozenset({"profile", "spec", "externals", "deploy"})
RESOURCE_FIELDS = frozenset({"type", "class", "params"})
SHARED_FIELDS = RESOURCE_FIELDS | {"id"}


class SetState(BaseModel):
    """A set the app has stored (sets are never changed, so this is all there is)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    org_id: str
    app_id: str
    set_id: str


def set_aggregate_id(org_id: str, app_id: str, set_id: str) -> str:
    return f"set:{org_id}/{app_id}/{set_id}"


def empty_set() -> dict[str, Any]:
    return {"modules": {}, "shared": {}}


def set_id(deployment_set: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``modules`` and ``shared``, base64url without padding:
    equal content, equal id, whatever the key order. The empty set has the fixed id of 43 zeros,
    as in Humanitec."""
    normal = {"modules": deployment_set.get("modules") or {}, "shared": deployment_set.get("shared") or {}}
    if normal == empty_set():
        return EMPTY_SET_ID
    digest = hashlib.sha256(canonical_json(normal).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def apply_delta(base: dict[str, Any], delta: DeltaContent) -> dict[str, Any]:
    """The set ``delta`` turns ``base`` into: ``remove`` first, then ``add`` (whole modules,
    replacing), then the ``update`` patches, then the ``shared`` patches. ``InvalidInput`` when a
    patch cannot apply or the result is not a well-formed set."""
    modules = {
        name: copy.deepcopy(module)
        for name, module in (base.get("modules") or {}).items()
        if name not in delta.modules.remove
    }
    modules.update(copy.deepcopy(delta.modules.add))
    for name, ops in delta.modules.update.items():
        if name not in modules:
            raise InvalidInput(
                f"Module '{name}' is not in the set, so it cannot be updated.",
                details={"at": f"modules.update.{name}", "module": name},
            )
        modules[name] = apply_patch(modules[name], ops, where=f"modules.update.{name}")
    shared = apply_patch(base.get("shared") or {}, delta.shared, where="shared")
    result = {"modules": modules, "shared": shared}
    check_set(result)
    return result


def diff_sets(source: dict[str, Any], target: dict[str, Any]) -> DeltaContent:
    """The delta that turns ``source`` into ``target``: ``apply_delta(source, d) == target``."""
    before, after = source.get("modules") or {}, target.get("modules") or {}
    update = {}
    for name in sorted(set(before) & set(after)):
        ops = diff(before[name], after[name])
        if ops:
            update[name] = tuple(ops)
    return DeltaContent(
        modules=ModuleDeltas(
            add={name: copy.deepcopy(after[name]) for name in sorted(after) if name not in before},
            remove=tuple(name for name in sorted(before) if name not in after),
            update=update,
        ),
        shared=tuple(diff(source.get("shared") or {}, target.get("shared") or {})),
    )


def same_set(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return same_json(
        {"modules": a.get("modules") or {}, "shared": a.get("shared") or {}},
        {"modules": b.get("modules") or {}, "shared": b.get("shared") or {}},
    )


def check_set(deployment_set: dict[str, Any]) -> None:
    """A set's modules are objects whose ``externals`` are resources; ``shared`` is a map of
    resources. ``InvalidInput`` names the first part that is not."""
    for name, module in deployment_set["modules"].items():
        check_module(name, module)
    shared = deployment_set["shared"]
    if not isinstance(shared, dict):
        raise _malformed("shared", "must be an object of resources")
    for name, resource in shared.items():
        _check_resource(f"shared.{name}", resource, SHARED_FIELDS)


def check_module(name: str, module: Any) -> None:  # noqa: ANN401 - any JSON value
    at = f"modules.{name}"
    if not isinstance(module, dict):
        raise _malformed(at, "a module must be an object")
    _only(at, module, MODULE_FIELDS)
    for key in ("spec", "externals", "deploy"):
        if key in module and not isinstance(module[key], dict):
            raise _malformed(f"{at}.{key}", "must be an object")
    if "profile" in module and not isinstance(module["profile"], str):
        raise _malformed(f"{at}.profile", "must be a string")
    for external, resource in (module.get("externals") or {}).items():
        _check_resource(f"{at}.externals.{external}", resource, RESOURCE_FIELDS)


def _check_resource(at: str, resource: Any, fields: frozenset[str]) -> None:  # noqa: ANN401
    if not isinstance(resource, dict) or not isinstance(resource.get("type"), str) or not resource["type"]:
        raise _malformed(at, "a resource must be an object with a non-empty string 'type'")
    _only(at, resource, fields)
    for key in ("class", "id"):
        if key in resource and not isinstance(resource[key], str):
            raise _malformed(f"{at}.{key}", "must be a string")
    if "params" in resource and not isinstance(resource["params"], dict):
        raise _malformed(f"{at}.params", "must be an object")


def _only(at: str, value: dict[str, Any], fields: frozenset[str]) -> None:
    unknown = sorted(set(value) - fields)
    if unknown:
        raise _malformed(f"{at}.{unknown[0]}", f"unknown field; allowed are {', '.join(sorted(fields))}")


def _malformed(at: str, reason: str) -> InvalidInput:
    return InvalidInput(f"The resulting deployment set is not valid at '{at}': {reason}.", details={"at": at})


def set_resources(deployment_set: dict[str, Any]) -> list[dict[str, Any]]:
    """The resources a set asks for, as Humanitec's ``ResourceInputs``: one ``workload`` per module
    (``modules.<wl>``), each module's externals (``modules.<wl>.externals.<name>``) and each shared
    resource (``shared.<name>``, or its explicit ``id``). ``class`` defaults to ``default``; the
    ``params`` are the ``resource`` inputs. The same id, type and class is listed once."""
    found: dict[tuple[str, str, str], dict[str, Any]] = {}

    def note(res_id: str, resource: dict[str, Any]) -> None:
        entry = {
            "id": res_id,
            "type": resource["type"],
            "class": resource.get("class") or "default",
            "resource": copy.deepcopy(resource.get("params") or {}),
        }
        found.setdefault((entry["id"], entry["type"], entry["class"]), entry)

    modules = deployment_set.get("modules") or {}
    for name in sorted(modules):
        note(f"modules.{name}", {"type": "workload"})
        externals = modules[name].get("externals") or {}
        for external in sorted(externals):
            note(f"modules.{name}.externals.{external}", externals[external])
    shared = deployment_set.get("shared") or {}
    for name in sorted(shared):
        note(shared[name].get("id") or f"shared.{name}", shared[name])
    return [found[key] for key in sorted(found)]
