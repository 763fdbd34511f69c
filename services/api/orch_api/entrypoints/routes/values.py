"""Shared values and secrets, at app and environment level, and their value set versions.

Secret values are sealed here, before they enter a command (context: the secret's path), so
Kafka, the projections and the logs only ever see sealed text; no answer ever carries them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Self

from aiohttp import web
from pydantic import Field, StringConstraints, model_validator

from orch_api.adapters.queries import values as q
from orch_api.domain import values_sets as vs
from orch_api.domain.values_model import values_aggregate_id
from orch_api.entrypoints.endpoints import Endpoint, HandlerFn, deps, read_body, submit_or_accepted
from orch_api.entrypoints.queries import KeyChangedQuery
from orch_api.entrypoints.requests import Body
from orch_api.entrypoints.responses import Response, Timestamp
from shared.contracts import _base as keys
from shared.contracts import values as c
from shared.errors import InvalidInput
from shared.messages import Command

Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_.-][A-Za-z0-9_.-]*$", max_length=250)]
Text = Annotated[str, StringConstraints(max_length=65536)]
Description = Annotated[str, StringConstraints(max_length=2000)]


class SecretRefBody(Body):
    """Humanitec's `SecretReference`: `{store, ref, version?}` names a secret in an external store
    (kept as a reference, not resolved yet); `{value}` is a secret the orchestrator keeps."""

    store: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    ref: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None
    version: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None
    value: Text | None = None

    @model_validator(mode="after")
    def _one_of_ref_or_value(self) -> Self:
        if (self.ref is None) == (self.value is None):
            raise ValueError("exactly one of `ref` and `value` must be given")
        if self.ref is not None and self.store in (None, c.ORCHESTRATOR_STORE):
            raise ValueError("`ref` needs the `store` of an external secret store")
        if self.value is not None and (self.version is not None or self.store not in (None, c.ORCHESTRATOR_STORE)):
            raise ValueError("`value` is kept by the orchestrator: no external `store` or `version` with it")
        return self


class _ValueBody(Body):
    value: Text | None = None
    description: Description | None = None
    secret_ref: SecretRefBody | None = None

    @property
    def plaintext(self) -> str | None:
        """The value given, directly or as a `secret_ref` the orchestrator is to keep."""
        return self.secret_ref.value if self.secret_ref and self.secret_ref.value is not None else self.value

    @model_validator(mode="after")
    def _value_or_ref(self) -> Self:
        if self.secret_ref is not None and self.value is not None:
            raise ValueError("give either `value` or `secret_ref`, not both")
        return self


class ValueCreateBody(_ValueBody):
    key: Key
    is_secret: bool | None = None

    @model_validator(mode="after")
    def _secret_ref_is_a_secret(self) -> Self:
        if self.secret_ref is not None and self.is_secret is False:
            raise ValueError("a `secret_ref` makes a secret: `is_secret` cannot be false")
        return self


class ValueEditBody(_ValueBody):
    """PUT: `value` and `description` replace both; `key` and `is_secret` are ignored."""

    key: str | None = None
    is_secret: bool | None = None


class ValuePatchBody(_ValueBody):
    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.value is None and self.description is None and self.secret_ref is None:
            raise ValueError("at least one of `value`, `description` and `secret_ref` must be given")
        return self


class ValueSetActionBody(Body):
    comment: Annotated[str, StringConstraints(max_length=2000)] = ""


class Value(Response):
    """Humanitec's `ValueResponse`. A secret's `value` is always empty."""

    key: str
    value: str
    description: str
    is_secret: bool
    secret_key: str | None
    secret_store_id: str | None
    secret_version: str | None
    source: Literal["app", "env"]
    created_at: Timestamp
    updated_at: Timestamp


class JSONPatch(Response):
    op: Literal["add", "remove", "replace"]
    path: str
    value: Value | None = None


class ValueSetVersion(Response):
    """Humanitec's `ValueSetVersionResponse`."""

    id: str
    values: dict[str, Value]
    change: list[JSONPatch] = Field(description="The JSON patch from the previous version to this one.")
    comment: str
    result_of: c.ResultOf
    source_value_set_version_id: str | None
    created_at: Timestamp
    created_by: str
    updated_at: Timestamp


