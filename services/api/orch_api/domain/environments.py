"""Environments and environment types: pure decisions and state changes."""

from __future__ import annotations

from dataclasses import dataclass

from orch_api.domain.model import AppState, EnvState, EnvTypeState, OrgState
from orch_api.domain.orgs import require_app, require_org
from shared import contracts as c
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event

TERMINAL = frozenset({"succeeded", "failed"})


@dataclass(frozen=True)
class PastDeployment:
    """A deployment of the app that an environment may start from or be rebased to."""

    deploy_id: str
    set_id: str


def require_env(env: EnvState | None, env_id: str) -> EnvState:
    if env is None or env.deleted:
        raise NotFound(f"Environment '{env_id}' not found.", details={"env_id": env_id})
    return env


def is_running(status: str | None) -> bool:
    return status is not None and status not in TERMINAL


# -- environment types ---------------------------------------------------------------------------


def decide_create_env_type(
    org: OrgState | None, state: EnvTypeState | None, cmd: c.CreateEnvironmentType
) -> list[Event]:
    require_org(org, cmd.org_id)
    if state is not None and not state.deleted:
        raise Conflict(f"Environment type '{cmd.env_type_id}' already exists.", details={"id": cmd.env_type_id})
    return [c.EnvironmentTypeCreated(org_id=cmd.org_id, env_type_id=cmd.env_type_id, description=cmd.description)]


def _require_env_type(state: EnvTypeState | None, env_type_id: str) -> EnvTypeState:
    if state is None or state.deleted:
        raise NotFound(f"Environment type '{env_type_id}' not found.", details={"id": env_type_id})
    return state


def decide_update_env_type(state: EnvTypeState | None, cmd: c.UpdateEnvironmentType) -> list[Event]:
    _require_env_type(state, cmd.env_type_id)
    return [c.EnvironmentTypeUpdated(org_id=cmd.org_id, env_type_id=cmd.env_type_id, description=cmd.description)]


def decide_delete_env_type(state: EnvTypeState | None, cmd: c.DeleteEnvironmentType) -> list[Event]:
    env_type = _require_env_type(state, cmd.env_type_id)
    if env_type.env_count:
        raise Conflict(
            f"Environment type '{cmd.env_type_id}' is used by {env_type.env_count} environment(s).",
            details={"id": cmd.env_type_id, "environments": env_type.env_count},
        )
    return [c.EnvironmentTypeDeleted(org_id=cmd.org_id, env_type_id=cmd.env_type_id)]


def env_type_created(event: c.EnvironmentTypeCreated, _: object) -> EnvTypeState:
    return EnvTypeState(org_id=event.org_id, env_type_id=event.env_type_id, description=event.description)


def env_type_updated(event: c.EnvironmentTypeUpdated, state: EnvTypeState) -> EnvTypeState:
    return state.model_copy(update={"description": event.description})


def env_type_gains_env(_: c.EnvironmentCreated, state: EnvTypeState) -> EnvTypeState:
    return state.model_copy(update={"env_count": state.env_count + 1})


def env_type_loses_env(_: c.EnvironmentDeleted, state: EnvTypeState) -> EnvTypeState:
    return state.model_copy(update={"env_count": max(0, state.env_count - 1)})


def env_type_deleted(_: c.EnvironmentTypeDeleted, state: EnvTypeState) -> EnvTypeState:
    return state.model_copy(update={"deleted": True})


# -- environments --------------------------------------------------------------------------------


def decide_create_env(
    app: AppState | None,
    state: EnvState | None,
    env_type: EnvTypeState | None,
    source: PastDeployment | None,
    cmd: c.CreateEnvironment,
) -> list[Event]:
    """``source`` is the deployment named by ``from_deploy_id``, if it exists in the app."""
    require_app(app, cmd.app_id)
    if state is not None and not state.deleted:
        raise Conflict(f"Environment '{cmd.env_id}' already exists.", details={"env_id": cmd.env_id})
    if env_type is None or env_type.deleted:
        raise InvalidInput(f"Environment type '{cmd.type}' does not exist.", details={"type": cmd.type})
    if cmd.from_deploy_id is not None and source is None:
        raise InvalidInput(
            f"Deployment '{cmd.from_deploy_id}' not found in the application.",
            details={"from_deploy_id": cmd.from_deploy_id},
        )
    return [
        c.EnvironmentCreated(
            org_id=cmd.org_id,
            app_id=cmd.app_id,
            env_id=cmd.env_id,
            name=cmd.name,
            type=cmd.type,
            from_deploy_id=source.deploy_id if source else None,
            from_set_id=source.set_id if source else None,
        )
    ]


def decide_update_env(state: EnvState | None, cmd: c.UpdateEnvironment) -> list[Event]:
    require_env(state, cmd.env_id)
    return [c.EnvironmentUpdated(org_id=cmd.org_id, app_id=cmd.app_id, env_id=cmd.env_id, name=cmd.name)]


def decide_delete_env(
    app: AppState | None, state: EnvState | None, last_status: str | None, cmd: c.DeleteEnvironment
) -> list[Event]:
    found_app = require_app(app, cmd.app_id)
    env = require_env(state, cmd.env_id)
    if [e for e in found_app.env_ids if e != cmd.env_id] == []:
        raise InvalidInput("The last environment of an application cannot be deleted.", details={"env_id": cmd.env_id})
    if is_running(last_status):
        raise Conflict("A deployment is in progress in the environment.", details={"env_id": cmd.env_id})
    return [c.EnvironmentDeleted(org_id=cmd.org_id, app_id=cmd.app_id, env_id=cmd.env_id, type=env.type)]


def decide_rebase_env(
    state: EnvState | None, source: PastDeployment | None, last_status: str | None, cmd: c.RebaseEnvironment
) -> list[Event]:
    require_env(state, cmd.env_id)
    if source is None:
        raise InvalidInput(
            f"Deployment '{cmd.deploy_id}' not found in the application.", details={"deploy_id": cmd.deploy_id}
        )
    if is_running(last_status):
        raise Conflict("A deployment is in progress in the environment.", details={"env_id": cmd.env_id})
    return [
        c.EnvironmentRebased(
            org_id=cmd.org_id, app_id=cmd.app_id, env_id=cmd.env_id, deploy_id=source.deploy_id, set_id=source.set_id
        )
    ]


def environment_created(event: c.EnvironmentCreated, _: object) -> EnvState:
    return EnvState(
        org_id=event.org_id,
        app_id=event.app_id,
        env_id=event.env_id,
        name=event.name,
        type=event.type,
        from_deploy_id=event.from_deploy_id,
        from_set_id=event.from_set_id,
    )


def environment_updated(event: c.EnvironmentUpdated, state: EnvState) -> EnvState:
    return state.model_copy(update={"name": event.name})


def environment_deleted(_: c.EnvironmentDeleted, state: EnvState) -> EnvState:
    return state.model_copy(update={"deleted": True})


def environment_rebased(event: c.EnvironmentRebased, state: EnvState) -> EnvState:
    return state.model_copy(update={"from_deploy_id": event.deploy_id, "from_set_id": event.set_id})
