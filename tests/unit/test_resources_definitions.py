"""Resource definitions' pure decisions and state changes: creation, duplicate criteria, PUT and
PATCH, versions, proposals, criteria changes, deletion with active resources."""

from __future__ import annotations

from typing import Any

import pytest

from orch_api.domain import resources as d
from orch_api.domain.model import OrgState
from orch_api.domain.resources_active import UsingResource
from orch_api.domain.resources_model import DefinitionRecord, OwnedCriterion, ResourceTypeRecord, version_id
from orch_api.domain.resources_secrets import STORE, secret_path
from shared import contracts as c
from shared.contracts import resources as rc
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event

ORG = OrgState(org_id="acme", name="Acme")
DEV = c.Criterion(id="c-dev", env_type="development")
SPEC = c.ResourceDefinitionSpec(
    id="echo-workload", name="Echo workload", type="workload", driver_type="humanitec/echo", criteria=(DEV,)
)
WEB = UsingResource("shop", "dev", "development", "workload", "default", "modules.web", "g1")


def created(spec: c.ResourceDefinitionSpec = SPEC) -> tuple[DefinitionRecord, ResourceTypeRecord]:
    """The definition's and its type's states after creating ``spec``."""
    (event,) = d.decide_create_definition(ORG, None, c.CreateResourceDefinition(org_id="acme", definition=spec))
    assert isinstance(event, c.ResourceDefinitionCreated)
    return d.definition_created(event, None), d.indexed(event, None)


def change(**fields: Any) -> rc.ChangeResourceDefinition:
    replace, proposed = fields.pop("replace", False), fields.pop("proposed", False)
    return rc.ChangeResourceDefinition(
        org_id="acme",
        def_id="echo-workload",
        changes=rc.DefinitionChanges(**fields),
        replace=replace,
        proposed=proposed,
    )


def only(events: list[Event]) -> Any:
    (event,) = events
    return event


class TestCreate:
    def test_creates_the_definition_with_its_first_version(self) -> None:
        cmd = c.CreateResourceDefinition(org_id="acme", definition=SPEC)

        event = only(d.decide_create_definition(ORG, None, cmd))

        assert (
            c.ResourceDefinitionCreated(
                org_id="acme", definition=SPEC.model_copy(update={"version_id": version_id("acme", "echo-workload", 1)})
            )
            == event
        )

    def test_refuses_an_unknown_org_with_404_and_an_existing_definition_with_409(self) -> None:
        cmd = c.CreateResourceDefinition(org_id="acme", definition=SPEC)
        state, _ = created()

        with pytest.raises(NotFound):
            d.decide_create_definition(None, None, cmd)
        with pytest.raises(Conflict) as caught:
            d.decide_create_definition(ORG, state, cmd)

        assert {"def_id": "echo-workload"} == caught.value.details

    def test_refuses_a_type_that_is_neither_built_in_nor_registered(self) -> None:
        spec = SPEC.model_copy(update={"type": "acme/queue"})

        with pytest.raises(InvalidInput) as caught:
            d.decide_create_definition(ORG, None, c.CreateResourceDefinition(org_id="acme", definition=spec))

        assert {"type": "acme/queue"} == caught.value.details

    def test_refuses_a_criterion_another_definition_of_the_type_has(self) -> None:
        _, index = created()
        other = SPEC.model_copy(update={"id": "other", "criteria": (c.Criterion(id="x", env_type="development"),)})

        with pytest.raises(Conflict) as caught:
            d.decide_create_definition(ORG, None, c.CreateResourceDefinition(org_id="acme", definition=other), index)

        assert "echo-workload" == caught.value.details["def_id"]

    def test_refuses_the_same_criterion_twice_in_one_definition(self) -> None:
        twice = SPEC.model_copy(update={"criteria": (DEV, DEV.model_copy(update={"id": "c2"}))})

        with pytest.raises(Conflict):
            d.decide_create_definition(ORG, None, c.CreateResourceDefinition(org_id="acme", definition=twice))

    def test_re_creating_a_deleted_definition_continues_its_version_numbers(self) -> None:
        state, index = created()
        deleted = d.definition_deleted(only(d.decide_delete_definition(state, index, delete(), [])), state)

        event = only(
            d.decide_create_definition(ORG, deleted, c.CreateResourceDefinition(org_id="acme", definition=SPEC))
        )

        assert version_id("acme", "echo-workload", 3) == event.definition.version_id


