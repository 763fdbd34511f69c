"""Pure decisions: a command and the current state in, events out, or a domain error.

``decide_*`` functions never read a clock or make ids; whatever they need arrives as arguments.
``evolve`` folds an event into the state it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatch
from typing import Any

from orch_api.domain.deployment_sets import apply_delta, empty_set, set_id
from orch_api.domain.model import AppState, DefinitionState, DeltaState, EnvState, OrgState
from shared import contracts as c
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event

DEFAULT_ENV = c.EnvSpec(id="development", name="Development", type="development")
TERMINAL = frozenset({"succeeded", "failed"})


class OrgAlreadyExistsError(Conflict):
    code = "API-409"


class DeploymentInProgressError(Conflict):
    code = "API-409"


def decide_create_org(state: OrgState | None, cmd: c.CreateOrg) -> list[Event]:
    if state is not None:
        raise OrgAlreadyExistsError(f"Organization '{cmd.org_id}' already exists.", details={"org_id": cmd.org_id})
    return [c.OrgCreated(org_id=cmd.org_id, name=cmd.name)]


def _require_org(org: OrgState | None, org_id: str) -> OrgState:
    if org is None:
        raise NotFound(f"Organization '{org_id}' not found.", details={"org_id": org_id})
    return org


def decide_create_app(org: OrgState | None, state: AppState | None, cmd: c.CreateApp) -> list[Event]:
    _require_org(org, cmd.org_id)
    if state is not None:
        raise Conflict(f"Application '{cmd.app_id}' already exists.", details={"app_id": cmd.app_id})
    env = cmd.env or DEFAULT_ENV
    return [
        c.AppCreated(org_id=cmd.org_id, app_id=cmd.app_id, name=cmd.name),
        c.EnvironmentCreated(org_id=cmd.org_id, app_id=cmd.app_id, env_id=env.id, name=env.name, type=env.type),
    ]


def decide_create_definition(
    org: OrgState | None, state: DefinitionState | None, cmd: c.CreateResourceDefinition
) -> list[Event]:
    _require_org(org, cmd.org_id)
    if state is not None:
        raise Conflict(
            f"Resource definition '{cmd.definition.id}' already exists.", details={"def_id": cmd.definition.id}
        )
    return [c.ResourceDefinitionCreated(org_id=cmd.org_id, definition=cmd.definition)]


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


@dataclass(frozen=True)
class DeploymentInputs:
    """What the handler looked up for a deployment decision."""

    env: EnvState | None
    active_status: str | None
    """Status of the environment's last deployment, ``None`` if it has none."""
    base_set: dict[str, Any] | None
    """The set of the environment's last deployment (the empty set if none)."""
    delta_modules: dict[str, Any] | None
    """The modules section of the requested delta, if a delta was requested and exists."""
    requested_set: dict[str, Any] | None
    """The content of ``set_id`` if a set was requested and exists."""


def decide_create_deployment(inputs: DeploymentInputs, cmd: c.CreateDeployment) -> list[Event]:
    env = inputs.env
    if env is None:
        raise NotFound(f"Environment '{cmd.env_id}' not found.", details={"env_id": cmd.env_id})
    if inputs.active_status is not None and inputs.active_status not in TERMINAL:
        raise DeploymentInProgressError(
            "There is already an active deployment in the Environment.",
            details={"env_id": env.env_id, "deploy_id": env.last_deploy_id, "status": inputs.active_status},
        )
    target = _target_set(inputs, cmd)
    return [
        c.DeploymentRequested(
            org_id=cmd.org_id,
            app_id=cmd.app_id,
            env_id=cmd.env_id,
            env_type=env.type,
            deploy_id=cmd.deploy_id,
            set_id=set_id(target),
            deployment_set=target,
            from_id=env.last_deploy_id,
            delta_id=cmd.delta_id,
            comment=cmd.comment,
        )
    ]


def _target_set(inputs: DeploymentInputs, cmd: c.CreateDeployment) -> dict[str, Any]:
    if cmd.delta_id is not None:
        if inputs.delta_modules is None:
            raise InvalidInput(f"Delta '{cmd.delta_id}' not found.", details={"delta_id": cmd.delta_id})
        return apply_delta(inputs.base_set or empty_set(), inputs.delta_modules)
    if cmd.set_id is not None:
        if inputs.requested_set is None:
            raise InvalidInput(f"Deployment set '{cmd.set_id}' not found.", details={"set_id": cmd.set_id})
        return inputs.requested_set
    raise InvalidInput("A deployment needs a delta_id or a set_id.", details={})


# -- evolve --------------------------------------------------------------------------------------


@singledispatch
def evolve(event: Event, state: Any) -> Any:  # noqa: ANN401, ARG001 - each event evolves its own state type
    """Fold ``event`` into ``state``; events with no state of their own leave it as it is."""
    return state


@evolve.register
def _(event: c.OrgCreated, _: object) -> OrgState:
    return OrgState(org_id=event.org_id, name=event.name)


@evolve.register
def _(event: c.AppCreated, _: object) -> AppState:
    return AppState(org_id=event.org_id, app_id=event.app_id, name=event.name)


@evolve.register
def _(event: c.EnvironmentCreated, _: object) -> EnvState:
    return EnvState(org_id=event.org_id, app_id=event.app_id, env_id=event.env_id, name=event.name, type=event.type)


@evolve.register
def _(event: c.ResourceDefinitionCreated, _: object) -> DefinitionState:
    return DefinitionState(org_id=event.org_id, def_id=event.definition.id, type=event.definition.type)


@evolve.register
def _(event: c.DeltaCreated, _: object) -> DeltaState:
    return DeltaState(org_id=event.org_id, app_id=event.app_id, delta_id=event.delta_id)


@evolve.register
def _(event: c.DeploymentRequested, state: EnvState) -> EnvState:
    return state.model_copy(update={"last_deploy_id": event.deploy_id, "last_set_id": event.set_id})
