"""Deltas: pure decisions and state changes."""

from __future__ import annotations

from orch_api.domain.model import AppState, DeltaState
from shared import contracts as c
from shared.errors import Conflict, NotFound
from shared.messages import Event


def decide_create_delta(app: AppState | None, state: DeltaState | None, cmd: c.CreateDelta) -> list[Event]:
    if app is None:
        raise NotFound(f"Application '{cmd.app_id}' not found.", details={"app_id": cmd.app_id})
    if state is not None:
        raise Conflict(f"Delta '{cmd.delta_id}' already exists.", details={"delta_id": cmd.delta_id})
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


def delta_created(event: c.DeltaCreated, _: object) -> DeltaState:
    return DeltaState(org_id=event.org_id, app_id=event.app_id, delta_id=event.delta_id)
