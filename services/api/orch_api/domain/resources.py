"""Resource definitions: pure decisions and state changes.

Every change of what a definition provisions makes a version (``created``, ``updated``,
``deleted``); criteria are not part of a version (as in Humanitec), so changing them makes none.
Criteria are unique per resource type across definitions; the type's aggregate holds them all, so
two racing clients can never both add the same one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from orch_api.domain.model import OrgState
from orch_api.domain.orgs import require_org
from orch_api.domain.resources_active import UsingResource, refuse_rematching, rematched
from orch_api.domain.resources_matching import criterion_key
from orch_api.domain.resources_model import DefinitionRecord, OwnedCriterion, ResourceTypeRecord, version_id
from orch_api.domain.resources_secrets import cleared, merge_patch, retain_own
from orch_api.domain.resources_types import type_exists
from shared import contracts as c
from shared.contracts import resources as rc
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event


def criterion_id(def_id: str, criterion: c.Criterion) -> str:
    """Derived from the definition and the rule, so the same rule keeps its id when criteria are
    replaced, and a replay gives the same ids."""
    key = "\x1f".join([def_id, *(part or "" for part in criterion_key(criterion))])
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:20]


def require_definition(state: DefinitionRecord | None, def_id: str) -> c.ResourceDefinitionSpec:
    if state is None or state.deleted or state.definition is None:
        raise NotFound(f"Resource definition '{def_id}' not found.", details={"def_id": def_id})
    return state.definition


def check_criteria(
    def_id: str, type_id: str, criteria: Iterable[c.Criterion], index: ResourceTypeRecord | None
) -> None:
    """409 for a criterion equal to another one of the type (of any definition, this one included)."""
    taken = {criterion_key(o.criterion): o.def_id for o in (index.criteria if index else ()) if o.def_id != def_id}
    for criterion in criteria:
        key = criterion_key(criterion)
        if key in taken:
            raise Conflict(
                f"Resource definition '{taken[key]}' of type '{type_id}' already has the same matching criteria.",
                details={"def_id": taken[key], "criteria": criterion.model_dump(by_alias=True, exclude={"id"})},
            )
        taken[key] = def_id


def decide_create_definition(
    org: OrgState | None,
    state: DefinitionRecord | None,
    cmd: c.CreateResourceDefinition,
    index: ResourceTypeRecord | None = None,
) -> list[Event]:
    """``index`` is the state of the definition's type (``None``: no definition or class yet)."""
    require_org(org, cmd.org_id)
    spec = cmd.definition
    if state is not None and not state.deleted:
        raise Conflict(f"Resource definition '{spec.id}' already exists.", details={"def_id": spec.id})
    if not type_exists(index, spec.type):
        raise InvalidInput(
            f"Resource type '{spec.type}' does not exist; custom types are registered with"
            f" POST /orgs/{cmd.org_id}/resources/types.",
            details={"type": spec.type},
        )
    check_criteria(spec.id, spec.type, spec.criteria, index)
    number = (state.versions if state else 0) + 1
    versioned = spec.model_copy(update={"version_id": version_id(cmd.org_id, spec.id, number)})
    return [c.ResourceDefinitionCreated(org_id=cmd.org_id, definition=versioned)]


_RESET_BY_PUT: dict[str, object] = {"driver_account": None, "provision": {}, "in_place_driver_change": False}
"""What a PUT resets when it does not give it (a PUT without ``driver_type`` keeps the driver)."""


def apply_changes(
    org_id: str, current: c.ResourceDefinitionSpec, cmd: rc.ChangeResourceDefinition
) -> dict[str, object]:
    """The fields of the definition after a PUT (``replace``) or PATCH."""
    ch = cmd.changes
    if cmd.replace:
        inputs = ch.driver_inputs or rc.DriverInputs()
        secrets, refs = dict(inputs.secrets), dict(inputs.secret_refs)
        values = dict(inputs.values)
    else:
        patch = ch.driver_inputs or rc.DriverInputs()
        now = current.driver_inputs
        values = merge_patch(now.values, patch.values)
        secrets = merge_patch(merge_patch(now.secrets, cleared(patch.secret_refs, refs=True)), patch.secrets)
        refs = merge_patch(merge_patch(now.secret_refs, cleared(patch.secrets)), patch.secret_refs)
    kept, refs = retain_own(org_id, current.id, current.driver_inputs.secrets, refs)
    updates: dict[str, object] = {
        "driver_inputs": rc.DriverInputs(values=values, secrets=merge_patch(kept, secrets), secret_refs=refs)
    }
    for field in ("name", "driver_type", *_RESET_BY_PUT):
        given = getattr(ch, field)
        if given is not None:
            updates[field] = given
        elif cmd.replace and field in _RESET_BY_PUT:
            updates[field] = _RESET_BY_PUT[field]
    return updates


def decide_change_definition(state: DefinitionRecord | None, cmd: rc.ChangeResourceDefinition) -> list[Event]:
    current = require_definition(state, cmd.def_id)
    assert state is not None
    vid = version_id(cmd.org_id, cmd.def_id, state.versions + 1)
    changed = current.model_copy(update={**apply_changes(cmd.org_id, current, cmd), "version_id": vid})
    if cmd.proposed:
        return [rc.ResourceDefinitionVersionProposed(org_id=cmd.org_id, definition=changed)]
    return [rc.ResourceDefinitionUpdated(org_id=cmd.org_id, definition=changed)]