def _scope(request: web.Request) -> tuple[str, str, str | None]:
    m = request.match_info
    return m["org_id"], m["app_id"], m.get("env_id")


def _common(request: web.Request) -> dict[str, Any]:
    """The fields of every command; its version ids derive from the fresh ``request_id``."""
    ids = dict(zip(("org_id", "app_id", "env_id"), _scope(request), strict=True))
    return {**ids, "request_id": str(uuid.uuid4()), "at": datetime.now(UTC)}


def _seal(request: web.Request, plaintext: str, key: str) -> str:
    box = deps(request).secrets
    if box is None:
        raise InvalidInput("No secret keys are configured (ORCH_SECRETS__KEYS): secrets cannot be kept.")
    org_id, app_id, env_id = _scope(request)
    return box.seal(plaintext, context=vs.secret_path(org_id, app_id, env_id, key))


def _external(ref: SecretRefBody | None) -> c.SecretRef | None:
    """A reference to an external store (kept, not resolved); None for a value we keep."""
    return c.SecretRef(store=ref.store, ref=ref.ref, version=ref.version) if ref and ref.ref and ref.store else None


async def _submit(request: web.Request, command: Command) -> web.Response | None:
    """Submit; ``None`` once decided and projected, else the 202 answer."""
    org_id, app_id, env_id = _scope(request)
    key = keys.env_key(org_id, app_id, env_id) if env_id else keys.app_key(org_id, app_id)
    return await submit_or_accepted(request, command, key=key, aggregate_id=values_aggregate_id(org_id, app_id, env_id))


async def list_values(request: web.Request) -> web.Response:
    return web.json_response(await q.values(deps(request).pool, *_scope(request)))


async def create_value(request: web.Request) -> web.Response:
    body = await read_body(request, ValueCreateBody)
    secret, plain = bool(body.is_secret) or body.secret_ref is not None, body.plaintext or ""
    command = c.CreateValue(
        **_common(request),
        key=body.key,
        value=_seal(request, plain, body.key) if secret and _external(body.secret_ref) is None else plain,
        description=body.description or "",
        is_secret=secret,
        secret_ref=_external(body.secret_ref),
    )
    return await _submit(request, command) or web.json_response(
        await q.value(deps(request).pool, *_scope(request), body.key), status=201
    )


async def _update(request: web.Request, body: ValueEditBody | ValuePatchBody, *, replace: bool) -> web.Response:
    key = request.match_info["key"]
    secret = await q.is_secret(deps(request).pool, *_scope(request), key)
    if body.secret_ref is not None and not secret:
        raise InvalidInput(f"Shared value '{key}' is not a secret: it takes no `secret_ref`.", details={"key": key})
    plain = "" if replace and body.plaintext is None and body.secret_ref is None else body.plaintext
    command = c.UpdateValue(
        **_common(request),
        key=key,
        value=_seal(request, plain, key) if secret and plain is not None else plain,
        description=(body.description or "") if replace else body.description,
        secret_ref=_external(body.secret_ref),
        expect_secret=secret,
    )
    return await _submit(request, command) or web.json_response(
        await q.value(deps(request).pool, *_scope(request), key)
    )


async def put_value(request: web.Request) -> web.Response:
    return await _update(request, await read_body(request, ValueEditBody), replace=True)


async def patch_value(request: web.Request) -> web.Response:
    return await _update(request, await read_body(request, ValuePatchBody), replace=False)


async def delete_value(request: web.Request) -> web.Response:
    command = c.DeleteValue(**_common(request), key=request.match_info["key"])
    return await _submit(request, command) or web.Response(status=204)


async def delete_values(request: web.Request) -> web.Response:
    return await _submit(request, c.DeleteValues(**_common(request))) or web.Response(status=204)


