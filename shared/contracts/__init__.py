"""The internal message contracts between services: commands on ``commands``, events on
``events``, driver calls on ``driver-calls``. Payloads are frozen; a change of shape bumps
``VERSION`` and registers an upcaster (see ``shared.messages``). One module per area; each lists
its messages in ``MESSAGES``.

Partition keys keep everything about one app environment in order: app-level messages use
``org/app``, environment-level ones ``org/app/env``.
"""

from __future__ import annotations

from shared.contracts import apps, deltas, deployments, resources, values
from shared.contracts._base import app_key, env_key, org_key
from shared.contracts.apps import AppCreated, CreateApp, CreateOrg, EnvironmentCreated, EnvSpec, OrgCreated
from shared.contracts.deltas import CreateDelta, DeltaCreated
from shared.contracts.deployments import (
    CreateDeployment,
    DeploymentError,
    DeploymentFailed,
    DeploymentRequested,
    DeploymentResolved,
    DeploymentSucceeded,
    DriverCallFailed,
    DriverCallRequested,
    DriverCallSucceeded,
    GraphNode,
)
from shared.contracts.resources import (
    CreateResourceDefinition,
    Criterion,
    DriverInputs,
    ResourceDefinitionCreated,
    ResourceDefinitionSpec,
)
from shared.messages import Message, MessageRegistry

ALL_MESSAGES: tuple[type[Message], ...] = (
    *apps.MESSAGES,
    *resources.MESSAGES,
    *deltas.MESSAGES,
    *deployments.MESSAGES,
    *values.MESSAGES,
)


def build_registry() -> MessageRegistry:
    return MessageRegistry().register(*ALL_MESSAGES)


__all__ = [
    "ALL_MESSAGES",
    "AppCreated",
    "CreateApp",
    "CreateDelta",
    "CreateDeployment",
    "CreateOrg",
    "CreateResourceDefinition",
    "Criterion",
    "DeltaCreated",
    "DeploymentError",
    "DeploymentFailed",
    "DeploymentRequested",
    "DeploymentResolved",
    "DeploymentSucceeded",
    "DriverCallFailed",
    "DriverCallRequested",
    "DriverCallSucceeded",
    "DriverInputs",
    "EnvSpec",
    "EnvironmentCreated",
    "GraphNode",
    "OrgCreated",
    "ResourceDefinitionCreated",
    "ResourceDefinitionSpec",
    "app_key",
    "build_registry",
    "env_key",
    "org_key",
]
