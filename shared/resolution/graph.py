"""Building the resource graph of a deployment, purely.

1. The set's resources (``requests.py``) start a work list.
2. Each resource gets the definition whose criterion matches most specifically (``matching.py``),
   or a built-in one; none is an error naming the resource, its type and class, and the context.
3. The definition's ``${resources...}`` references and ``provision`` entries add resources and
   edges (omitted class and id mean the current resource's), until nothing new appears.
4. ``match_dependents`` copies dependents' edges; ``a>b`` / ``a<b`` selectors are resolved over
   the edges and add edges of their own.
5. A cycle is an error that prints the cycle; otherwise nodes come out dependencies first, each
   with a GUResID that depends only on where and what the resource is.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from shared.contracts import DeploymentError, DriverInputs, GraphNode, ResourceDefinitionSpec
from shared.contracts.resources import ProvisionDependency
from shared.messages import canonical_json
from shared.placeholders import Placeholder, PlaceholderError, ResourceRef, parse, placeholders_in
from shared.resolution.builtin import BUILTIN_DEFINITIONS
from shared.resolution.matching import DefinitionIndex, Match, MatchContext
from shared.resolution.requests import ResourceKey, SetRequests, placeholder_error, requests_of

DEFINITION_ROOTS = frozenset({"resources", "context"})


@dataclass(frozen=True)
class DeploymentContext:
    org_id: str
    app_id: str
    env_id: str
    env_type: str


class ResolutionError(Exception):
    def __init__(self, errors: list[DeploymentError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass
class _Draft:
    key: ResourceKey
    match: Match
    params: dict[str, Any]
    refs: dict[str, tuple[ResourceKey, ...]] = field(default_factory=dict)
    selectors: list[Placeholder] = field(default_factory=list)


@dataclass
class _Build:
    ctx: DeploymentContext
    index: DefinitionIndex
    builtins: DefinitionIndex
    drafts: dict[ResourceKey, _Draft] = field(default_factory=dict)
    edges: set[tuple[ResourceKey, ResourceKey]] = field(default_factory=set)
    copy_dependents: list[tuple[ResourceKey, ResourceKey]] = field(default_factory=list)
    errors: list[DeploymentError] = field(default_factory=list)
    queue: deque[tuple[ResourceKey, dict[str, Any]]] = field(default_factory=deque)
    seen: set[ResourceKey] = field(default_factory=set)
    placeholders: dict[str, list[tuple[str, Placeholder]]] = field(default_factory=dict)

    def want(self, key: ResourceKey, params: dict[str, Any]) -> None:
        if key not in self.seen:
            self.seen.add(key)
            self.queue.append((key, params))


def guresid(ctx: DeploymentContext, type_: str, class_: str, res_id: str) -> str:
    """Globally unique resource id: a deterministic function of where and what the resource is."""
    key = f"{ctx.org_id}\x1f{ctx.app_id}\x1f{ctx.env_id}\x1f{type_}\x1f{class_}\x1f{res_id}"
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def match_context(ctx: DeploymentContext, key: ResourceKey) -> MatchContext:
    return MatchContext(ctx.org_id, ctx.app_id, ctx.env_id, ctx.env_type, key.id, key.type, key.class_)


def resolve(
    ctx: DeploymentContext, deployment_set: dict[str, Any], definitions: list[ResourceDefinitionSpec]
) -> list[GraphNode]:
    """The graph's nodes, dependencies first; ``ResolutionError`` lists every problem found."""
    return build(ctx, deployment_set, DefinitionIndex(definitions))


def build(ctx: DeploymentContext, deployment_set: dict[str, Any], index: DefinitionIndex) -> list[GraphNode]:
    return build_from(ctx, requests_of(deployment_set), index)


