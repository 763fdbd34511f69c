"""Deployments: pure decisions and state changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from orch_api.domain.deployment_sets import apply_delta, empty_set, set_id
from orch_api.domain.model import EnvState
from shared import contracts as c
from shared.contracts.deltas import DeltaContent
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event

TERMINAL = frozenset({"succeeded", "failed"})


class DeploymentInProgressError(Conflict):
    """Only one deployment runs in an environment at a time."""


@dataclass(frozen=True)
class DeploymentInputs:
    """What the handler looked up for a deployment decision."""

    env: EnvState | None
    active_status: str | None
    """Status of the environment's last deployment, ``None`` if it has none."""
    base_set: dict[str, Any] | None
    """The set the environment builds on: its ``from_deploy``'s (the empty set if none)."""
    delta: DeltaContent | None
    """The content of the requested delta, if a delta was requested and exists."""
    requested_set: dict[str, Any] | None
    """The content of ``set_id`` if a set was requested and exists."""


def decide_create_deployment(inputs: DeploymentInputs, cmd: c.CreateDeployment) -> list[Event]:
    env = inputs.env
    if env is None or env.deleted:
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
            from_id=env.from_deploy_id or env.last_deploy_id,
            delta_id=cmd.delta_id,
            comment=cmd.comment,
            value_set_version_id=cmd.value_set_version_id,
        )
    ]


def _target_set(inputs: DeploymentInputs, cmd: c.CreateDeployment) -> dict[str, Any]:
    if cmd.delta_id is not None:
        if inputs.delta is None:
            raise InvalidInput(f"Delta '{cmd.delta_id}' not found.", details={"delta_id": cmd.delta_id})
        try:
            return apply_delta(inputs.base_set or empty_set(), inputs.delta)
        except InvalidInput as exc:
            raise InvalidInput(
                f"Delta '{cmd.delta_id}' cannot be applied to the environment's set. {exc.message}",
                details={"delta_id": cmd.delta_id, **exc.details},
            ) from exc
    if cmd.set_id is not None:
        if inputs.requested_set is None:
            raise InvalidInput(f"Deployment set '{cmd.set_id}' not found.", details={"set_id": cmd.set_id})
        return inputs.requested_set
    raise InvalidInput("A deployment needs a delta_id or a set_id.", details={})


def deployment_requested(event: c.DeploymentRequested, state: EnvState) -> EnvState:
    return state.model_copy(
        update={
            "last_deploy_id": event.deploy_id,
            "last_set_id": event.set_id,
            "from_deploy_id": event.deploy_id,
            "from_set_id": event.set_id,
        }
    )
