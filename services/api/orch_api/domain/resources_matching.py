"""Matching rank of resource definitions, as the resolver picks them (Humanitec's rules).

A criterion matches a context when every field it sets equals the context's; its class must equal
the resource's class. Specificity: res_id > env_id > app_id > env_type, compared from the most
specific field down; equal ranks go to the definition id that sorts first. The list endpoint asks
with a partial context: a field the caller did not give is unknown, and a criterion that sets it
*could* still match, so it stays a candidate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orch_api.domain.resources_model import OwnedCriterion
from shared import contracts as c


@dataclass(frozen=True)
class MatchContext:
    """Where a resource is; ``None`` means "unknown" (it matches whatever a criterion says)."""

    app_id: str | None = None
    env_id: str | None = None
    env_type: str | None = None
    res_id: str | None = None
    class_: str | None = None


def criterion_matches(criterion: c.Criterion, ctx: MatchContext) -> bool:
    pairs = (
        (criterion.app_id, ctx.app_id),
        (criterion.env_id, ctx.env_id),
        (criterion.env_type, ctx.env_type),
        (criterion.res_id, ctx.res_id),
        (criterion.class_, ctx.class_),
    )
    return all(wanted is None or actual is None or wanted == actual for wanted, actual in pairs)


def specificity(criterion: c.Criterion) -> int:
    """Humanitec's order as one number: any set field outranks every less specific one."""
    return (
        8 * (criterion.res_id is not None)
        + 4 * (criterion.env_id is not None)
        + 2 * (criterion.app_id is not None)
        + (criterion.env_type is not None)
    )


def criterion_key(criterion: c.Criterion) -> tuple[str | None, ...]:
    """What makes two criteria the same rule, whatever their ids."""
    return (criterion.app_id, criterion.env_id, criterion.env_type, criterion.res_id, criterion.class_)


@dataclass(frozen=True)
class Ranked:
    definition: c.ResourceDefinitionSpec
    criterion: c.Criterion


def rank_definitions(
    definitions: Iterable[c.ResourceDefinitionSpec], ctx: MatchContext, res_type: str | None = None
) -> list[Ranked]:
    """The definitions that match (or could match) ``ctx``, grouped by type, most specific first.

    Each definition is ranked by its most specific matching criterion; definitions with none are
    left out.
    """
    ranked = []
    for d in definitions:
        if res_type is not None and d.type != res_type:
            continue
        matching = [cr for cr in d.criteria if criterion_matches(cr, ctx)]
        if matching:
            ranked.append(Ranked(d, max(matching, key=specificity)))
    return sorted(ranked, key=lambda r: (r.definition.type, -specificity(r.criterion), r.definition.id))


def best_owner(criteria: Iterable[OwnedCriterion], ctx: MatchContext) -> str | None:
    """The id of the definition the resolver would pick among ``criteria`` (one type's), or None."""
    matching = [o for o in criteria if criterion_matches(o.criterion, ctx)]
    if not matching:
        return None
    return min(matching, key=lambda o: (-specificity(o.criterion), o.def_id)).def_id
