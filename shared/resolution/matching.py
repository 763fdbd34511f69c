"""Picking the resource definition for a resource: most specific matching criterion wins.

A criterion matches when every field it sets equals the context and its class equals the
resource's class. Specificity compares, from most to least specific, res_id > env_id > app_id >
env_type (as Humanitec does). Remaining ties, which only identical criteria on different
definitions can cause, go to the definition id that sorts first, so the choice is stable.

``DefinitionIndex`` files each criterion under its type, class and the fields it sets, keyed by
their values: matching a resource is at most sixteen dictionary look-ups (one per combination of
set fields, most specific first), whatever the number of definitions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from shared.contracts import Criterion, ResourceDefinitionSpec


@dataclass(frozen=True)
class MatchContext:
    org_id: str
    app_id: str
    env_id: str
    env_type: str
    res_id: str
    type: str
    class_: str = "default"


@dataclass(frozen=True)
class Match:
    definition: ResourceDefinitionSpec
    criterion: Criterion


def criterion_matches(criterion: Criterion, ctx: MatchContext) -> bool:
    return criterion.class_ == ctx.class_ and all(
        expected is None or expected == actual
        for expected, actual in (
            (criterion.app_id, ctx.app_id),
            (criterion.env_id, ctx.env_id),
            (criterion.env_type, ctx.env_type),
            (criterion.res_id, ctx.res_id),
        )
    )


def specificity(criterion: Criterion) -> tuple[bool, bool, bool, bool]:
    """Compared field by field, most specific first."""
    return (
        criterion.res_id is not None,
        criterion.env_id is not None,
        criterion.app_id is not None,
        criterion.env_type is not None,
    )


def rank_key(match: Match) -> tuple[tuple[bool, ...], str, str]:
    """Sort key: most specific first, then the smallest definition id, then criterion id."""
    return (tuple(not f for f in specificity(match.criterion)), match.definition.id, match.criterion.id)


Signature = tuple[bool, bool, bool, bool]
# Every combination of set fields, most specific first (the order ``rank_key`` sorts in).
_SIGNATURES: tuple[Signature, ...] = tuple(
    sorted(
        ((a, b, c, d) for a in (True, False) for b in (True, False) for c in (True, False) for d in (True, False)),
        key=lambda s: tuple(not f for f in s),
    )
)


def _values(criterion: Criterion) -> tuple[str | None, ...]:
    return (criterion.res_id, criterion.env_id, criterion.app_id, criterion.env_type)


def _context_values(ctx: MatchContext, signature: Signature) -> tuple[str | None, ...]:
    res, env, app, env_type = signature
    return (
        ctx.res_id if res else None,
        ctx.env_id if env else None,
        ctx.app_id if app else None,
        ctx.env_type if env_type else None,
    )


class DefinitionIndex:
    """Criteria by (type, class, set fields, their values), each bucket in matching order."""

    def __init__(self, definitions: list[ResourceDefinitionSpec]) -> None:
        buckets: dict[tuple[str, str, Signature, tuple[str | None, ...]], list[Match]] = defaultdict(list)
        for d in definitions:
            for cr in d.criteria:
                buckets[(d.type, cr.class_, specificity(cr), _values(cr))].append(Match(d, cr))
        self._buckets = {k: sorted(v, key=rank_key) for k, v in buckets.items()}
        self._by_id = {d.id: d for d in definitions}
        present: dict[tuple[str, str], set[Signature]] = defaultdict(set)
        for type_, class_, signature, _ in self._buckets:
            present[(type_, class_)].add(signature)
        # Per (type, class), only the field combinations some criterion uses, best first.
        self._signatures = {k: [s for s in _SIGNATURES if s in v] for k, v in present.items()}

    def _matching(self, ctx: MatchContext) -> list[Match]:
        found: list[Match] = []
        for signature in self._signatures.get((ctx.type, ctx.class_), ()):
            found += self._buckets.get((ctx.type, ctx.class_, signature, _context_values(ctx, signature)), ())
        return found

    def best(self, ctx: MatchContext) -> Match | None:
        for signature in self._signatures.get((ctx.type, ctx.class_), ()):
            bucket = self._buckets.get((ctx.type, ctx.class_, signature, _context_values(ctx, signature)))
            if bucket:
                return bucket[0]
        return None

    def candidates(self, ctx: MatchContext) -> list[Match]:
        """Every matching criterion, best first: the explanation of a choice."""
        return self._matching(ctx)

    def definition(self, def_id: str) -> ResourceDefinitionSpec | None:
        return self._by_id.get(def_id)


def best_match(definitions: list[ResourceDefinitionSpec], ctx: MatchContext) -> Match | None:
    return DefinitionIndex(definitions).best(ctx)
