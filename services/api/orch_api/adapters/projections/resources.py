"""Read models of resource definitions (with their versions), types, classes and drivers; active
resources are in ``resources_active``. Only the projector writes them, so a replay rebuilds the
same rows. Every event here is keyed by org, so they arrive in the order they were decided."""

from __future__ import annotations

from orch_api.adapters.projections import resources_active
from orch_api.adapters.projections._types import Write
from shared import contracts as c
from shared.contracts import resources as rc
from shared.messages import Envelope, derived_id
from shared.postgres import Connection


def _version_id(d: c.ResourceDefinitionSpec, env: Envelope) -> str:
    # Events from before versions existed carry none: derive one from the event.
    return d.version_id or derived_id(env.id, "version")


async def _version(  # noqa: PLR0913
    conn: Connection, env: Envelope, org_id: str, body: str, *, vid: str, action: str, proposed: bool = False
) -> None:
    await conn.execute(
        "INSERT INTO resource_definition_versions (org_id, def_id, id, action, proposed, body, created_at, created_by)"
        " VALUES ($1, $2::jsonb->>'id', $3, $4, $5, $2::jsonb, $6, $7) ON CONFLICT DO NOTHING",
        org_id,
        body,
        vid,
        action,
        proposed,
        env.occurred_at,
        env.actor,
    )


async def definition_created(conn: Connection, e: c.ResourceDefinitionCreated, env: Envelope) -> None:
    body, vid = e.definition.model_dump_json(by_alias=True), _version_id(e.definition, env)
    await conn.execute(
        "INSERT INTO resource_definitions (org_id, id, type, body, created_at, created_by, active_version_id,"
        " updated_at, updated_by) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $5, $6)"
        " ON CONFLICT (org_id, id) DO UPDATE SET type = EXCLUDED.type, body = EXCLUDED.body,"
        " created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by, is_deleted = false,"
        " active_version_id = EXCLUDED.active_version_id, updated_at = EXCLUDED.updated_at,"
        " updated_by = EXCLUDED.updated_by",
        e.org_id,
        e.definition.id,
        e.definition.type,
        body,
        env.occurred_at,
        env.actor,
        vid,
    )
    await _version(conn, env, e.org_id, body, vid=vid, action="created")


async def _set_definition(
    conn: Connection, org_id: str, d: c.ResourceDefinitionSpec, env: Envelope, vid: str | None
) -> None:
    await conn.execute(
        "UPDATE resource_definitions SET body = $3::jsonb, active_version_id = COALESCE($4, active_version_id),"
        " updated_at = $5, updated_by = $6 WHERE org_id = $1 AND id = $2",
        org_id,
        d.id,
        d.model_dump_json(by_alias=True),
        vid,
        env.occurred_at,
        env.actor,
    )


async def definition_updated(conn: Connection, e: rc.ResourceDefinitionUpdated, env: Envelope) -> None:
    vid = _version_id(e.definition, env)
    await _set_definition(conn, e.org_id, e.definition, env, vid)
    # A promoted proposal has its version already; then nothing is inserted.
    await _version(conn, env, e.org_id, e.definition.model_dump_json(by_alias=True), vid=vid, action="updated")


async def version_proposed(conn: Connection, e: rc.ResourceDefinitionVersionProposed, env: Envelope) -> None:
    body = e.definition.model_dump_json(by_alias=True)
    await _version(conn, env, e.org_id, body, vid=_version_id(e.definition, env), action="updated", proposed=True)


async def criteria_changed(conn: Connection, e: rc.ResourceDefinitionCriteriaChanged, env: Envelope) -> None:
    await _set_definition(conn, e.org_id, e.definition, env, None)


async def definition_deleted(conn: Connection, e: rc.ResourceDefinitionDeleted, env: Envelope) -> None:
    body = await conn.fetchval(
        "UPDATE resource_definitions SET is_deleted = true, updated_at = $3, updated_by = $4"
        " WHERE org_id = $1 AND id = $2 RETURNING body",
        e.org_id,
        e.def_id,
        env.occurred_at,
        env.actor,
    )
    if body is not None:
        await _version(conn, env, e.org_id, body, vid=e.version_id, action="deleted")


async def type_set(conn: Connection, e: rc.ResourceTypeCreated | rc.ResourceTypeUpdated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO resource_types (org_id, type, body, created_at, created_by) VALUES ($1, $2, $3::jsonb, $4, $5)"
        " ON CONFLICT (org_id, type) DO UPDATE SET body = EXCLUDED.body",
        e.org_id,
        e.spec.type,
        e.spec.model_dump_json(),
        env.occurred_at,
        env.actor,
    )


async def type_deleted(conn: Connection, e: rc.ResourceTypeDeleted, _: Envelope) -> None:
    await conn.execute("DELETE FROM resource_types WHERE org_id = $1 AND type = $2", e.org_id, e.type)
    await conn.execute("DELETE FROM resource_classes WHERE org_id = $1 AND type = $2", e.org_id, e.type)


async def class_set(conn: Connection, e: rc.ResourceClassCreated | rc.ResourceClassUpdated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO resource_classes (org_id, type, id, description, created_at, created_by)"
        " VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (org_id, type, id) DO UPDATE SET description = EXCLUDED.description",
        e.org_id,
        e.type,
        e.class_id,
        e.description,
        env.occurred_at,
        env.actor,
    )


async def class_deleted(conn: Connection, e: rc.ResourceClassDeleted, _: Envelope) -> None:
    await conn.execute(
        "DELETE FROM resource_classes WHERE org_id = $1 AND type = $2 AND id = $3", e.org_id, e.type, e.class_id
    )


async def driver_set(conn: Connection, e: rc.DriverRegistered | rc.DriverUpdated, env: Envelope) -> None:
    await conn.execute(
        "INSERT INTO resource_drivers (org_id, id, body, created_at, created_by) VALUES ($1, $2, $3::jsonb, $4, $5)"
        " ON CONFLICT (org_id, id) DO UPDATE SET body = EXCLUDED.body",
        e.org_id,
        e.driver.id,
        e.driver.model_dump_json(),
        env.occurred_at,
        env.actor,
    )


async def driver_deleted(conn: Connection, e: rc.DriverDeleted, _: Envelope) -> None:
    await conn.execute("DELETE FROM resource_drivers WHERE org_id = $1 AND id = $2", e.org_id, e.driver_id)


WRITES: dict[str, Write] = {
    c.ResourceDefinitionCreated.TYPE: definition_created,
    rc.ResourceDefinitionUpdated.TYPE: definition_updated,
    rc.ResourceDefinitionVersionProposed.TYPE: version_proposed,
    rc.ResourceDefinitionCriteriaChanged.TYPE: criteria_changed,
    rc.ResourceDefinitionDeleted.TYPE: definition_deleted,
    rc.ResourceTypeCreated.TYPE: type_set,
    rc.ResourceTypeUpdated.TYPE: type_set,
    rc.ResourceTypeDeleted.TYPE: type_deleted,
    rc.ResourceClassCreated.TYPE: class_set,
    rc.ResourceClassUpdated.TYPE: class_set,
    rc.ResourceClassDeleted.TYPE: class_deleted,
    rc.DriverRegistered.TYPE: driver_set,
    rc.DriverUpdated.TYPE: driver_set,
    rc.DriverDeleted.TYPE: driver_deleted,
    **resources_active.WRITES,
}

TABLES: tuple[str, ...] = (
    "resource_definitions",
    "resource_definition_versions",
    "resource_types",
    "resource_classes",
    "resource_drivers",
    *resources_active.TABLES,
)
