"""Why each node of a graph got its definition: the decision a platform engineer wants to see
before anything is provisioned."""

from __future__ import annotations

from typing import Any

from shared.contracts import GraphNode
from shared.resolution.graph import DeploymentContext, match_context
from shared.resolution.matching import DefinitionIndex, Match, specificity
from shared.resolution.requests import ResourceKey

_FIELDS = ("res_id", "env_id", "app_id", "env_type")


def _criterion(match: Match) -> dict[str, Any]:
    cr = match.criterion
    fields = {f: getattr(cr, f) for f in _FIELDS if getattr(cr, f) is not None}
    return {"def_id": match.definition.id, "criterion_id": cr.id, "class": cr.class_, **fields}


def _why(chosen: Match | None, candidates: list[Match], builtin: bool) -> str:
    if builtin:
        return "No definition of the organization matches; the built-in definition is used."
    assert chosen is not None
    set_fields = [f for f, on in zip(_FIELDS, specificity(chosen.criterion), strict=True) if on]
    what = ", ".join(f"{f}={getattr(chosen.criterion, f)}" for f in set_fields) or "no fields (matches everything)"
    reason = f"Criterion '{chosen.criterion.id}' of definition '{chosen.definition.id}' matches on {what}"
    others = len(candidates) - 1
    if others > 0:
        reason += (
            f"; it is more specific than the other {others} matching criteria (res_id > env_id > app_id > env_type)"
        )
    return reason + "."


def explain(ctx: DeploymentContext, node: GraphNode, index: DefinitionIndex) -> dict[str, Any]:
    key = ResourceKey(node.type, node.class_, node.res_id)
    candidates = index.candidates(match_context(ctx, key))
    chosen = candidates[0] if candidates else None
    builtin = chosen is None or chosen.definition.id != node.def_id
    return {
        "chosen": {"def_id": node.def_id, "criterion_id": node.criterion_id, "builtin": builtin},
        "candidates": [_criterion(m) for m in candidates],
        "reason": _why(chosen, candidates, builtin),
    }
