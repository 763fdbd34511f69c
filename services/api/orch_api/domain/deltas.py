"""Deltas: pure decisions and state changes.

A delta is a draft of changes to an app's deployment set. It can be merged into (``PATCH``),
replaced (``PUT``), renamed, moved to another environment and archived. An archived delta can be
read and deployed, but not changed until it is unarchived.
"""

from __future__ import annotations

from orch_api.domain.delta_merge import merge_deltas
from orch_api.domain.deployment_sets import check_module
from orch_api.domain.model import AppState, DeltaState
from orch_api.domain.orgs import require_app
from shared import contracts as c
from shared.contracts.deltas import DeltaContent
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event


class DeltaArchivedError(Conflict):
    """An archived delta is read-only until it is unarchived."""


def decide_create_delta(app: AppState | None, state: DeltaState | None, cmd: c.CreateDelta) -> list[Event]:
    require_app(app, cmd.app_id)
    if state is not None:
        raise Conflict(f"Delta '{cmd.delta_id}' already exists.", details={"delta_id": cmd.delta_id})
    _check_adds(DeltaContent(modules=cmd.modules, shared=cmd.shared))
    return [
        c.DeltaCreated(
            org_id=cmd.org_id,
            app_id=cmd.app_id,
            delta_id=cmd.delta_id,
            env_id=cmd.env_id,
            name=cmd.name,
            modules=cmd.modules,
            shared=cmd.shared,
        )
    ]


def decide_update_delta(state: DeltaState | None, cmd: c.UpdateDelta) -> list[Event]:
    delta = _changeable(state, cmd.delta_id)
    merged = merge_deltas(delta.content, cmd.patches)
    return [c.DeltaUpdated(org_id=cmd.org_id, app_id=cmd.app_id, delta_id=cmd.delta_id, content=merged)]


def decide_replace_delta(state: DeltaState | None, cmd: c.ReplaceDelta) -> list[Event]:
    _changeable(state, cmd.delta_id)
    _check_adds(cmd.content)
    return [c.DeltaUpdated(org_id=cmd.org_id, app_id=cmd.app_id, delta_id=cmd.delta_id, content=cmd.content)]


def decide_archive_delta(state: DeltaState | None, cmd: c.ArchiveDelta) -> list[Event]:
    delta = _existing(state, cmd.delta_id)
    if delta.archived == cmd.archived:
        return []
    if cmd.archived:
        return [c.DeltaArchived(org_id=cmd.org_id, app_id=cmd.app_id, delta_id=cmd.delta_id)]
    return [c.DeltaUnarchived(org_id=cmd.org_id, app_id=cmd.app_id, delta_id=cmd.delta_id)]


def decide_change_delta_env(state: DeltaState | None, cmd: c.ChangeDeltaEnv) -> list[Event]:
    if _changeable(state, cmd.delta_id).env_id == cmd.env_id:
        return []
    return [c.DeltaEnvChanged(org_id=cmd.org_id, app_id=cmd.app_id, delta_id=cmd.delta_id, env_id=cmd.env_id)]


def decide_rename_delta(state: DeltaState | None, cmd: c.RenameDelta) -> list[Event]:
    if _changeable(state, cmd.delta_id).name == cmd.name:
        return []
    return [c.DeltaRenamed(org_id=cmd.org_id, app_id=cmd.app_id, delta_id=cmd.delta_id, name=cmd.name)]


def _existing(state: DeltaState | None, delta_id: str) -> DeltaState:
    if state is None:
        raise NotFound(f"Delta '{delta_id}' not found.", details={"id": delta_id})
    return state


def _changeable(state: DeltaState | None, delta_id: str) -> DeltaState:
    delta = _existing(state, delta_id)
    if delta.archived:
        raise DeltaArchivedError(
            f"Delta '{delta_id}' is archived; unarchive it to change it.", details={"id": delta_id, "archived": True}
        )
    return delta


def _check_adds(content: DeltaContent) -> None:
    for name, module in content.modules.add.items():
        check_module(name, module)
    # Removed first, so an update of a module the delta removes (and does not add back) never applies.
    clash = sorted(set(content.modules.remove) & set(content.modules.update) - set(content.modules.add))
    if clash:
        raise InvalidInput(
            f"Module '{clash[0]}' is both removed and updated by the delta; the update could never apply.",
            details={"at": f"modules.update.{clash[0]}", "module": clash[0]},
        )


def delta_created(event: c.DeltaCreated, _: object) -> DeltaState:
    return DeltaState(
        org_id=event.org_id,
        app_id=event.app_id,
        delta_id=event.delta_id,
        env_id=event.env_id,
        name=event.name,
        content=DeltaContent(modules=event.modules, shared=event.shared),
    )


def delta_updated(event: c.DeltaUpdated, state: DeltaState) -> DeltaState:
    return state.model_copy(update={"content": event.content})


def delta_archived(_: c.DeltaArchived, state: DeltaState) -> DeltaState:
    return state.model_copy(update={"archived": True})


def delta_unarchived(_: c.DeltaUnarchived, state: DeltaState) -> DeltaState:
    return state.model_copy(update={"archived": False})


def delta_env_changed(event: c.DeltaEnvChanged, state: DeltaState) -> DeltaState:
    return state.model_copy(update={"env_id": event.env_id})


def delta_renamed(event: c.DeltaRenamed, state: DeltaState) -> DeltaState:
    return state.model_copy(update={"name": event.name})
