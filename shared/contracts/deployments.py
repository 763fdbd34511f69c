"""Deployments, their resource graphs and driver calls."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from shared.contracts._base import _Frozen
from shared.contracts.resources import DriverInputs
from shared.messages import Command, Event, Message


class DeploymentError(_Frozen):
    code: str
    error_type: str = "deployment"
    scope: str
    object_id: str
    summary: str
    message: str


class GraphNode(_Frozen):
    guresid: str
    res_id: str
    type: str
    class_: str = Field(alias="class")
    def_id: str
    driver_type: str
    driver: DriverInputs
    resource: dict[str, Any] = Field(default_factory=dict)
    depends_on: tuple[str, ...] = ()
    criterion_id: str | None = None
    def_version_id: str | None = None
    refs: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    """Each resource placeholder in the definition's inputs (as written inside ``${}``) -> the
    GUResIDs it refers to, so the deployer can render it from their outputs."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class CreateDeployment(Command):
    TYPE: ClassVar[str] = "CreateDeployment"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    delta_id: str | None = None
    set_id: str | None = None
    comment: str = ""
    value_set_version_id: str | None = None


class DeploymentRequested(Event):
    TYPE: ClassVar[str] = "DeploymentRequested"
    org_id: str
    app_id: str
    env_id: str
    env_type: str
    deploy_id: str
    set_id: str
    deployment_set: dict[str, Any]
    from_id: str | None = None
    delta_id: str | None = None
    comment: str = ""
    value_set_version_id: str | None = None


class DeploymentResolved(Event):
    TYPE: ClassVar[str] = "DeploymentResolved"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    nodes: tuple[GraphNode, ...]
    env_type: str = ""
    graph_id: str = ""
    """SHA-256 of the canonical node list: equal graphs, equal ids."""


class DeploymentSucceeded(Event):
    TYPE: ClassVar[str] = "DeploymentSucceeded"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str


class DeploymentFailed(Event):
    TYPE: ClassVar[str] = "DeploymentFailed"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    errors: tuple[DeploymentError, ...]


class DriverCallRequested(Event):
    TYPE: ClassVar[str] = "DriverCallRequested"
    call_id: str
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    action: Literal["put", "delete"] = "put"
    node: GraphNode


class DriverCallSucceeded(Event):
    TYPE: ClassVar[str] = "DriverCallSucceeded"
    call_id: str
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    guresid: str
    outputs: dict[str, Any] = Field(default_factory=dict)
    secret_keys: tuple[str, ...] = ()
    attempts: int = 1


class DriverCallFailed(Event):
    TYPE: ClassVar[str] = "DriverCallFailed"
    call_id: str
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    guresid: str
    error: DeploymentError
    attempts: int = 1


MESSAGES: tuple[type[Message], ...] = (
    CreateDeployment,
    DeploymentRequested,
    DeploymentResolved,
    DeploymentSucceeded,
    DeploymentFailed,
    DriverCallRequested,
    DriverCallSucceeded,
    DriverCallFailed,
)
