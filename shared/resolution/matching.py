"""Picking the resource definition for a resource: most specific matching criterion wins.

A criterion matches when every field it sets equals the context and its class equals the
resource's class. Specificity compares, from most to least specific, res_id > env_id > app_id >
env_type (as Humanitec does). Remaining ties, which only identical criteria on different
definitions can cause, go to the definition id that sorts first, so the choice is stable.

``DefinitionIndex`` keeps each (type, class)'s criteria in that order once, so matching a
resource walks only its own candidates and stops at the first that fits.
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


class DefinitionIndex:
    """Definitions' criteria grouped by (type, class), each group in matching order."""

    def __init__(self, definitions: list[ResourceDefinitionSpec]) -> None:
        groups: dict[tuple[str, str], list[Match]] = defaultdict(list)
        for d in definitions:
            for cr in d.criteria:
                groups[(d.type, cr.class_)].append(Match(d, cr))
        self._groups = {k: sorted(v, key=rank_key) for k, v in groups.items()}
        self._by_id = {d.id: d for d in definitions}

    def best(self, ctx: MatchContext) -> Match | None:
        for candidate in self._groups.get((ctx.type, ctx.class_), ()):
            if criterion_matches(candidate.criterion, ctx):
                return candidate
        return None

    def candidates(self, ctx: MatchContext) -> list[Match]:
        """Every matching criterion, best first: the explanation of a choice."""
        return [m for m in self._groups.get((ctx.type, ctx.class_), ()) if criterion_matches(m.criterion, ctx)]

    def definition(self, def_id: str) -> ResourceDefinitionSpec | None:
        return self._by_id.get(def_id)


def best_match(definitions: list[ResourceDefinitionSpec], ctx: MatchContext) -> Match | None:
    return DefinitionIndex(definitions).best(ctx)