async def list_versions(request: web.Request) -> web.Response:
    key_changed = request.query.get("key_changed")
    return web.json_response(await q.versions(deps(request).pool, *_scope(request), key_changed))


async def get_version(request: web.Request) -> web.Response:
    return web.json_response(await q.version(deps(request).pool, *_scope(request), request.match_info["version_id"]))


async def _action_body(request: web.Request) -> ValueSetActionBody:
    """Humanitec requires a body (`{comment?}`); an empty one is taken as `{}`."""
    return await read_body(request, ValueSetActionBody) if request.can_read_body else ValueSetActionBody()


async def restore_version(request: web.Request) -> web.Response:
    body = await _action_body(request)
    common = _common(request)
    command = c.RestoreValueSetVersion(
        **common, version_id=request.match_info["version_id"], key=request.match_info.get("key"), comment=body.comment
    )
    made = vs.version_id(common["request_id"], common["env_id"])
    return await _submit(request, command) or web.json_response(
        await q.version(deps(request).pool, *_scope(request), made)
    )


async def restore_key(request: web.Request) -> web.Response:
    return await restore_version(request)


async def purge_value(request: web.Request) -> web.Response:
    body = await _action_body(request)
    m = request.match_info
    command = c.PurgeValue(**_common(request), version_id=m["version_id"], key=m["key"], comment=body.comment)
    return await _submit(request, command) or web.Response(status=204)


def _named(handler: HandlerFn, level: str) -> HandlerFn:
    """The handler under a name of its own per level: names are the OpenAPI operation ids."""

    async def named(request: web.Request) -> web.StreamResponse:
        return await handler(request)

    named.__name__ = named.__qualname__ = f"{handler.__name__}_{level}"
    return named


def _endpoints(base: str, level: str) -> list[Endpoint]:
    tag, where = ("Shared values", "app") if level == "app" else ("Environment shared values", "environment")
    versions, key = f"{base}/value-set-versions", f"{base}/values/{{key}}"
    one, act, ver = f"{versions}/{{version_id}}", ValueSetActionBody, ValueSetVersion
    operations: list[tuple[str, str, HandlerFn, str, Any, Any, int, tuple[int, ...]]] = [
        ("GET", f"{base}/values", list_values, "List shared values", None, list[Value], 200, ()),
        ("POST", f"{base}/values", create_value, "Create a shared value", ValueCreateBody, Value, 201, (409,)),
        ("DELETE", f"{base}/values", delete_values, "Delete every shared value", None, None, 204, ()),
        ("PUT", key, put_value, "Replace a shared value", ValueEditBody, Value, 200, (409,)),
        ("PATCH", key, patch_value, "Update a shared value", ValuePatchBody, Value, 200, (409,)),
        ("DELETE", key, delete_value, "Delete a shared value", None, None, 204, ()),
        ("GET", versions, list_versions, "List value set versions", None, list[ValueSetVersion], 200, ()),
        ("GET", one, get_version, "Get a value set version", None, ver, 200, ()),
        ("POST", f"{one}/restore", restore_version, "Restore a value set version", act, ver, 200, (400,)),
        ("POST", f"{one}/restore/{{key}}", restore_key, "Restore one key of a version", act, ver, 200, (400,)),
        ("POST", f"{one}/purge/{{key}}", purge_value, "Purge one value from the history", act, None, 204, (400,)),
    ]  # fmt: skip
    return [
        Endpoint(
            m,
            p,
            _named(h, level),
            f"{s} ({where})",
            tag,
            b,
            response=r,
            status=st,
            errors=_errors(b, e),
            query=KeyChangedQuery if h is list_versions else None,
        )
        for m, p, h, s, b, r, st, e in operations
    ]


def _errors(body: object, errors: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(sorted({404, *errors, *((400, 422) if body is not None else ())}))


_APP = "/orgs/{org_id}/apps/{app_id}"
ENDPOINTS = [*_endpoints(_APP, "app"), *_endpoints(f"{_APP}/envs/{{env_id}}", "env")]
