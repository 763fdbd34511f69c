"""Resource definitions (and later types, classes, drivers): pure decisions and state changes."""

from __future__ import annotations

from orch_api.domain.model import DefinitionState, OrgState
from orch_api.domain.orgs import require_org
from shared import contracts as c
from shared.errors import Conflict
from shared.messages import Event


def decide_create_definition(
    org: OrgState | None, state: DefinitionState | None, cmd: c.CreateResourceDefinition
) -> list[Event]:
    require_org(org, cmd.org_id)
    if state is not None:
        raise Conflict(
            f"Resource definition '{cmd.definition.id}' already exists.", details={"def_id": cmd.definition.id}
        )
    return [c.ResourceDefinitionCreated(org_id=cmd.org_id, definition=cmd.definition)]


def definition_created(event: c.ResourceDefinitionCreated, _: object) -> DefinitionState:
    return DefinitionState(org_id=event.org_id, def_id=event.definition.id, type=event.definition.type)
