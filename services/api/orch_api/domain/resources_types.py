"""Resource types and classes: pure decisions and state changes.

Built-in types (``resources_catalog``) exist in every org and are read-only: changing or deleting
one is 403. A custom type is named ``<orgId>/<name>``. Classes can be added to any type.
"""

from __future__ import annotations

import re
from typing import Any

from orch_api.domain.model import OrgState
from orch_api.domain.orgs import require_org
from orch_api.domain.resources_catalog import is_builtin_type
from orch_api.domain.resources_model import ClassRecord, ResourceTypeRecord
from shared.contracts import resources as rc
from shared.errors import Conflict, DomainError, InvalidInput, NotFound
from shared.messages import Event

_NAME = r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?"
# Humanitec's id pattern ``[a-z0-9](?:-?[a-z0-9]+)+`` backtracks exponentially in Python's ``re``
# on a long near-miss; this spelling accepts the same ids (two or more characters, single dashes
# between alphanumerics) in linear time.
CUSTOM_TYPE = re.compile(rf"^(?P<org>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<name>{_NAME})$")


class Forbidden(DomainError):
    """The object is built in: it cannot be changed through the API."""

    code = "API-403"
    http_status = 403


def check_custom_type_name(org_id: str, type_id: str) -> None:
    """A custom type is ``<orgId>/<name>``: the org prefix keeps it apart from built-in types."""
    match = CUSTOM_TYPE.match(type_id) if len(type_id) <= 200 else None
    if match is None or match["org"] != org_id or len(match["org"]) < 2:
        raise InvalidInput(
            f"A custom resource type must be named '{org_id}/<name>' (lowercase letters, digits, '-', '_'),"
            f" not '{type_id}'.",
            details={"type": type_id},
        )


def type_exists(record: ResourceTypeRecord | None, type_id: str) -> bool:
    return is_builtin_type(type_id) or (record is not None and record.custom is not None)


def require_type(record: ResourceTypeRecord | None, type_id: str) -> None:
    if not type_exists(record, type_id):
        raise NotFound(f"Resource type '{type_id}' not found.", details={"type": type_id})


def _require_custom(record: ResourceTypeRecord | None, type_id: str) -> rc.ResourceTypeSpec:
    if is_builtin_type(type_id):
        raise Forbidden(f"Resource type '{type_id}' is built in and cannot be changed.", details={"type": type_id})
    if record is None or record.custom is None:
        raise NotFound(f"Resource type '{type_id}' not found.", details={"type": type_id})
    return record.custom


def decide_create_type(
    org: OrgState | None, record: ResourceTypeRecord | None, cmd: rc.CreateResourceType
) -> list[Event]:
    require_org(org, cmd.org_id)
    check_custom_type_name(cmd.org_id, cmd.spec.type)
    if type_exists(record, cmd.spec.type):
        raise Conflict(f"Resource type '{cmd.spec.type}' already exists.", details={"type": cmd.spec.type})
    return [rc.ResourceTypeCreated(org_id=cmd.org_id, spec=cmd.spec)]


def decide_update_type(record: ResourceTypeRecord | None, cmd: rc.UpdateResourceType) -> list[Event]:
    current = _require_custom(record, cmd.spec.type)
    changes: dict[str, Any] = cmd.spec.model_dump()
    if cmd.fields is not None:  # a PATCH: only what the client gave
        changes = {k: v for k, v in changes.items() if k in cmd.fields}
    return [rc.ResourceTypeUpdated(org_id=cmd.org_id, spec=current.model_copy(update=changes))]


def decide_delete_type(record: ResourceTypeRecord | None, cmd: rc.DeleteResourceType) -> list[Event]:
    _require_custom(record, cmd.type)
    assert record is not None
    if record.definitions:
        raise Conflict(
            f"Resource type '{cmd.type}' is used by resource definitions.",
            details={"type": cmd.type, "resource_definitions": list(record.definitions)},
        )
    return [rc.ResourceTypeDeleted(org_id=cmd.org_id, type=cmd.type)]


def decide_set_class(org: OrgState | None, record: ResourceTypeRecord | None, cmd: rc.SetResourceClass) -> list[Event]:
    require_org(org, cmd.org_id)
    require_type(record, cmd.type)
    existing = record.class_(cmd.class_id) if record is not None else None
    ids = {"org_id": cmd.org_id, "type": cmd.type, "class_id": cmd.class_id, "description": cmd.description}
    if cmd.create:
        if existing is not None:
            raise Conflict(
                f"Resource class '{cmd.class_id}' of type '{cmd.type}' already exists.",
                details={"type": cmd.type, "class": cmd.class_id},
            )
        return [rc.ResourceClassCreated(**ids)]
    _require_class(existing, cmd.type, cmd.class_id)
    return [rc.ResourceClassUpdated(**ids)]


def decide_delete_class(record: ResourceTypeRecord | None, cmd: rc.DeleteResourceClass) -> list[Event]:
    _require_class(record.class_(cmd.class_id) if record is not None else None, cmd.type, cmd.class_id)
    assert record is not None
    users = sorted({o.def_id for o in record.criteria if o.criterion.class_ == cmd.class_id})
    if users:
        raise Conflict(
            f"Resource class '{cmd.class_id}' is used in matching criteria.",
            details={"type": cmd.type, "class": cmd.class_id, "resource_definitions": users},
        )
    return [rc.ResourceClassDeleted(org_id=cmd.org_id, type=cmd.type, class_id=cmd.class_id)]


def _require_class(existing: ClassRecord | None, type_id: str, class_id: str) -> None:
    if existing is None:
        raise NotFound(
            f"Resource class '{class_id}' of type '{type_id}' not found.", details={"type": type_id, "class": class_id}
        )


def _record(state: ResourceTypeRecord | None, org_id: str, type_id: str) -> ResourceTypeRecord:
    return state or ResourceTypeRecord(org_id=org_id, type=type_id)


def type_created(
    e: rc.ResourceTypeCreated | rc.ResourceTypeUpdated, state: ResourceTypeRecord | None
) -> ResourceTypeRecord:
    return _record(state, e.org_id, e.spec.type).model_copy(update={"custom": e.spec})


def type_deleted(e: rc.ResourceTypeDeleted, state: ResourceTypeRecord | None) -> ResourceTypeRecord:
    return _record(state, e.org_id, e.type).model_copy(update={"custom": None, "classes": ()})


def class_set(
    e: rc.ResourceClassCreated | rc.ResourceClassUpdated, state: ResourceTypeRecord | None
) -> ResourceTypeRecord:
    record = _record(state, e.org_id, e.type)
    others = tuple(k for k in record.classes if k.id != e.class_id)
    return record.model_copy(update={"classes": (*others, ClassRecord(id=e.class_id, description=e.description))})


def class_deleted(e: rc.ResourceClassDeleted, state: ResourceTypeRecord | None) -> ResourceTypeRecord:
    record = _record(state, e.org_id, e.type)
    return record.model_copy(update={"classes": tuple(k for k in record.classes if k.id != e.class_id)})
