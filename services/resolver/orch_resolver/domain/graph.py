"""Building the resource graph of a deployment.

This first version gathers one ``workload`` resource per module (``modules.<name>``), matches a
definition for each, and gives every node its GUResID. References between definitions,
co-provisioning and placeholders arrive with the resolver issue.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from orch_resolver.domain.matching import MatchContext, best_match
from shared.contracts import (
    DeploymentError,
    DriverInputs,
    GraphNode,
    ResourceDefinitionSpec,
)


@dataclass(frozen=True)
class DeploymentContext:
    org_id: str
    app_id: str
    env_id: str
    env_type: str


class ResolutionError(Exception):
    def __init__(self, errors: list[DeploymentError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def guresid(ctx: DeploymentContext, type_: str, class_: str, res_id: str) -> str:
    """Globally unique resource id: a deterministic function of where and what the resource is."""
    key = f"{ctx.org_id}\x1f{ctx.app_id}\x1f{ctx.env_id}\x1f{type_}\x1f{class_}\x1f{res_id}"
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def resolve(
    ctx: DeploymentContext, deployment_set: dict[str, Any], definitions: list[ResourceDefinitionSpec]
) -> list[GraphNode]:
    nodes: list[GraphNode] = []
    errors: list[DeploymentError] = []
    for name in sorted(deployment_set.get("modules") or {}):
        res_id, type_, class_ = f"modules.{name}", "workload", "default"
        match_ctx = MatchContext(ctx.org_id, ctx.app_id, ctx.env_id, ctx.env_type, res_id, type_, class_)
        match = best_match(definitions, match_ctx)
        if match is None:
            errors.append(_no_match(ctx, res_id, type_, class_))
            continue
        d = match.definition
        nodes.append(
            GraphNode(
                guresid=guresid(ctx, type_, class_, res_id),
                res_id=res_id,
                type=type_,
                class_=class_,
                def_id=d.id,
                driver_type=d.driver_type,
                driver=DriverInputs(values=d.driver_inputs.values, secrets=d.driver_inputs.secrets),
                resource={},
            )
        )
    if errors:
        raise ResolutionError(errors)
    return nodes


def _no_match(ctx: DeploymentContext, res_id: str, type_: str, class_: str) -> DeploymentError:
    return DeploymentError(
        code="RES-001",
        scope="resource",
        object_id=res_id,
        summary="No matching resource definition",
        message=(
            f"No resource definition matches resource '{res_id}' of type '{type_}' and class '{class_}'"
            f" in app '{ctx.app_id}', environment '{ctx.env_id}' (type '{ctx.env_type}')."
        ),
    )
