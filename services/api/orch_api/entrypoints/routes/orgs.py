"""Organizations, applications and environments."""

from __future__ import annotations

from typing import Annotated, Literal

from aiohttp import web
from pydantic import Field, RootModel, StringConstraints

from orch_api.adapters.queries import orgs as q
from orch_api.entrypoints.endpoints import Endpoint, deps, read_body, read_json, submit_or_accepted
from orch_api.entrypoints.requests import Body, Id, Name
from orch_api.entrypoints.responses import Response, Timestamp
from orch_api.entrypoints.routes.deployments import Deployment
from shared import contracts as c
from shared.errors import InvalidInput


class OrgBody(Body):
    id: Id
    name: Name


class EnvBody(Body):
    id: Id
    name: Name | None = None
    type: Id = "development"


class AppBody(Body):
    id: Id
    name: Name | None = None
    env: EnvBody | None = None
    skip_environment_creation: bool = False


class AppPatchBody(Body):
    name: Name


class EnvCreateBody(Body):
    id: Id
    name: Name
    type: Id = "development"
    from_deploy_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{1,40}$")] | None = None


class EnvPatchBody(Body):
    name: Name


class DeployIdBody(RootModel[Annotated[str, StringConstraints(min_length=1, max_length=100)]]):
    """A deployment id as a JSON string."""


class EnvTypeBody(Body):
    id: Id
    description: str = Field(default="", max_length=2000)


class EnvTypePatchBody(Body):
    description: str = Field(max_length=2000)


class Organization(Response):
    id: str
    name: str
    created_at: Timestamp
    created_by: str


class EnvironmentBase(Response):
    """Humanitec's `EnvironmentBaseResponse`: an environment as its application lists it."""

    id: str
    name: str
    type: str


class Application(Response):
    """Humanitec's `ApplicationResponse`."""

    id: str
    name: str
    org_id: str
    created_at: Timestamp
    created_by: str
    envs: list[EnvironmentBase]
    status: Literal["active", "deleting"]


class Environment(Response):
    """Humanitec's `EnvironmentResponse`."""

    id: str
    name: str
    type: str
    created_at: Timestamp
    created_by: str
    last_deploy: Deployment | None = Field(description="The newest deployment; `null` before the first.")
    from_deploy: Deployment | None = Field(description="The deployment the environment's state comes from.")
    status: Literal["active", "deleting"]


class EnvironmentType(Response):
    """Humanitec's ``EnvironmentTypeResponse``."""

    id: str
    description: str


async def create_org(request: web.Request) -> web.Response:
    body = await read_body(request, OrgBody)
    if waiting := await submit_or_accepted(
        request, c.CreateOrg(org_id=body.id, name=body.name), key=body.id, aggregate_id=body.id
    ):
        return waiting
    return web.json_response(await q.org(deps(request).pool, body.id), status=201)


async def list_orgs(request: web.Request) -> web.Response:
    return web.json_response(await q.orgs(deps(request).pool))


async def get_org(request: web.Request) -> web.Response:
    return web.json_response(await q.org(deps(request).pool, request.match_info["org_id"]))


