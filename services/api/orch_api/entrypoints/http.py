"""The REST API application (Humanitec's v1 paths): endpoints from every area, middleware."""

from __future__ import annotations

from aiohttp import web

from orch_api.entrypoints.endpoints import DEPS, ApiDeps
from orch_api.entrypoints.middleware import errors_middleware, trace_id_middleware
from orch_api.entrypoints.routes import all_endpoints
from orch_api.entrypoints.routes.meta import API_REFERENCE, api_reference


def create_web_app(deps: ApiDeps, *, extra_routes: list[web.RouteDef], max_body_bytes: int) -> web.Application:
    app = web.Application(middlewares=[trace_id_middleware, errors_middleware], client_max_size=max_body_bytes)
    app[DEPS] = deps
    app[API_REFERENCE] = api_reference(all_endpoints())
    app.add_routes([*(e.route() for e in all_endpoints()), *extra_routes])
    return app
