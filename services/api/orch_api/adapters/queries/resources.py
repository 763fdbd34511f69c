"""Reads of resource definitions and their versions, in Humanitec's shapes. Secret values never
leave: driver inputs show ``values`` and ``secret_refs`` (references to the sealed secrets)."""

from __future__ import annotations

import json
from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from orch_api.adapters.queries.resources_catalog import require_org
from orch_api.domain.resources_matching import MatchContext, rank_definitions
from orch_api.domain.resources_secrets import references
from shared import contracts as c
from shared.errors import NotFound
from shared.postgres import Pool


async def definitions(pool: Pool, org_id: str, *, deleted: bool = False) -> list[dict[str, Any]]:
    return [_definition(r) for r in await _rows(pool, org_id, deleted=deleted)]


async def ranked_definitions(
    pool: Pool, org_id: str, ctx: MatchContext, res_type: str | None, *, deleted: bool = False
) -> list[dict[str, Any]]:
    """The definitions that could match a resource in ``ctx``, grouped by type, most specific first."""
    rows = {r["id"]: r for r in await _rows(pool, org_id, deleted=deleted)}
    specs = [_spec(r) for r in rows.values()]
    return [_definition(rows[ranked.definition.id]) for ranked in rank_definitions(specs, ctx, res_type)]


async def definition(pool: Pool, org_id: str, def_id: str, *, deleted: bool = False) -> dict[str, Any]:
    return _definition(await _row(pool, org_id, def_id, deleted=deleted))


async def criteria(pool: Pool, org_id: str, def_id: str) -> list[dict[str, Any]]:
    return list(_definition(await _row(pool, org_id, def_id))["criteria"])


async def versions(pool: Pool, org_id: str, def_id: str) -> list[dict[str, Any]]:
    row = await _row(pool, org_id, def_id, deleted=True)
    found = await fetch(
        pool,
        "SELECT * FROM resource_definition_versions WHERE org_id = $1 AND def_id = $2 ORDER BY created_at DESC, id",
        org_id,
        def_id,
    )
    return [_version(v, row["active_version_id"]) for v in found]


async def version(pool: Pool, org_id: str, def_id: str, version_id: str) -> dict[str, Any]:
    row = await _row(pool, org_id, def_id, deleted=True)
    found = await fetch_one(
        pool,
        f"Version '{version_id}' of resource definition '{def_id}'",
        "SELECT * FROM resource_definition_versions WHERE org_id = $1 AND def_id = $2 AND id = $3",
        org_id,
        def_id,
        version_id,
    )
    return _version(found, row["active_version_id"])


async def _rows(pool: Pool, org_id: str, *, deleted: bool) -> list[Any]:
    await require_org(pool, org_id)
    return await fetch(
        pool,
        "SELECT * FROM resource_definitions WHERE org_id = $1 AND (NOT is_deleted OR $2) ORDER BY type, id",
        org_id,
        deleted,
    )


async def _row(pool: Pool, org_id: str, def_id: str, *, deleted: bool = False) -> Any:  # noqa: ANN401
    rows = await fetch(pool, "SELECT * FROM resource_definitions WHERE org_id = $1 AND id = $2", org_id, def_id)
    if not rows or (rows[0]["is_deleted"] and not deleted):
        raise NotFound(f"Resource definition '{def_id}' not found.", details={"id": def_id})
    return rows[0]


def _spec(r: Any) -> c.ResourceDefinitionSpec:  # noqa: ANN401
    return c.ResourceDefinitionSpec.model_validate(json.loads(r["body"]))


def driver_inputs(org_id: str, spec: c.ResourceDefinitionSpec) -> dict[str, Any]:
    inputs = spec.driver_inputs
    return {
        "values": inputs.values,
        "secret_refs": references(org_id, spec.id, inputs.secrets, inputs.secret_refs),
    }


def criterion(cr: c.Criterion) -> dict[str, Any]:
    return cr.model_dump(by_alias=True, exclude_none=True)


def _definition(r: Any) -> dict[str, Any]:  # noqa: ANN401
    spec = _spec(r)
    body: dict[str, Any] = {
        "id": spec.id,
        "name": spec.name,
        "type": spec.type,
        "driver_type": spec.driver_type,
        "driver_inputs": driver_inputs(r["org_id"], spec),
        "provision": {k: p.model_dump() for k, p in spec.provision.items()},
        "criteria": [criterion(cr) for cr in spec.criteria],
        "org_id": r["org_id"],
        "created_at": ts(r["created_at"]),
        "created_by": r["created_by"],
        "updated_at": ts(r["updated_at"] or r["created_at"]),
        "updated_by": r["updated_by"] or r["created_by"],
        "is_default": False,
        "is_deleted": r["is_deleted"],
        "active_version_id": r["active_version_id"] or "",
        "in_place_driver_change": spec.in_place_driver_change,
    }
    if spec.driver_account is not None:
        body["driver_account"] = spec.driver_account
    return body


def _version(v: Any, active_version_id: str | None) -> dict[str, Any]:  # noqa: ANN401
    spec = c.ResourceDefinitionSpec.model_validate(json.loads(v["body"]))
    return {
        "id": v["id"],
        "def_id": v["def_id"],
        "org_id": v["org_id"],
        "name": spec.name,
        "type": spec.type,
        "driver_type": spec.driver_type,
        "driver_account": spec.driver_account or "",
        "driver_inputs": driver_inputs(v["org_id"], spec),
        "provision": {k: p.model_dump() for k, p in spec.provision.items()},
        "in_place_driver_change": spec.in_place_driver_change,
        "action": v["action"],
        "archived": False,
        "active": v["id"] == active_version_id,
        "proposed": v["proposed"],
        "created_at": ts(v["created_at"]),
        "created_by": v["created_by"],
    }