def build_from(ctx: DeploymentContext, requested: SetRequests, index: DefinitionIndex) -> list[GraphNode]:
    """The graph that grows from ``requested`` resources (a set's, or a list given to a preview)."""
    b = _Build(ctx, index, DefinitionIndex(list(BUILTIN_DEFINITIONS)), errors=list(requested.errors))
    b.edges |= requested.edges
    for key in sorted(requested.params):
        b.want(key, requested.params[key])
    while b.queue:
        _visit(b, *b.queue.popleft())
    if b.copy_dependents:
        dependents: dict[ResourceKey, set[ResourceKey]] = {}
        for s, t in b.edges:
            dependents.setdefault(t, set()).add(s)
        for owner, copied in b.copy_dependents:
            b.edges |= {(d, copied) for d in dependents.get(owner, ()) if d != copied}
    for draft in b.drafts.values():
        _resolve_selectors(b, draft)
    if b.errors:
        raise ResolutionError(b.errors)
    return _nodes(b, _topological(b))


def _visit(b: _Build, key: ResourceKey, params: dict[str, Any]) -> None:
    match = b.index.best(match_context(b.ctx, key)) or b.builtins.best(match_context(b.ctx, key))
    if match is None:
        b.errors.append(no_match_error(b.ctx, key))
        return
    draft = _Draft(key, match, params)
    b.drafts[key] = draft
    definition = match.definition
    found = b.placeholders.get(definition.id)
    if found is None:  # a definition serves many resources: parse its placeholders once
        try:
            found = _definition_placeholders(definition)
        except PlaceholderError as exc:
            b.errors.append(placeholder_error(key.id, exc.at(f"definition '{definition.id}' {exc.location}")))
            return
        b.placeholders[definition.id] = found
    for location, ph in found:
        _reference(b, draft, location, ph)
    for prov_key, prov in sorted(definition.provision.items()):
        _provision(b, draft, prov_key, prov)


def _definition_placeholders(definition: ResourceDefinitionSpec) -> list[tuple[str, Placeholder]]:
    found = placeholders_in(definition.driver_inputs.values, "driver_inputs.values")
    for prov_key, prov in definition.provision.items():
        found += placeholders_in(prov.params, f"provision.{prov_key}.params")
    return found


def _reference(b: _Build, draft: _Draft, location: str, ph: Placeholder) -> None:
    if ph.root not in DEFINITION_ROOTS:
        problem = PlaceholderError(
            f"'{ph.root}' placeholders cannot be used in a resource definition",
            location=f"definition '{draft.match.definition.id}' {location}",
            placeholder=ph.text,
        )
        b.errors.append(placeholder_error(draft.key.id, problem))
        return
    if ph.root != "resources":
        return
    if ph.directions:
        draft.selectors.append(ph)
        return
    target = _relative(draft.key, ph.refs[0])
    draft.refs[ph.text] = (target,)
    b.edges.add((draft.key, target))
    b.want(target, {})


def _relative(current: ResourceKey, ref: ResourceRef) -> ResourceKey:
    return ResourceKey(ref.type, ref.class_ or current.class_, ref.id or current.id)


def _provision(b: _Build, draft: _Draft, prov_key: str, prov: ProvisionDependency) -> None:
    try:
        ref = parse(f"resources.{prov_key}.guresid").refs[0]
    except PlaceholderError as exc:
        problem = exc.at(f"definition '{draft.match.definition.id}' provision.{prov_key}")
        b.errors.append(placeholder_error(draft.key.id, problem))
        return
    target = _relative(draft.key, ref)
    b.want(target, dict(prov.params))
    if prov.is_dependent:
        b.edges.add((target, draft.key))
    if prov.match_dependents:
        b.copy_dependents.append((draft.key, target))


def _resolve_selectors(b: _Build, draft: _Draft) -> None:
    if not draft.selectors:
        return
    for ph in draft.selectors:
        current = {_relative(draft.key, ph.refs[0])}
        for direction, ref in zip(ph.directions, ph.refs[1:], strict=True):
            if direction == ">":
                current = {t for s, t in b.edges if s in current and _fits(t, ref)}
            else:
                current = {s for s, t in b.edges if t in current and _fits(s, ref)}
        targets = tuple(sorted(current - {draft.key}))
        draft.refs[ph.text] = targets
        b.edges |= {(draft.key, t) for t in targets}


