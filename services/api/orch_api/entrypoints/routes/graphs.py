"""Previewing the resource graph of an environment without deploying anything.

``POST .../envs/{envId}/resources/graphs`` takes Humanitec's body, a list of resources
``[{id, type, class?, resource?}]``, or ``{"set_id": ...}`` for everything a deployment set needs,
and answers the graph the resolver would build right now: every node with its definition, its
criterion, and why that one was chosen, dependencies first.
"""

from __future__ import annotations

from typing import Annotated, Any

from aiohttp import web
from pydantic import ConfigDict, Field, RootModel, StringConstraints, TypeAdapter

from orch_api.adapters.queries import graphs as q
from orch_api.domain.deployment_sets import EMPTY_SET_ID, empty_set
from orch_api.entrypoints.endpoints import Endpoint, deps, read_json
from orch_api.entrypoints.requests import Body, TypeId
from orch_api.entrypoints.responses import Response
from shared.contracts import DeploymentError
from shared.errors import InvalidInput
from shared.resolution.explain import explain
from shared.resolution.graph import DeploymentContext, ResolutionError, build, build_from, graph_id
from shared.resolution.matching import DefinitionIndex
from shared.resolution.requests import ResourceKey, SetRequests


class ResourceRequestBody(Body):
    id: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    type: TypeId
    class_: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")] = Field(
        default="default", alias="class"
    )
    resource: dict[str, Any] = Field(default_factory=dict)


class SetPreviewBody(Body):
    set_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{43}$")]


class PreviewBody(RootModel[list[ResourceRequestBody] | SetPreviewBody]):
    """Humanitec's list of resources, or ``{"set_id": ...}``."""


class Explanation(Response):
    chosen: dict[str, Any]
    candidates: list[dict[str, Any]]
    reason: str


class PreviewNode(Response):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    guresid: str
    id: str
    type: str
    class_: str = Field(alias="class")
    def_id: str
    criterion_id: str | None
    driver_type: str
    resource: dict[str, Any]
    depends_on: list[str]
    explanation: Explanation


class GraphPreview(Response):
    id: str
    hash: str
    nodes: list[PreviewNode]


_RESOURCE_LIST = TypeAdapter(list[ResourceRequestBody])


async def _requests(request: web.Request, org_id: str, app_id: str) -> tuple[SetRequests | None, dict[str, Any] | None]:
    raw = await read_json(request)
    if isinstance(raw, list):
        items = _RESOURCE_LIST.validate_python(raw)
        return SetRequests(params={ResourceKey(i.type, i.class_, i.id): i.resource for i in items}), None
    if isinstance(raw, dict):
        set_id = SetPreviewBody.model_validate(raw).set_id
        if set_id == EMPTY_SET_ID:
            return None, empty_set()
        return None, await q.deployment_set(deps(request).pool, org_id, app_id, set_id)
    raise InvalidInput('The body must be a list of resources or {"set_id": ...}.')


async def preview_graph(request: web.Request) -> web.Response:
    m = request.match_info
    pool = deps(request).pool
    requested, deployment_set = await _requests(request, m["org_id"], m["app_id"])
    ctx = DeploymentContext(m["org_id"], m["app_id"], m["env_id"], await q.env_type(pool, *m.values()))
    index = DefinitionIndex(await q.live_definitions(pool, m["org_id"]))
    try:
        nodes = build_from(ctx, requested, index) if requested is not None else build(ctx, deployment_set or {}, index)
    except ResolutionError as err:
        raise _unresolvable(err.errors) from err
    gid = graph_id(nodes)
    body = {
        "id": gid,
        "hash": gid,
        "nodes": [
            {
                "guresid": n.guresid,
                "id": n.res_id,
                "type": n.type,
                "class": n.class_,
                "def_id": n.def_id,
                "criterion_id": n.criterion_id,
                "driver_type": n.driver_type,
                "resource": n.resource,
                "depends_on": list(n.depends_on),
                "explanation": explain(ctx, n, index),
            }
            for n in nodes
        ],
    }
    return web.json_response(body)


def _unresolvable(errors: list[DeploymentError]) -> InvalidInput:
    return InvalidInput(
        "The resources cannot be resolved into a graph.",
        details={"errors": [e.model_dump(mode="json") for e in errors]},
    )


ENDPOINTS = [
    Endpoint(
        "POST",
        "/orgs/{org_id}/apps/{app_id}/envs/{env_id}/resources/graphs",
        preview_graph,
        "Preview the resource graph, with every matching decision explained",
        "Resource graph",
        PreviewBody,
        response=GraphPreview,
        errors=(400, 404, 422),
    ),
]