def decide_promote_version(state: DefinitionRecord | None, cmd: rc.PromoteDefinitionVersion) -> list[Event]:
    current = require_definition(state, cmd.def_id)
    assert state is not None
    if cmd.version_id == current.version_id:
        return []  # active already
    proposal = next((p for p in state.proposed if p.version_id == cmd.version_id), None)
    if proposal is None:
        raise NotFound(
            f"Proposed version '{cmd.version_id}' of resource definition '{cmd.def_id}' not found.",
            details={"def_id": cmd.def_id, "version_id": cmd.version_id},
        )
    # The proposal was made from an older definition: the criteria in use now stay.
    promoted = proposal.model_copy(update={"criteria": current.criteria})
    return [rc.ResourceDefinitionUpdated(org_id=cmd.org_id, definition=promoted)]


def decide_change_criteria(
    state: DefinitionRecord | None,
    index: ResourceTypeRecord | None,
    cmd: rc.ChangeDefinitionCriteria,
    using: list[UsingResource],
) -> list[Event]:
    """``using``: the definition's active resources, checked when criteria are removed."""
    current = require_definition(state, cmd.def_id)
    kept = () if cmd.replace else current.criteria
    missing = [i for i in cmd.remove if i not in {cr.id for cr in current.criteria}]
    if missing:
        raise NotFound(
            f"Matching criteria '{missing[0]}' of resource definition '{cmd.def_id}' not found.",
            details={"def_id": cmd.def_id, "criteria_id": missing[0]},
        )
    criteria = (*(cr for cr in kept if cr.id not in cmd.remove), *cmd.add)
    check_criteria(cmd.def_id, current.type, criteria, index)
    if cmd.remove and not cmd.force:
        after = [*_others(index, cmd.def_id), *(OwnedCriterion(def_id=cmd.def_id, criterion=cr) for cr in criteria)]
        changes = rematched(cmd.def_id, using, after)
        if changes:
            refuse_rematching("Removing these criteria", cmd.def_id, changes, using)
    changed = current.model_copy(update={"criteria": criteria})
    return [rc.ResourceDefinitionCriteriaChanged(org_id=cmd.org_id, definition=changed)]


def decide_delete_definition(
    state: DefinitionRecord | None,
    index: ResourceTypeRecord | None,
    cmd: rc.DeleteResourceDefinition,
    using: list[UsingResource],
) -> list[Event]:
    current = require_definition(state, cmd.def_id)
    assert state is not None
    if using and not cmd.force:
        refuse_rematching(
            "Deleting the definition", cmd.def_id, rematched(cmd.def_id, using, _others(index, cmd.def_id)), using
        )
    return [
        rc.ResourceDefinitionDeleted(
            org_id=cmd.org_id,
            def_id=cmd.def_id,
            type=current.type,
            version_id=version_id(cmd.org_id, cmd.def_id, state.versions + 1),
        )
    ]


def _others(index: ResourceTypeRecord | None, def_id: str) -> list[OwnedCriterion]:
    return [o for o in (index.criteria if index else ()) if o.def_id != def_id]


# State changes of the definition's own aggregate.


def definition_created(e: c.ResourceDefinitionCreated, state: DefinitionRecord | None) -> DefinitionRecord:
    d = e.definition
    return DefinitionRecord(
        org_id=e.org_id, def_id=d.id, type=d.type, definition=d, versions=(state.versions if state else 0) + 1
    )


def definition_updated(e: rc.ResourceDefinitionUpdated, state: DefinitionRecord | None) -> DefinitionRecord:
    assert state is not None
    promoted = any(p.version_id == e.definition.version_id for p in state.proposed)
    return state.model_copy(
        update={
            "definition": e.definition,
            "versions": state.versions + (0 if promoted else 1),
            "proposed": tuple(p for p in state.proposed if p.version_id != e.definition.version_id),
        }
    )


def version_proposed(e: rc.ResourceDefinitionVersionProposed, state: DefinitionRecord | None) -> DefinitionRecord:
    assert state is not None
    return state.model_copy(update={"versions": state.versions + 1, "proposed": (*state.proposed, e.definition)})


def criteria_changed(e: rc.ResourceDefinitionCriteriaChanged, state: DefinitionRecord | None) -> DefinitionRecord:
    assert state is not None
    return state.model_copy(update={"definition": e.definition})


def definition_deleted(_: rc.ResourceDefinitionDeleted, state: DefinitionRecord | None) -> DefinitionRecord:
    assert state is not None
    return state.model_copy(update={"deleted": True, "versions": state.versions + 1, "proposed": ()})


# State changes of the type's index of definitions and criteria.


def _index(state: ResourceTypeRecord | None, org_id: str, type_id: str) -> ResourceTypeRecord:
    return state or ResourceTypeRecord(org_id=org_id, type=type_id)


def indexed(
    e: c.ResourceDefinitionCreated | rc.ResourceDefinitionCriteriaChanged, state: ResourceTypeRecord | None
) -> ResourceTypeRecord:
    d = e.definition
    index = _index(state, e.org_id, d.type)
    return index.model_copy(
        update={
            "definitions": tuple(sorted({*index.definitions, d.id})),
            "criteria": (*_others(index, d.id), *(OwnedCriterion(def_id=d.id, criterion=cr) for cr in d.criteria)),
        }
    )


def unindexed(e: rc.ResourceDefinitionDeleted, state: ResourceTypeRecord | None) -> ResourceTypeRecord:
    index = _index(state, e.org_id, e.type)
    return index.model_copy(
        update={
            "definitions": tuple(i for i in index.definitions if i != e.def_id),
            "criteria": tuple(_others(index, e.def_id)),
        }
    )