def _fits(key: ResourceKey, ref: ResourceRef) -> bool:
    return key.type == ref.type and ref.class_ in (None, key.class_) and ref.id in (None, key.id)


def _topological(b: _Build) -> list[ResourceKey]:
    """Dependencies first; ties in key order, so equal graphs list equally."""
    deps: dict[ResourceKey, set[ResourceKey]] = {k: set() for k in b.drafts}
    for s, t in b.edges:
        if s in deps and t in deps:
            deps[s].add(t)
    order: list[ResourceKey] = []
    ready = [k for k, d in deps.items() if not d]
    heapq.heapify(ready)
    dependents: dict[ResourceKey, set[ResourceKey]] = {k: set() for k in deps}
    for s, ts in deps.items():
        for t in ts:
            dependents[t].add(s)
    remaining = {k: len(d) for k, d in deps.items()}
    while ready:
        key = heapq.heappop(ready)
        order.append(key)
        for s in dependents[key]:
            remaining[s] -= 1
            if remaining[s] == 0:
                heapq.heappush(ready, s)
    if len(order) < len(deps):
        raise ResolutionError([cycle_error(_find_cycle({k: d for k, d in deps.items() if k not in order}))])
    return order


def _find_cycle(deps: dict[ResourceKey, set[ResourceKey]]) -> list[ResourceKey]:
    start = min(deps)
    path, seen = [start], {start: 0}
    while True:
        nxt = min(d for d in deps[path[-1]] if d in deps)
        if nxt in seen:
            return [*path[seen[nxt] :], nxt]
        seen[nxt] = len(path)
        path.append(nxt)


def _nodes(b: _Build, order: list[ResourceKey]) -> list[GraphNode]:
    ids = {k: guresid(b.ctx, k.type, k.class_, k.id) for k in order}
    out: dict[ResourceKey, set[str]] = {k: set() for k in order}
    for s, t in b.edges:
        if s in out and t in ids:
            out[s].add(ids[t])
    nodes = []
    for key in order:
        draft = b.drafts[key]
        d = draft.match.definition
        depends = sorted(out[key])
        # Built from validated definitions: no need to validate 10,000 nodes again.
        nodes.append(
            GraphNode.model_construct(
                guresid=ids[key],
                res_id=key.id,
                type=key.type,
                class_=key.class_,
                def_id=d.id,
                def_version_id=d.version_id,
                criterion_id=draft.match.criterion.id,
                driver_type=d.driver_type,
                driver=DriverInputs.model_construct(
                    values=d.driver_inputs.values,
                    secrets=d.driver_inputs.secrets,
                    secret_refs=d.driver_inputs.secret_refs,
                ),
                resource=draft.params,
                depends_on=tuple(depends),
                refs={text: tuple(ids[t] for t in targets if t in ids) for text, targets in sorted(draft.refs.items())},
            )
        )
    return nodes


def graph_id(nodes: list[GraphNode]) -> str:
    """Content address of a graph: SHA-256 of its canonical node list."""
    payload = [n.model_dump(mode="json", by_alias=True) for n in nodes]
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def no_match_error(ctx: DeploymentContext, key: ResourceKey) -> DeploymentError:
    return DeploymentError(
        code="RES-001",
        scope="resource",
        object_id=key.id,
        summary="No matching resource definition",
        message=(
            f"No resource definition matches resource '{key.id}' of type '{key.type}' and class '{key.class_}'"
            f" in app '{ctx.app_id}', environment '{ctx.env_id}' (type '{ctx.env_type}')."
        ),
    )


def cycle_error(cycle: list[ResourceKey]) -> DeploymentError:
    return DeploymentError(
        code="RES-003",
        scope="resource",
        object_id=cycle[0].id,
        summary="Resource dependency cycle",
        message="Resources depend on each other in a cycle: " + " -> ".join(k.label() for k in cycle),
    )
