"""Resource types and classes: the custom type name rule, built-in types read-only, classes."""

from __future__ import annotations

import time

import pytest

from orch_api.domain import resources_types as dt
from orch_api.domain.model import OrgState
from orch_api.domain.resources_catalog import BUILTIN_TYPES
from orch_api.domain.resources_model import ClassRecord, OwnedCriterion, ResourceTypeRecord
from shared import contracts as c
from shared.contracts import resources as rc
from shared.errors import Conflict, InvalidInput, NotFound

ORG = OrgState(org_id="acme", name="Acme")
QUEUE = rc.ResourceTypeSpec(type="acme/queue", name="Queue", category="messaging", use="direct")


def registered(spec: rc.ResourceTypeSpec = QUEUE) -> ResourceTypeRecord:
    return dt.type_created(rc.ResourceTypeCreated(org_id="acme", spec=spec), None)


class TestCustomTypeNames:
    @pytest.mark.parametrize("name", ["acme/queue", "acme/my-queue_2", "acme/q"])
    def test_the_orgs_prefix_and_a_name_are_accepted(self, name: str) -> None:
        dt.check_custom_type_name("acme", name)

    @pytest.mark.parametrize("name", ["queue", "other/queue", "acme/Queue", "acme/queue/x", "acme/-q", "acme/"])
    def test_anything_else_is_rejected(self, name: str) -> None:
        with pytest.raises(InvalidInput) as caught:
            dt.check_custom_type_name("acme", name)

        assert {"type": name} == caught.value.details


class TestTypes:
    def test_creates_a_custom_type_once(self) -> None:
        cmd = rc.CreateResourceType(org_id="acme", spec=QUEUE)

        assert [rc.ResourceTypeCreated(org_id="acme", spec=QUEUE)] == dt.decide_create_type(ORG, None, cmd)
        with pytest.raises(Conflict):
            dt.decide_create_type(ORG, registered(), cmd)
        with pytest.raises(NotFound):
            dt.decide_create_type(None, None, cmd)

    def test_built_in_types_cannot_be_created_changed_or_deleted(self) -> None:
        postgres = BUILTIN_TYPES["postgres"]

        with pytest.raises(InvalidInput):
            dt.decide_create_type(ORG, None, rc.CreateResourceType(org_id="acme", spec=postgres))
        with pytest.raises(dt.Forbidden) as caught:
            dt.decide_update_type(None, rc.UpdateResourceType(org_id="acme", spec=postgres))
        with pytest.raises(dt.Forbidden):
            dt.decide_delete_type(None, rc.DeleteResourceType(org_id="acme", type="postgres"))

        assert 403 == caught.value.http_status

    def test_a_put_replaces_and_a_patch_changes_only_the_given_fields(self) -> None:
        put = rc.UpdateResourceType(org_id="acme", spec=rc.ResourceTypeSpec(type="acme/queue", name="Q2"))
        patch = rc.UpdateResourceType(
            org_id="acme", spec=rc.ResourceTypeSpec(type="acme/queue", name="Q3", category=""), fields=("name",)
        )

        (replaced,) = dt.decide_update_type(registered(), put)
        (patched,) = dt.decide_update_type(registered(), patch)

        assert isinstance(replaced, rc.ResourceTypeUpdated)
        assert isinstance(patched, rc.ResourceTypeUpdated)
        assert ("Q2", "") == (replaced.spec.name, replaced.spec.category)
        assert ("Q3", "messaging") == (patched.spec.name, patched.spec.category)

    def test_a_type_with_definitions_cannot_be_deleted_and_a_deleted_one_is_gone(self) -> None:
        used = registered().model_copy(update={"definitions": ("queue-def",)})
        cmd = rc.DeleteResourceType(org_id="acme", type="acme/queue")

        with pytest.raises(Conflict):
            dt.decide_delete_type(used, cmd)
        (event,) = dt.decide_delete_type(registered(), cmd)
        assert isinstance(event, rc.ResourceTypeDeleted)
        gone = dt.type_deleted(event, registered())

        assert dt.type_exists(gone, "acme/queue") is False
        with pytest.raises(NotFound):
            dt.decide_update_type(gone, rc.UpdateResourceType(org_id="acme", spec=QUEUE))


def set_class(class_id: str = "large", *, create: bool = True, type_: str = "postgres") -> rc.SetResourceClass:
    return rc.SetResourceClass(org_id="acme", type=type_, class_id=class_id, description="d", create=create)


class TestClasses:
    def test_a_class_is_created_once_on_a_type_that_exists(self) -> None:
        (event,) = dt.decide_set_class(ORG, None, set_class())
        assert isinstance(event, rc.ResourceClassCreated)
        record = dt.class_set(event, None)

        assert (ClassRecord(id="large", description="d"),) == record.classes
        with pytest.raises(Conflict):
            dt.decide_set_class(ORG, record, set_class())
        with pytest.raises(NotFound):
            dt.decide_set_class(ORG, None, set_class(type_="acme/nope"))

    def test_updating_or_deleting_an_unknown_class_is_404(self) -> None:
        with pytest.raises(NotFound):
            dt.decide_set_class(ORG, None, set_class(create=False))
        with pytest.raises(NotFound):
            dt.decide_delete_class(None, rc.DeleteResourceClass(org_id="acme", type="postgres", class_id="large"))

    def test_a_class_used_by_criteria_cannot_be_deleted(self) -> None:
        record = ResourceTypeRecord(
            org_id="acme",
            type="postgres",
            classes=(ClassRecord(id="large"),),
            criteria=(OwnedCriterion(def_id="big-db", criterion=c.Criterion(id="x", class_="large")),),
        )

        with pytest.raises(Conflict) as caught:
            dt.decide_delete_class(record, rc.DeleteResourceClass(org_id="acme", type="postgres", class_id="large"))

        assert ["big-db"] == caught.value.details["resource_definitions"]


class TestCatalogue:
    def test_the_common_types_are_built_in_each_with_an_outputs_schema_of_values(self) -> None:
        common = {"workload", "dns", "route", "postgres", "mysql", "redis", "mongodb", "s3", "amqp", "volume"}
        common |= {"k8s-namespace", "k8s-cluster", "config", "base-env", "ingress", "tls-cert"}

        assert common <= set(BUILTIN_TYPES)
        assert [] == [t for t, s in BUILTIN_TYPES.items() if "values" not in s.outputs_schema["properties"]]
        assert [] == [t for t in BUILTIN_TYPES if dt.CUSTOM_TYPE.match(t)]


def test_a_long_near_miss_type_name_is_refused_at_once() -> None:
    """Humanitec's id pattern backtracks exponentially in Python's ``re``; ours must not."""
    start = time.perf_counter()
    with pytest.raises(InvalidInput):
        dt.check_custom_type_name("acme", "a" * 80 + "!/x")
    assert time.perf_counter() - start < 0.5
