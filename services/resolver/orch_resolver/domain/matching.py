"""Picking the resource definition for a resource: most specific matching criterion wins.

A criterion matches when every field it sets equals the context and its class equals the
resource's class. Specificity compares, from most to least specific, res_id > env_id > app_id >
env_type (as Humanitec does). Remaining ties, which only identical criteria on different
definitions can cause, go to the definition id that sorts first, so the choice is stable.
"""

from __future__ import annotations

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
    fields_ok = all(
        expected is None or expected == actual
        for expected, actual in (
            (criterion.app_id, ctx.app_id),
            (criterion.env_id, ctx.env_id),
            (criterion.env_type, ctx.env_type),
            (criterion.res_id, ctx.res_id),
        )
    )
    return fields_ok and criterion.class_ == ctx.class_


def specificity(criterion: Criterion) -> tuple[bool, bool, bool, bool]:
    """Compared field by field, most specific first."""
    return (
        criterion.res_id is not None,
        criterion.env_id is not None,
        criterion.app_id is not None,
        criterion.env_type is not None,
    )


def best_match(definitions: list[ResourceDefinitionSpec], ctx: MatchContext) -> Match | None:
    candidates = [
        Match(d, cr) for d in definitions if d.type == ctx.type for cr in d.criteria if criterion_matches(cr, ctx)
    ]
    if not candidates:
        return None
    # Highest specificity first; then the smallest definition id.
    return min(candidates, key=lambda m: (tuple(not f for f in specificity(m.criterion)), m.definition.id))
