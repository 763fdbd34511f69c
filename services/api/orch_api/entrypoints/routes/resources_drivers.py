"""The drivers registry. Registering a driver records it for the org; the driver gateway calls
drivers by ``driver_type`` from its own configuration (``ORCH_DRIVER_TARGETS``)."""

from __future__ import annotations

from aiohttp import web

from orch_api.adapters.queries import resources_catalog as q
from orch_api.entrypoints.endpoints import Endpoint, deps, read_body
from orch_api.entrypoints.routes.resources_schemas import DriverBody, DriverDefinition, DriverPutBody, decided
from shared.contracts import resources as rc


async def _register(request: web.Request, driver_id: str, body: DriverPutBody, *, create: bool) -> web.Response:
    org_id = request.match_info["org_id"]
    fields = body.model_dump(exclude={"id"})
    spec = rc.DriverSpec(id=driver_id, **{**fields, "account_types": tuple(fields["account_types"])})
    waiting = await decided(request, rc.RegisterDriver(org_id=org_id, driver=spec, create=create), driver_id)
    return waiting or web.json_response(await q.driver(deps(request).pool, org_id, driver_id))


async def list_drivers(request: web.Request) -> web.Response:
    return web.json_response(await q.drivers(deps(request).pool, request.match_info["org_id"]))


async def create_driver(request: web.Request) -> web.Response:
    body = await read_body(request, DriverBody)
    return await _register(request, body.id, body, create=True)


async def get_driver(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.driver(deps(request).pool, m["org_id"], m["driver_id"]))


async def put_driver(request: web.Request) -> web.Response:
    body = await read_body(request, DriverPutBody)
    return await _register(request, request.match_info["driver_id"], body, create=False)


async def delete_driver(request: web.Request) -> web.Response:
    org_id, driver_id = request.match_info["org_id"], request.match_info["driver_id"]
    waiting = await decided(request, rc.DeleteDriver(org_id=org_id, driver_id=driver_id), driver_id)
    return waiting or web.Response(status=204)


_DRIVERS = "/orgs/{org_id}/resources/drivers"
_DRIVER = f"{_DRIVERS}/{{driver_id}}"
_TAG = "Drivers"
ENDPOINTS = [
    Endpoint(
        "GET",
        _DRIVERS,
        list_drivers,
        "List drivers: the built-in ones and the org's own",
        _TAG,
        None,
        list[DriverDefinition],
        errors=(404,),
    ),
    Endpoint(
        "POST", _DRIVERS, create_driver, "Register a driver", _TAG, DriverBody, DriverDefinition, errors=(404, 409)
    ),
    Endpoint("GET", _DRIVER, get_driver, "Get a driver", _TAG, None, DriverDefinition, errors=(404,)),
    Endpoint("PUT", _DRIVER, put_driver, "Update a driver", _TAG, DriverPutBody, DriverDefinition, errors=(403, 404)),
    Endpoint("DELETE", _DRIVER, delete_driver, "Delete a driver", _TAG, status=204, errors=(403, 404, 409)),
]
