"""Resource types and classes. A custom type's id has a slash (``<orgId>/<name>``): in a path it
is URL-encoded, ``.../types/acme%2Fmy-type``."""

from __future__ import annotations

from aiohttp import web

from orch_api.adapters.queries import resources_catalog as q
from orch_api.entrypoints.endpoints import Endpoint, deps, read_body
from orch_api.entrypoints.routes.resources_schemas import (
    ResourceClass,
    ResourceClassBody,
    ResourceClassPatchBody,
    ResourceType,
    ResourceTypeBody,
    ResourceTypePatchBody,
    ResourceTypePutBody,
    decided,
)
from shared.contracts import resources as rc


async def list_types(request: web.Request) -> web.Response:
    return web.json_response(await q.types(deps(request).pool, request.match_info["org_id"]))


async def get_type(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.resource_type(deps(request).pool, m["org_id"], m["type_id"]))


async def create_type(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await read_body(request, ResourceTypeBody)
    spec = rc.ResourceTypeSpec(**body.model_dump())
    waiting = await decided(request, rc.CreateResourceType(org_id=org_id, spec=spec), body.type)
    return waiting or web.json_response(await q.resource_type(deps(request).pool, org_id, body.type))


async def _update_type(request: web.Request, spec: rc.ResourceTypeSpec, fields: tuple[str, ...] | None) -> web.Response:
    org_id = request.match_info["org_id"]
    waiting = await decided(request, rc.UpdateResourceType(org_id=org_id, spec=spec, fields=fields), spec.type)
    return waiting or web.json_response(await q.resource_type(deps(request).pool, org_id, spec.type))


async def put_type(request: web.Request) -> web.Response:
    body = await read_body(request, ResourceTypePutBody)
    return await _update_type(
        request, rc.ResourceTypeSpec(type=request.match_info["type_id"], **body.model_dump()), None
    )


async def patch_type(request: web.Request) -> web.Response:
    given = (await read_body(request, ResourceTypePatchBody)).model_dump(exclude_none=True)
    spec = rc.ResourceTypeSpec(type=request.match_info["type_id"], **given)
    return await _update_type(request, spec, tuple(given))


async def delete_type(request: web.Request) -> web.Response:
    org_id, type_id = request.match_info["org_id"], request.match_info["type_id"]
    return await decided(request, rc.DeleteResourceType(org_id=org_id, type=type_id), type_id) or web.Response(
        status=204
    )


async def list_classes(request: web.Request) -> web.Response:
    return web.json_response(await q.classes(deps(request).pool, request.match_info["org_id"]))


async def get_class(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.resource_class(deps(request).pool, m["org_id"], m["type_id"], m["class_id"]))


async def _set_class(request: web.Request, class_id: str, description: str, *, create: bool) -> web.Response:
    org_id, type_id = request.match_info["org_id"], request.match_info["type_id"]
    command = rc.SetResourceClass(
        org_id=org_id, type=type_id, class_id=class_id, description=description, create=create
    )
    waiting = await decided(request, command, type_id)
    return waiting or web.json_response(await q.resource_class(deps(request).pool, org_id, type_id, class_id))


async def create_class(request: web.Request) -> web.Response:
    body = await read_body(request, ResourceClassBody)
    return await _set_class(request, body.id, body.description, create=True)


async def patch_class(request: web.Request) -> web.Response:
    body = await read_body(request, ResourceClassPatchBody)
    return await _set_class(request, request.match_info["class_id"], body.description, create=False)


async def delete_class(request: web.Request) -> web.Response:
    m = request.match_info
    command = rc.DeleteResourceClass(org_id=m["org_id"], type=m["type_id"], class_id=m["class_id"])
    return await decided(request, command, m["type_id"]) or web.Response(status=204)


_TYPES = "/orgs/{org_id}/resources/types"
_TYPE = f"{_TYPES}/{{type_id}}"
_CLASS = f"{_TYPE}/classes/{{class_id}}"
_TAG = "Resource types"
ENDPOINTS = [
    Endpoint(
        "GET",
        _TYPES,
        list_types,
        "List resource types: the built-in ones and the org's own",
        _TAG,
        None,
        list[ResourceType],
        errors=(404,),
    ),
    Endpoint(
        "POST",
        _TYPES,
        create_type,
        "Create a custom resource type (`<orgId>/<name>`)",
        _TAG,
        ResourceTypeBody,
        ResourceType,
        errors=(404, 409),
    ),
    Endpoint("GET", _TYPE, get_type, "Get a resource type", _TAG, None, ResourceType, errors=(404,)),
    Endpoint(
        "PUT",
        _TYPE,
        put_type,
        "Update a custom resource type",
        _TAG,
        ResourceTypePutBody,
        ResourceType,
        errors=(403, 404),
    ),
    Endpoint(
        "PATCH",
        _TYPE,
        patch_type,
        "Patch a custom resource type",
        _TAG,
        ResourceTypePatchBody,
        ResourceType,
        errors=(403, 404),
    ),
    Endpoint("DELETE", _TYPE, delete_type, "Delete a custom resource type", _TAG, status=204, errors=(403, 404, 409)),
    Endpoint(
        "GET",
        "/orgs/{org_id}/resources/classes",
        list_classes,
        "List resource classes",
        _TAG,
        None,
        list[ResourceClass],
        errors=(404,),
    ),
    Endpoint(
        "POST",
        f"{_TYPE}/classes",
        create_class,
        "Create a resource class",
        _TAG,
        ResourceClassBody,
        ResourceClass,
        errors=(404, 409),
    ),
    Endpoint("GET", _CLASS, get_class, "Get a resource class", _TAG, None, ResourceClass, errors=(404,)),
    Endpoint(
        "PATCH",
        _CLASS,
        patch_class,
        "Update a resource class",
        _TAG,
        ResourceClassPatchBody,
        ResourceClass,
        errors=(404,),
    ),
    Endpoint("DELETE", _CLASS, delete_class, "Delete a resource class", _TAG, status=204, errors=(404, 409)),
]
