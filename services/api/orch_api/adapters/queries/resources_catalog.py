"""Reads of resource types, classes and drivers: the built-in catalogue plus the org's own."""

from __future__ import annotations

from typing import Any

from orch_api.adapters.queries._common import fetch, fetch_one, ts
from orch_api.domain.resources_catalog import BUILTIN_DRIVERS, BUILTIN_ORG, BUILTIN_TYPES
from shared.contracts import resources as rc
from shared.errors import NotFound
from shared.postgres import Pool


async def require_org(pool: Pool, org_id: str) -> None:
    await fetch_one(pool, f"Organization '{org_id}'", "SELECT id FROM orgs WHERE id = $1", org_id)


async def types(pool: Pool, org_id: str) -> list[dict[str, Any]]:
    await require_org(pool, org_id)
    custom = await fetch(pool, "SELECT body FROM resource_types WHERE org_id = $1", org_id)
    specs = [*BUILTIN_TYPES.values(), *(rc.ResourceTypeSpec.model_validate_json(r["body"]) for r in custom)]
    return [_type(s) for s in sorted(specs, key=lambda s: s.type)]


async def resource_type(pool: Pool, org_id: str, type_id: str) -> dict[str, Any]:
    await require_org(pool, org_id)
    if type_id in BUILTIN_TYPES:
        return _type(BUILTIN_TYPES[type_id])
    row = await fetch_one(
        pool,
        f"Resource type '{type_id}'",
        "SELECT body FROM resource_types WHERE org_id = $1 AND type = $2",
        org_id,
        type_id,
    )
    return _type(rc.ResourceTypeSpec.model_validate_json(row["body"]))


def _type(spec: rc.ResourceTypeSpec) -> dict[str, Any]:
    return spec.model_dump()


async def classes(pool: Pool, org_id: str) -> list[dict[str, Any]]:
    await require_org(pool, org_id)
    rows = await fetch(pool, "SELECT * FROM resource_classes WHERE org_id = $1 ORDER BY type, id", org_id)
    return [_class(r) for r in rows]


async def resource_class(pool: Pool, org_id: str, type_id: str, class_id: str) -> dict[str, Any]:
    row = await fetch_one(
        pool,
        f"Resource class '{class_id}' of type '{type_id}'",
        "SELECT * FROM resource_classes WHERE org_id = $1 AND type = $2 AND id = $3",
        org_id,
        type_id,
        class_id,
    )
    return _class(row)


def _class(r: Any) -> dict[str, Any]:  # noqa: ANN401
    return {
        "id": r["id"],
        "resource_type": r["type"],
        "description": r["description"],
        "created_at": ts(r["created_at"]),
        "created_by": r["created_by"],
    }


async def drivers(pool: Pool, org_id: str) -> list[dict[str, Any]]:
    await require_org(pool, org_id)
    rows = await fetch(pool, "SELECT org_id, body FROM resource_drivers WHERE org_id = $1 ORDER BY id", org_id)
    builtin = [_driver(BUILTIN_ORG, d) for d in BUILTIN_DRIVERS.values()]
    return [*builtin, *(_driver(r["org_id"], rc.DriverSpec.model_validate_json(r["body"])) for r in rows)]


async def driver(pool: Pool, org_id: str, driver_id: str) -> dict[str, Any]:
    """The org's own driver, or a built-in one (``echo`` or ``humanitec/echo``)."""
    await require_org(pool, org_id)
    rows = await fetch(pool, "SELECT body FROM resource_drivers WHERE org_id = $1 AND id = $2", org_id, driver_id)
    if rows:
        return _driver(org_id, rc.DriverSpec.model_validate_json(rows[0]["body"]))
    builtin = BUILTIN_DRIVERS.get(driver_id.removeprefix(f"{BUILTIN_ORG}/"))
    if builtin is None:
        raise NotFound(f"Driver '{driver_id}' not found.", details={"id": driver_id})
    return _driver(BUILTIN_ORG, builtin)


def _driver(org_id: str, spec: rc.DriverSpec) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": spec.id,
        "org_id": org_id,
        "type": spec.type,
        "inputs_schema": spec.inputs_schema,
        "account_types": list(spec.account_types),
        "is_public": spec.is_public,
    }
    # A built-in driver's target is the driver gateway's configuration, not part of the API.
    if spec.target:
        body["target"] = spec.target
    if spec.template is not None:
        body["template"] = spec.template
    return body
