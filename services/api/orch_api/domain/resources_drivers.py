"""The drivers registry: pure decisions and state changes.

An org's driver ``<id>`` is used in definitions as ``driver_type: <orgId>/<id>``; the built-in
drivers belong to the org ``humanitec`` (``humanitec/echo``) and are read-only.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from orch_api.domain.model import OrgState
from orch_api.domain.orgs import require_org
from orch_api.domain.resources_catalog import BUILTIN_DRIVERS
from orch_api.domain.resources_model import DriverRecord
from orch_api.domain.resources_types import Forbidden
from shared.contracts import resources as rc
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event


def check_target(target: str) -> None:
    """Drivers are called over HTTP(S): ``PUT {target}{GUResID}``."""
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"A driver's target must be an http(s) URL, not '{target}'.", details={"target": target})


def decide_register_driver(org: OrgState | None, record: DriverRecord | None, cmd: rc.RegisterDriver) -> list[Event]:
    require_org(org, cmd.org_id)
    driver_id = cmd.driver.id
    exists = record is not None and record.driver is not None
    if driver_id in BUILTIN_DRIVERS and not exists:
        if not cmd.create:
            raise Forbidden(f"Driver '{driver_id}' is built in and cannot be changed.", details={"id": driver_id})
        raise Conflict(f"Driver '{driver_id}' is the id of a built-in driver.", details={"id": driver_id})
    check_target(cmd.driver.target)
    if cmd.create and exists:
        raise Conflict(f"Driver '{driver_id}' already exists.", details={"id": driver_id})
    if not cmd.create and not exists:
        raise NotFound(f"Driver '{driver_id}' not found.", details={"id": driver_id})
    event = rc.DriverRegistered if cmd.create else rc.DriverUpdated
    return [event(org_id=cmd.org_id, driver=cmd.driver)]


def decide_delete_driver(record: DriverRecord | None, cmd: rc.DeleteDriver, users: list[str]) -> list[Event]:
    """``users``: the definitions and active resources that name the driver."""
    if (record is None or record.driver is None) and cmd.driver_id in BUILTIN_DRIVERS:
        raise Forbidden(f"Driver '{cmd.driver_id}' is built in and cannot be deleted.", details={"id": cmd.driver_id})
    if record is None or record.driver is None:
        raise NotFound(f"Driver '{cmd.driver_id}' not found.", details={"id": cmd.driver_id})
    if users:
        raise Conflict(f"Driver '{cmd.driver_id}' is in use.", details={"id": cmd.driver_id, "used_by": users})
    return [rc.DriverDeleted(org_id=cmd.org_id, driver_id=cmd.driver_id)]


def driver_set(e: rc.DriverRegistered | rc.DriverUpdated, _: DriverRecord | None) -> DriverRecord:
    return DriverRecord(org_id=e.org_id, driver_id=e.driver.id, driver=e.driver)


def driver_deleted(e: rc.DriverDeleted, _: DriverRecord | None) -> DriverRecord:
    return DriverRecord(org_id=e.org_id, driver_id=e.driver_id, driver=None)
