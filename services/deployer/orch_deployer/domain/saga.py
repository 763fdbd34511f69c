"""The deployment saga, pure: which driver calls to make next, and when a deployment is over.

Independent resources are requested together; a resource is requested once everything it depends
on has succeeded. The first failed call fails the deployment; calls still in flight then finish
without effect on the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from orch_deployer.domain.rendering import RenderContext, render_values
from shared.contracts import DeploymentError, GraphNode
from shared.placeholders import PlaceholderError

NodeStatus = Literal["waiting", "requested", "succeeded", "failed"]
RunStatus = Literal["running", "succeeded", "failed"]


class NodeRun(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    node: GraphNode
    status: NodeStatus = "waiting"
    outputs: dict[str, Any] = {}


class DeploymentRun(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    org_id: str
    app_id: str
    env_id: str
    deploy_id: str
    nodes: dict[str, NodeRun]
    status: RunStatus = "running"
    errors: tuple[DeploymentError, ...] = ()
    env_type: str = ""


@dataclass(frozen=True)
class Step:
    """The saga's new state, the nodes to request now, and whether the deployment just ended."""

    run: DeploymentRun
    to_request: tuple[GraphNode, ...]
    finished: bool


def call_id(deploy_id: str, guresid: str, action: str = "put") -> str:
    return f"{deploy_id}:{guresid}:{action}"


def start(  # noqa: PLR0913 - where the deployment happens, and its graph
    org_id: str, app_id: str, env_id: str, deploy_id: str, nodes: tuple[GraphNode, ...], *, env_type: str = ""
) -> Step:
    run = DeploymentRun(
        org_id=org_id,
        app_id=app_id,
        env_id=env_id,
        deploy_id=deploy_id,
        nodes={n.guresid: NodeRun(node=n) for n in nodes},
        env_type=env_type,
    )
    return _advance(run)


def call_succeeded(run: DeploymentRun, guresid: str, outputs: dict[str, Any]) -> Step:
    if run.status != "running" or guresid not in run.nodes:
        return Step(run, (), finished=False)
    nodes = {**run.nodes, guresid: run.nodes[guresid].model_copy(update={"status": "succeeded", "outputs": outputs})}
    return _advance(run.model_copy(update={"nodes": nodes}))


def call_failed(run: DeploymentRun, guresid: str, error: DeploymentError) -> Step:
    if run.status != "running" or guresid not in run.nodes:
        return Step(run, (), finished=False)
    nodes = {**run.nodes, guresid: run.nodes[guresid].model_copy(update={"status": "failed"})}
    failed = run.model_copy(update={"nodes": nodes, "status": "failed", "errors": (*run.errors, error)})
    return Step(failed, (), finished=True)


def _advance(run: DeploymentRun) -> Step:
    if all(n.status == "succeeded" for n in run.nodes.values()):
        return Step(run.model_copy(update={"status": "succeeded"}), (), finished=True)
    done = {g for g, n in run.nodes.items() if n.status == "succeeded"}
    ready = [n for g, n in sorted(run.nodes.items()) if n.status == "waiting" and set(n.node.depends_on) <= done]
    ctx = RenderContext(run.org_id, run.app_id, run.env_id, run.env_type, run.deploy_id)
    outputs = {g: n.outputs for g, n in run.nodes.items() if n.status == "succeeded"}
    nodes = dict(run.nodes)
    calls = []
    for n in ready:
        try:
            values = render_values(n.node, ctx, outputs)
        except PlaceholderError as exc:
            return call_failed(run, n.node.guresid, _render_error(n.node, exc))
        calls.append(n.node.model_copy(update={"driver": n.node.driver.model_copy(update={"values": values})}))
        nodes[n.node.guresid] = n.model_copy(update={"status": "requested"})
    return Step(run.model_copy(update={"nodes": nodes}), tuple(calls), finished=False)


def _render_error(node: GraphNode, exc: PlaceholderError) -> DeploymentError:
    return DeploymentError(
        code="RES-002",
        scope="resource",
        object_id=node.res_id,
        summary="A placeholder could not be rendered",
        message=f"{exc} (definition '{node.def_id}', type '{node.type}')",
    )
