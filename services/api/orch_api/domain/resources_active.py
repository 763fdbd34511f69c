"""Active resources: which ones a definition change would move to another definition, and
marking resources for deletion. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from orch_api.domain.resources_matching import MatchContext, best_owner
from orch_api.domain.resources_model import ActiveResourceRecord, OwnedCriterion
from shared.contracts import resources as rc
from shared.errors import Conflict, NotFound
from shared.messages import Event


@dataclass(frozen=True)
class UsingResource:
    """An active resource provisioned from a definition, where it lives."""

    app_id: str
    env_id: str
    env_type: str
    type: str
    class_: str
    res_id: str
    gu_res_id: str

    def context(self) -> MatchContext:
        return MatchContext(self.app_id, self.env_id, self.env_type, self.res_id, self.class_)


def rematched(def_id: str, using: Iterable[UsingResource], after: Iterable[OwnedCriterion]) -> list[dict[str, Any]]:
    """Humanitec's ``ResourceDefinitionChange`` for each resource of ``def_id`` that the criteria
    ``after`` a change would give to another definition (``to_def`` empty: to none)."""
    remaining = tuple(after)
    changes = []
    for r in using:
        to_def = best_owner(remaining, r.context())
        if to_def != def_id:
            changes.append(
                {"app_id": r.app_id, "env_id": r.env_id, "res_id": r.res_id, "from_def": def_id, "to_def": to_def or ""}
            )
    return changes


def refuse_rematching(what: str, def_id: str, changes: list[dict[str, Any]], using: list[UsingResource]) -> None:
    """409 in the shape of Humanitec's ``ConflictingResourcesErrorResponse``, plus the changes."""
    moved = {(c["app_id"], c["env_id"], c["res_id"]) for c in changes}
    active = [
        {"app_id": r.app_id, "env_id": r.env_id, "type": r.type, "class": r.class_, "res_id": r.res_id,
         "gu_res_id": r.gu_res_id}
        for r in using
        if (r.app_id, r.env_id, r.res_id) in moved
    ]  # fmt: skip
    raise Conflict(
        f"{what} would change the definition of {len(changes)} active resource(s) of definition '{def_id}';"
        " repeat with force=true to do it anyway.",
        details={
            "referencing_resources": {"resource_definitions": [], "active_resources": active},
            "changes": changes,
        },
    )


def decide_delete_active_resource(cmd: rc.DeleteActiveResource, found: dict[str, bool]) -> list[Event]:
    """``found``: the environment's active resources of that type and id (one per class), by
    GUResID, with whether each is marked for deletion already."""
    if not found:
        raise NotFound(
            f"Active resource '{cmd.type}/{cmd.res_id}' not found.", details={"type": cmd.type, "res_id": cmd.res_id}
        )
    if all(found.values()):
        return []  # marked already: deleting twice is the same as once
    return [
        rc.ActiveResourceDeletionScheduled(
            org_id=cmd.org_id,
            app_id=cmd.app_id,
            env_id=cmd.env_id,
            type=cmd.type,
            res_id=cmd.res_id,
            guresids=tuple(sorted(g for g, scheduled in found.items() if not scheduled)),
        )
    ]


def deletion_scheduled(e: rc.ActiveResourceDeletionScheduled, _: ActiveResourceRecord | None) -> ActiveResourceRecord:
    return ActiveResourceRecord(
        org_id=e.org_id, app_id=e.app_id, env_id=e.env_id, type=e.type, res_id=e.res_id, deletion_scheduled=True
    )
