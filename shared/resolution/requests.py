"""What a deployment set asks for: its resources, and which workload depends on which.

Workloads are ``workload`` resources ``modules.<name>``; a module's ``externals.<name>`` are its
private resources ``modules.<wl>.externals.<name>``; the set's ``shared.<name>`` entries are
shared resources ``shared.<name>`` (or their explicit ``id``). Every workload also depends on
the environment's implicit ``k8s-namespace``. Placeholders in a module may use ``externals``,
``shared``, ``values``, ``context`` and ``modules``; a reference to something the set does not
declare is an error that names where it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from shared.contracts import DeploymentError
from shared.placeholders import PlaceholderError, placeholders_in

DEFAULT_CLASS = "default"
WORKLOAD_ROOTS = frozenset({"externals", "shared", "values", "context", "modules"})


class ResourceKey(NamedTuple):
    """A resource in an app environment; a tuple, so that sorting and hashing millions is cheap."""

    type: str
    class_: str
    id: str

    def label(self) -> str:
        return f"{self.type}.{self.class_}#{self.id}"


NAMESPACE = ResourceKey("k8s-namespace", DEFAULT_CLASS, "k8s-namespace")


@dataclass
class SetRequests:
    params: dict[ResourceKey, dict[str, Any]] = field(default_factory=dict)
    edges: set[tuple[ResourceKey, ResourceKey]] = field(default_factory=set)
    """(dependent, dependency) pairs."""
    errors: list[DeploymentError] = field(default_factory=list)


def _key(spec: dict[str, Any], res_id: str) -> ResourceKey:
    return ResourceKey(str(spec.get("type", "")), str(spec.get("class") or DEFAULT_CLASS), res_id)


def requests_of(deployment_set: dict[str, Any]) -> SetRequests:
    out = SetRequests()
    shared = {}
    for name, spec in sorted((deployment_set.get("shared") or {}).items()):
        key = _key(spec, str(spec.get("id") or f"shared.{name}"))
        out.params[key] = dict(spec.get("params") or {})
        shared[name] = key
    modules = deployment_set.get("modules") or {}
    names = set(modules)
    for wl, module in sorted(modules.items()):
        _add_module(out, wl, module or {}, shared, names)
    return out


def _add_module(
    out: SetRequests, wl: str, module: dict[str, Any], shared: dict[str, ResourceKey], module_names: set[str]
) -> None:
    workload = ResourceKey("workload", DEFAULT_CLASS, f"modules.{wl}")
    out.params[workload] = {}
    out.edges.add((workload, NAMESPACE))
    out.params.setdefault(NAMESPACE, {})
    externals = {}
    for name, spec in sorted((module.get("externals") or {}).items()):
        key = _key(spec, f"modules.{wl}.externals.{name}")
        out.params[key] = dict(spec.get("params") or {})
        out.edges.add((workload, key))
        externals[name] = key
    try:
        found = placeholders_in(module.get("spec") or {}, f"modules.{wl}.spec")
    except PlaceholderError as exc:
        out.errors.append(placeholder_error(f"modules.{wl}", exc))
        return
    for location, ph in found:
        problem = _check_workload_placeholder(ph.root, ph.path, externals, shared, module_names)
        if problem:
            out.errors.append(
                placeholder_error(f"modules.{wl}", PlaceholderError(problem, location=location, placeholder=ph.text))
            )
        elif ph.root == "externals":
            out.edges.add((workload, externals[ph.path[1]]))
        elif ph.root == "shared":
            out.edges.add((workload, shared[ph.path[1]]))


def _check_workload_placeholder(
    root: str,
    path: tuple[str, ...],
    externals: dict[str, ResourceKey],
    shared: dict[str, ResourceKey],
    module_names: set[str],
) -> str | None:
    if root not in WORKLOAD_ROOTS:
        return f"'{root}' placeholders cannot be used in a workload"
    if root == "externals" and path[1] not in externals:
        return f"external resource '{path[1]}' is not declared by this workload"
    if root == "shared" and path[1] not in shared:
        return f"shared resource '{path[1]}' is not declared in the set"
    if root == "modules" and path[1] not in module_names:
        return f"workload '{path[1]}' is not in the set"
    return None


def placeholder_error(object_id: str, exc: PlaceholderError) -> DeploymentError:
    return DeploymentError(
        code="RES-002",
        scope="resource",
        object_id=object_id,
        summary="Invalid placeholder",
        message=str(exc),
    )