async def create_app(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await read_body(request, AppBody)
    env = None
    if body.env is not None:
        env = c.EnvSpec(id=body.env.id, name=body.env.name or body.env.id, type=body.env.type)
    command = c.CreateApp(
        org_id=org_id,
        app_id=body.id,
        name=body.name or body.id,
        env=env,
        skip_environment_creation=body.skip_environment_creation,
    )
    if waiting := await submit_or_accepted(
        request, command, key=c.app_key(org_id, body.id), aggregate_id=f"{org_id}/{body.id}"
    ):
        return waiting
    return web.json_response(await q.app(deps(request).pool, org_id, body.id), status=201)


async def list_apps(request: web.Request) -> web.Response:
    return web.json_response(await q.apps(deps(request).pool, request.match_info["org_id"]))


async def get_app(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.app(deps(request).pool, m["org_id"], m["app_id"]))


async def list_envs(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.envs(deps(request).pool, m["org_id"], m["app_id"]))


async def get_env(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.env(deps(request).pool, m["org_id"], m["app_id"], m["env_id"]))


def _ids(request: web.Request) -> tuple[str, str, str]:
    m = request.match_info
    return m["org_id"], m["app_id"], m.get("env_id", "")


async def patch_app(request: web.Request) -> web.Response:
    org_id, app_id, _ = _ids(request)
    body = await read_body(request, AppPatchBody)
    command = c.UpdateApp(org_id=org_id, app_id=app_id, name=body.name)
    if waiting := await submit_or_accepted(
        request, command, key=c.app_key(org_id, app_id), aggregate_id=f"{org_id}/{app_id}"
    ):
        return waiting
    return web.json_response(await q.app(deps(request).pool, org_id, app_id))


async def delete_app(request: web.Request) -> web.Response:
    org_id, app_id, _ = _ids(request)
    command = c.DeleteApp(org_id=org_id, app_id=app_id)
    return await submit_or_accepted(
        request, command, key=c.app_key(org_id, app_id), aggregate_id=f"{org_id}/{app_id}"
    ) or web.Response(status=204)


async def create_env(request: web.Request) -> web.Response:
    org_id, app_id, _ = _ids(request)
    body = await read_body(request, EnvCreateBody)
    command = c.CreateEnvironment(
        org_id=org_id,
        app_id=app_id,
        env_id=body.id,
        name=body.name,
        type=body.type,
        from_deploy_id=body.from_deploy_id,
    )
    if waiting := await submit_or_accepted(
        request, command, key=c.env_key(org_id, app_id, body.id), aggregate_id=body.id
    ):
        return waiting
    return web.json_response(await q.env(deps(request).pool, org_id, app_id, body.id), status=201)


async def patch_env(request: web.Request) -> web.Response:
    org_id, app_id, env_id = _ids(request)
    body = await read_body(request, EnvPatchBody)
    command = c.UpdateEnvironment(org_id=org_id, app_id=app_id, env_id=env_id, name=body.name)
    if waiting := await submit_or_accepted(
        request, command, key=c.env_key(org_id, app_id, env_id), aggregate_id=env_id
    ):
        return waiting
    return web.json_response(await q.env(deps(request).pool, org_id, app_id, env_id))


async def delete_env(request: web.Request) -> web.Response:
    org_id, app_id, env_id = _ids(request)
    command = c.DeleteEnvironment(org_id=org_id, app_id=app_id, env_id=env_id)
    return await submit_or_accepted(
        request, command, key=c.env_key(org_id, app_id, env_id), aggregate_id=env_id
    ) or web.Response(status=204)


async def rebase_env(request: web.Request) -> web.Response:
    org_id, app_id, env_id = _ids(request)
    raw = await read_json(request)
    if not isinstance(raw, str):
        raise InvalidInput("The body must be a deployment id as a JSON string.", details={"body": raw})
    deploy_id = DeployIdBody.model_validate(raw).root
    command = c.RebaseEnvironment(org_id=org_id, app_id=app_id, env_id=env_id, deploy_id=deploy_id)
    return await submit_or_accepted(
        request, command, key=c.env_key(org_id, app_id, env_id), aggregate_id=env_id
    ) or web.Response(status=204)


async def list_env_types(request: web.Request) -> web.Response:
    return web.json_response(await q.env_types(deps(request).pool, request.match_info["org_id"]))


async def get_env_type(request: web.Request) -> web.Response:
    m = request.match_info
    return web.json_response(await q.env_type(deps(request).pool, m["org_id"], m["env_type_id"]))


async def create_env_type(request: web.Request) -> web.Response:
    org_id = request.match_info["org_id"]
    body = await read_body(request, EnvTypeBody)
    command = c.CreateEnvironmentType(org_id=org_id, env_type_id=body.id, description=body.description)
    if waiting := await submit_or_accepted(request, command, key=c.org_key(org_id), aggregate_id=body.id):
        return waiting
    return web.json_response(await q.env_type(deps(request).pool, org_id, body.id), status=201)


async def patch_env_type(request: web.Request) -> web.Response:
    org_id, env_type_id = request.match_info["org_id"], request.match_info["env_type_id"]
    body = await read_body(request, EnvTypePatchBody)
    command = c.UpdateEnvironmentType(org_id=org_id, env_type_id=env_type_id, description=body.description)
    if waiting := await submit_or_accepted(request, command, key=c.org_key(org_id), aggregate_id=env_type_id):
        return waiting
    return web.json_response(await q.env_type(deps(request).pool, org_id, env_type_id))


async def delete_env_type(request: web.Request) -> web.Response:
    org_id, env_type_id = request.match_info["org_id"], request.match_info["env_type_id"]
    command = c.DeleteEnvironmentType(org_id=org_id, env_type_id=env_type_id)
    return await submit_or_accepted(request, command, key=c.org_key(org_id), aggregate_id=env_type_id) or web.Response(
        status=204
    )


_APP = "/orgs/{org_id}/apps/{app_id}"
_ENV = f"{_APP}/envs/{{env_id}}"
_ENV_TYPES = "/orgs/{org_id}/env-types"
ENDPOINTS = [
    Endpoint(
        "POST",
        "/orgs",
        create_org,
        "Create an organization",
        "Organizations",
        OrgBody,
        response=Organization,
        status=201,
        errors=(400, 409, 422),
    ),
    Endpoint(
        "GET",
        "/orgs",
        list_orgs,
        "List organizations",
        "Organizations",
        response=list[Organization],
    ),
    Endpoint(
        "GET",
        "/orgs/{org_id}",
        get_org,
        "Get an organization",
        "Organizations",
        response=Organization,
        errors=(404,),
    ),
    Endpoint(
        "POST",
        "/orgs/{org_id}/apps",
        create_app,
        "Create an application",
        "Applications",
        AppBody,
        response=Application,
        status=201,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "GET",
        "/orgs/{org_id}/apps",
        list_apps,
        "List applications",
        "Applications",
        response=list[Application],
        errors=(404,),
    ),
    Endpoint(
        "GET",
        _APP,
        get_app,
        "Get an application",
        "Applications",
        response=Application,
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_APP}/envs",
        list_envs,
        "List environments",
        "Environments",
        response=list[Environment],
        errors=(404,),
    ),
    Endpoint(
        "GET",
        f"{_APP}/envs/{{env_id}}",
        get_env,
        "Get an environment",
        "Environments",
        response=Environment,
        errors=(404,),
    ),
    Endpoint(
        "PATCH",
        _APP,
        patch_app,
        "Rename an application",
        "Applications",
        AppPatchBody,
        response=Application,
        errors=(400, 404, 422),
    ),
    Endpoint(
        "DELETE",
        _APP,
        delete_app,
        "Delete an application and its environments",
        "Applications",
        status=204,
        errors=(404, 409),
    ),
    Endpoint(
        "POST",
        f"{_APP}/envs",
        create_env,
        "Create an environment",
        "Environments",
        EnvCreateBody,
        response=Environment,
        status=201,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "PATCH",
        _ENV,
        patch_env,
        "Rename an environment",
        "Environments",
        EnvPatchBody,
        response=Environment,
        errors=(400, 404, 422),
    ),
    Endpoint(
        "DELETE",
        _ENV,
        delete_env,
        "Delete an environment (never the last one)",
        "Environments",
        status=204,
        errors=(400, 404, 409),
    ),
    Endpoint(
        "PUT",
        f"{_ENV}/from_deploy_id",
        rebase_env,
        "Rebase an environment onto a deployment",
        "Environments",
        DeployIdBody,
        status=204,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "GET",
        _ENV_TYPES,
        list_env_types,
        "List environment types",
        "Environment types",
        response=list[EnvironmentType],
        errors=(404,),
    ),
    Endpoint(
        "POST",
        _ENV_TYPES,
        create_env_type,
        "Create an environment type",
        "Environment types",
        EnvTypeBody,
        response=EnvironmentType,
        status=201,
        errors=(400, 404, 409, 422),
    ),
    Endpoint(
        "GET",
        f"{_ENV_TYPES}/{{env_type_id}}",
        get_env_type,
        "Get an environment type",
        "Environment types",
        response=EnvironmentType,
        errors=(404,),
    ),
    Endpoint(
        "PATCH",
        f"{_ENV_TYPES}/{{env_type_id}}",
        patch_env_type,
        "Update an environment type",
        "Environment types",
        EnvTypePatchBody,
        response=EnvironmentType,
        errors=(400, 404, 422),
    ),
    Endpoint(
        "DELETE",
        f"{_ENV_TYPES}/{{env_type_id}}",
        delete_env_type,
        "Delete an unused environment type",
        "Environment types",
        status=204,
        errors=(404, 409),
    ),
]
