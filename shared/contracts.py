"""The internal message contracts between services: commands on ``commands``, events on
``events``, driver calls on ``driver-calls``. Payloads are frozen; a change of shape bumps
``VERSION`` and registers an upcaster (see ``shared.messages``).

Partition keys keep everything about one app environment in order: app-level messages use
``org/app``, environment-level ones ``org/app/env``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from shared.messages import Command, Event, MessageRegistry


def org_key(org_id: str) -> str:
    return org_id


def app_key(org_id: str, app_id: str) -> str:
    return f"{org_id}/{app_id}"


def env_key(org_id: str, app_id: str, env_id: str) -> str:
    return f"{org_id}/{app_id}/{env_id}"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EnvSpec(_Frozen):
    id: str
    name: str
    type: str


class DriverInputs(_Frozen):
    values: dict[str, Any] = Field(default_factory=dict)
    secrets: dict[str, Any] = Field(default_factory=dict)


class Criterion(_Frozen):
    id: str
    app_id: str | None = None
    env_id: str | None = None
    env_type: str | None = None
    res_id: str | None = None
    class_: str = Field(default="default", alias="class")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ResourceDefinitionSpec(_Frozen):
    id: str
    name: str
    type: str
    driver_type: str
    driver_inputs: DriverInputs = Field(default_factory=DriverInputs)
    criteria: tuple[Criterion, ...] = ()


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

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


# -- commands ------------------------------------------------------------------------------------


class CreateOrg(Command):
    TYPE: ClassVar[str] = "CreateOrg"
    org_id: str
    name: str


class CreateApp(Command):
    TYPE: ClassVar[str] = "CreateApp"
    org_id: str
    app_id: str
    name: str
    env: EnvSpec | None = None


class CreateResourceDefinition(Command):
    TYPE: ClassVar[str] = "CreateResourceDefinition"
    org_id: str
    definition: ResourceDefinitionSpec


class CreateDelta(Command):
    TYPE: ClassVar[str] = "CreateDelta"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str | None = None
    name: str | None = None
    modules: dict[str, Any] = Field(default_factory=dict)
    shared: tuple[dict[str, Any], ...] = ()


class CreateDeployment(Command):
    TYPE: ClassVar[str] = "CreateDeployment"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    delta_id: str | None = None
    set_id: str | None = None
    comment: str = ""


# -- events --------------------------------------------------------------------------------------


class OrgCreated(Event):
    TYPE: ClassVar[str] = "OrgCreated"
    org_id: str
    name: str


class AppCreated(Event):
    TYPE: ClassVar[str] = "AppCreated"
    org_id: str
    app_id: str
    name: str


class EnvironmentCreated(Event):
    TYPE: ClassVar[str] = "EnvironmentCreated"
    org_id: str
    app_id: str
    env_id: str
    name: str
    type: str


class ResourceDefinitionCreated(Event):
    TYPE: ClassVar[str] = "ResourceDefinitionCreated"
    org_id: str
    definition: ResourceDefinitionSpec


class DeltaCreated(Event):
    TYPE: ClassVar[str] = "DeltaCreated"
    org_id: str
    app_id: str
    delta_id: str
    env_id: str | None = None
    name: str | None = None
    modules: dict[str, Any] = Field(default_factory=dict)
    shared: tuple[dict[str, Any], ...] = ()


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


class DeploymentResolved(Event):
    TYPE: ClassVar[str] = "DeploymentResolved"
    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    nodes: tuple[GraphNode, ...]


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


ALL_MESSAGES: tuple[type[Command | Event], ...] = (
    CreateOrg,
    CreateApp,
    CreateResourceDefinition,
    CreateDelta,
    CreateDeployment,
    OrgCreated,
    AppCreated,
    EnvironmentCreated,
    ResourceDefinitionCreated,
    DeltaCreated,
    DeploymentRequested,
    DeploymentResolved,
    DeploymentSucceeded,
    DeploymentFailed,
    DriverCallRequested,
    DriverCallSucceeded,
    DriverCallFailed,
)


def build_registry() -> MessageRegistry:
    return MessageRegistry().register(*ALL_MESSAGES)