class TestCriterionIds:
    def test_ids_derive_from_the_definition_and_the_rule(self) -> None:
        a = d.criterion_id("def-a", c.Criterion(id="", app_id="shop"))

        assert a == d.criterion_id("def-a", c.Criterion(id="ignored", app_id="shop"))
        assert a != d.criterion_id("def-b", c.Criterion(id="", app_id="shop"))
        assert a != d.criterion_id("def-a", c.Criterion(id="", env_id="shop"))


class TestChange:
    def test_each_change_is_a_new_active_version(self) -> None:
        state, _ = created()

        event = only(d.decide_change_definition(state, change(name="Renamed")))
        after = d.definition_updated(event, state)

        assert isinstance(event, rc.ResourceDefinitionUpdated)
        assert ("Renamed", version_id("acme", "echo-workload", 2)) == (
            event.definition.name,
            event.definition.version_id,
        )
        assert (2, event.definition) == (after.versions, after.definition)

    def test_put_resets_what_it_is_not_given_but_keeps_type_and_criteria(self) -> None:
        spec = SPEC.model_copy(
            update={
                "driver_account": "aws",
                "driver_inputs": rc.DriverInputs(values={"a": 1}),
                "provision": {"dns": rc.ProvisionDependency()},
            }
        )
        state, _ = created(spec)

        new = only(d.decide_change_definition(state, change(name="N", replace=True))).definition

        assert ("N", None, {}, {}, "workload", (DEV,)) == (
            new.name,
            new.driver_account,
            new.provision,
            new.driver_inputs.values,
            new.type,
            new.criteria,
        )

    def test_patch_merges_driver_inputs_and_keeps_the_rest(self) -> None:
        spec = SPEC.model_copy(
            update={"driver_inputs": rc.DriverInputs(values={"a": 1, "b": {"c": 2}}, secrets={"pw": "sealed"})}
        )
        state, _ = created(spec)
        patch = rc.DriverInputs(values={"a": None, "b": {"d": 3}}, secret_refs={"key": {"store": "vault", "ref": "k"}})

        new = only(d.decide_change_definition(state, change(driver_inputs=patch))).definition

        assert {"b": {"c": 2, "d": 3}} == new.driver_inputs.values
        assert {"pw": "sealed"} == new.driver_inputs.secrets
        assert {"key": {"store": "vault", "ref": "k"}} == new.driver_inputs.secret_refs
        assert "Echo workload" == new.name

    def test_a_patched_secret_stops_being_a_reference_and_the_other_way_round(self) -> None:
        spec = SPEC.model_copy(
            update={
                "driver_inputs": rc.DriverInputs(
                    secrets={"pw": "sealed"}, secret_refs={"k": {"store": "v", "ref": "r"}}
                )
            }
        )
        state, _ = created(spec)
        patch = rc.DriverInputs(secrets={"k": "sealed-k"}, secret_refs={"pw": {"store": "v", "ref": "p"}})

        inputs = only(d.decide_change_definition(state, change(driver_inputs=patch))).definition.driver_inputs

        assert ({"k": "sealed-k"}, {"pw": {"store": "v", "ref": "p"}}) == (inputs.secrets, inputs.secret_refs)

    def test_a_put_with_the_references_it_read_keeps_the_secrets(self) -> None:
        spec = SPEC.model_copy(update={"driver_inputs": rc.DriverInputs(secrets={"pw": "sealed"})})
        state, _ = created(spec)
        read_back = {"pw": {"store": STORE, "ref": secret_path("acme", "echo-workload", ("pw",))}}

        new = only(
            d.decide_change_definition(
                state, change(name="N", driver_inputs=rc.DriverInputs(secret_refs=read_back), replace=True)
            )
        )

        assert ({"pw": "sealed"}, {}) == (
            new.definition.driver_inputs.secrets,
            new.definition.driver_inputs.secret_refs,
        )

    def test_a_proposal_is_a_version_that_changes_nothing_until_promoted(self) -> None:
        state, _ = created()

        proposal = only(d.decide_change_definition(state, change(name="Proposed", proposed=True)))
        proposed = d.version_proposed(proposal, state)
        promote = rc.PromoteDefinitionVersion(
            org_id="acme", def_id="echo-workload", version_id=proposal.definition.version_id
        )
        promoted = d.definition_updated(only(d.decide_promote_version(proposed, promote)), proposed)

        assert isinstance(proposal, rc.ResourceDefinitionVersionProposed)
        assert (state.definition, 2) == (proposed.definition, proposed.versions)
        assert ("Proposed", 2, ()) == (
            promoted.definition.name if promoted.definition else "",
            promoted.versions,
            promoted.proposed,
        )

    def test_changing_an_unknown_or_deleted_definition_is_404(self) -> None:
        state, index = created()
        deleted = d.definition_deleted(only(d.decide_delete_definition(state, index, delete(), [])), state)

        for target in (None, deleted):
            with pytest.raises(NotFound):
                d.decide_change_definition(target, change(name="x"))


