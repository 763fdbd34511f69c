"""Organizations and applications: pure decisions and state changes."""

from __future__ import annotations

from orch_api.domain.model import AppState, EnvState, EnvTypeState, OrgState
from shared import contracts as c
from shared.errors import Conflict, NotFound
from shared.messages import Event

DEFAULT_ENV = c.EnvSpec(id="development", name="Development", type="development")
DEFAULT_ENV_TYPE = "development"


def require_org(org: OrgState | None, org_id: str) -> OrgState:
    if org is None:
        raise NotFound(f"Organization '{org_id}' not found.", details={"org_id": org_id})
    return org


def require_app(app: AppState | None, app_id: str) -> AppState:
    if app is None or app.deleted:
        raise NotFound(f"Application '{app_id}' not found.", details={"app_id": app_id})
    return app


def decide_create_org(state: OrgState | None, cmd: c.CreateOrg) -> list[Event]:
    if state is not None:
        raise Conflict(f"Organization '{cmd.org_id}' already exists.", details={"org_id": cmd.org_id})
    return [
        c.OrgCreated(org_id=cmd.org_id, name=cmd.name),
        c.EnvironmentTypeCreated(
            org_id=cmd.org_id, env_type_id=DEFAULT_ENV_TYPE, description="Created with the organization"
        ),
    ]


def decide_create_app(
    org: OrgState | None, state: AppState | None, env_type: EnvTypeState | None, cmd: c.CreateApp
) -> list[Event]:
    """``env_type`` is the state of the first environment's type (unused when none is created)."""
    require_org(org, cmd.org_id)
    if state is not None and not state.deleted:
        raise Conflict(f"Application '{cmd.app_id}' already exists.", details={"app_id": cmd.app_id})
    events: list[Event] = [c.AppCreated(org_id=cmd.org_id, app_id=cmd.app_id, name=cmd.name)]
    if cmd.skip_environment_creation:
        return events
    env = cmd.env or DEFAULT_ENV
    if env_type is None or env_type.deleted:
        raise NotFound(f"Environment type '{env.type}' not found.", details={"env_type": env.type})
    events.append(
        c.EnvironmentCreated(org_id=cmd.org_id, app_id=cmd.app_id, env_id=env.id, name=env.name, type=env.type)
    )
    return events


def decide_update_app(app: AppState | None, cmd: c.UpdateApp) -> list[Event]:
    require_app(app, cmd.app_id)
    return [c.AppUpdated(org_id=cmd.org_id, app_id=cmd.app_id, name=cmd.name)]


def decide_delete_app(app: AppState | None, envs: list[EnvState], running: list[str], cmd: c.DeleteApp) -> list[Event]:
    """Deleting an app deletes its environments first. ``envs`` are their states, ``running``
    names those with a deployment in progress (which blocks the deletion)."""
    require_app(app, cmd.app_id)
    if running:
        raise Conflict(
            "The application has deployments in progress.", details={"app_id": cmd.app_id, "env_ids": running}
        )
    gone: list[Event] = [
        c.EnvironmentDeleted(org_id=cmd.org_id, app_id=cmd.app_id, env_id=e.env_id, type=e.type)
        for e in envs
        if not e.deleted
    ]
    return [*gone, c.AppDeleted(org_id=cmd.org_id, app_id=cmd.app_id)]


def org_created(event: c.OrgCreated, _: object) -> OrgState:
    return OrgState(org_id=event.org_id, name=event.name)


def app_created(event: c.AppCreated, _: object) -> AppState:
    return AppState(org_id=event.org_id, app_id=event.app_id, name=event.name)


def app_updated(event: c.AppUpdated, state: AppState) -> AppState:
    return state.model_copy(update={"name": event.name})


def app_deleted(_: c.AppDeleted, state: AppState) -> AppState:
    return state.model_copy(update={"deleted": True, "env_ids": ()})


def app_gains_env(event: c.EnvironmentCreated, state: AppState) -> AppState:
    return state.model_copy(update={"env_ids": (*state.env_ids, event.env_id)})


def app_loses_env(event: c.EnvironmentDeleted, state: AppState) -> AppState:
    return state.model_copy(update={"env_ids": tuple(e for e in state.env_ids if e != event.env_id)})
