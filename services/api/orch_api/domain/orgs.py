"""Organizations, applications and environments: pure decisions and state changes."""

from __future__ import annotations

from orch_api.domain.model import AppState, EnvState, OrgState
from shared import contracts as c
from shared.errors import Conflict, NotFound
from shared.messages import Event

DEFAULT_ENV = c.EnvSpec(id="development", name="Development", type="development")


def require_org(org: OrgState | None, org_id: str) -> OrgState:
    if org is None:
        raise NotFound(f"Organization '{org_id}' not found.", details={"org_id": org_id})
    return org


def decide_create_org(state: OrgState | None, cmd: c.CreateOrg) -> list[Event]:
    if state is not None:
        raise Conflict(f"Organization '{cmd.org_id}' already exists.", details={"org_id": cmd.org_id})
    return [c.OrgCreated(org_id=cmd.org_id, name=cmd.name)]


def decide_create_app(org: OrgState | None, state: AppState | None, cmd: c.CreateApp) -> list[Event]:
    require_org(org, cmd.org_id)
    if state is not None:
        raise Conflict(f"Application '{cmd.app_id}' already exists.", details={"app_id": cmd.app_id})
    env = cmd.env or DEFAULT_ENV
    return [
        c.AppCreated(org_id=cmd.org_id, app_id=cmd.app_id, name=cmd.name),
        c.EnvironmentCreated(org_id=cmd.org_id, app_id=cmd.app_id, env_id=env.id, name=env.name, type=env.type),
    ]


def org_created(event: c.OrgCreated, _: object) -> OrgState:
    return OrgState(org_id=event.org_id, name=event.name)


def app_created(event: c.AppCreated, _: object) -> AppState:
    return AppState(org_id=event.org_id, app_id=event.app_id, name=event.name)


def environment_created(event: c.EnvironmentCreated, _: object) -> EnvState:
    return EnvState(org_id=event.org_id, app_id=event.app_id, env_id=event.env_id, name=event.name, type=event.type)