def criteria(
    *, add: tuple[c.Criterion, ...] = (), remove: tuple[str, ...] = (), replace: bool = False, force: bool = False
) -> rc.ChangeDefinitionCriteria:
    return rc.ChangeDefinitionCriteria(
        org_id="acme", def_id="echo-workload", add=add, remove=remove, replace=replace, force=force
    )


def delete(*, force: bool = False) -> rc.DeleteResourceDefinition:
    return rc.DeleteResourceDefinition(org_id="acme", def_id="echo-workload", force=force)


class TestCriteria:
    def test_adding_keeps_the_others_and_replacing_drops_them(self) -> None:
        state, index = created()
        new = c.Criterion(id="c-shop", app_id="shop")

        added = only(d.decide_change_criteria(state, index, criteria(add=(new,)), []))
        replaced = only(d.decide_change_criteria(state, index, criteria(add=(new,), replace=True), []))

        assert ((DEV, new), (new,)) == (added.definition.criteria, replaced.definition.criteria)
        assert state.definition is not None
        assert state.definition.version_id == added.definition.version_id

    def test_the_type_index_follows_criteria_changes(self) -> None:
        state, index = created()
        new = c.Criterion(id="c-shop", app_id="shop")

        after = d.indexed(only(d.decide_change_criteria(state, index, criteria(add=(new,), replace=True), [])), index)

        assert (("echo-workload",), (OwnedCriterion(def_id="echo-workload", criterion=new),)) == (
            after.definitions,
            after.criteria,
        )

    def test_removing_the_criterion_an_active_resource_is_matched_by_is_409_without_force(self) -> None:
        state, index = created()

        with pytest.raises(Conflict) as caught:
            d.decide_change_criteria(state, index, criteria(remove=("c-dev",)), [WEB])

        assert [
            {"app_id": "shop", "env_id": "dev", "res_id": "modules.web", "from_def": "echo-workload", "to_def": ""}
        ] == (caught.value.details["changes"])
        forced = only(d.decide_change_criteria(state, index, criteria(remove=("c-dev",), force=True), [WEB]))
        assert () == forced.definition.criteria

    def test_removing_a_criterion_the_resources_do_not_need_is_fine(self) -> None:
        spec = SPEC.model_copy(update={"criteria": (DEV, c.Criterion(id="c-other", app_id="other"))})
        state, index = created(spec)

        event = only(d.decide_change_criteria(state, index, criteria(remove=("c-other",)), [WEB]))

        assert (DEV,) == event.definition.criteria

    def test_an_unknown_criterion_id_is_404(self) -> None:
        state, index = created()

        with pytest.raises(NotFound):
            d.decide_change_criteria(state, index, criteria(remove=("nope",)), [])


class TestDelete:
    def test_deleting_an_unused_definition_records_a_deleted_version_and_unindexes_it(self) -> None:
        state, index = created()

        event = only(d.decide_delete_definition(state, index, delete(), []))

        assert (
            rc.ResourceDefinitionDeleted(
                org_id="acme",
                def_id="echo-workload",
                type="workload",
                version_id=version_id("acme", "echo-workload", 2),
            )
            == event
        )
        assert ((), ()) == (d.unindexed(event, index).definitions, d.unindexed(event, index).criteria)
        assert d.definition_deleted(event, state).deleted is True

    def test_a_definition_in_use_needs_force_and_the_conflict_names_where_resources_would_go(self) -> None:
        state, index = created()
        fallback = c.ResourceDefinitionSpec(
            id="fallback", name="f", type="workload", driver_type="x", criteria=(c.Criterion(id="any"),)
        )
        index = d.indexed(c.ResourceDefinitionCreated(org_id="acme", definition=fallback), index)

        with pytest.raises(Conflict) as caught:
            d.decide_delete_definition(state, index, delete(), [WEB])

        assert "fallback" == caught.value.details["changes"][0]["to_def"]
        assert ["g1"] == [r["gu_res_id"] for r in caught.value.details["referencing_resources"]["active_resources"]]
        assert 1 == len(d.decide_delete_definition(state, index, delete(force=True), [WEB]))
