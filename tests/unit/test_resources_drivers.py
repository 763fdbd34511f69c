"""The drivers registry: http(s) targets only, built-in drivers read-only, no deleting in use."""

from __future__ import annotations

import pytest

from orch_api.domain import resources_drivers as dd
from orch_api.domain.model import OrgState
from orch_api.domain.resources_model import DriverRecord
from orch_api.domain.resources_types import Forbidden
from shared.contracts import resources as rc
from shared.errors import Conflict, InvalidInput, NotFound

ORG = OrgState(org_id="acme", name="Acme")
PG = rc.DriverSpec(id="pg-driver", type="postgres", target="https://drivers.example.com/pg/")


def register(spec: rc.DriverSpec = PG, *, create: bool = True) -> rc.RegisterDriver:
    return rc.RegisterDriver(org_id="acme", driver=spec, create=create)


def registered() -> DriverRecord:
    return dd.driver_set(rc.DriverRegistered(org_id="acme", driver=PG), None)


class TestTargets:
    @pytest.mark.parametrize("target", ["http://127.0.0.1:8090/", "https://d.example.com/x/"])
    def test_http_and_https_urls_are_accepted(self, target: str) -> None:
        dd.check_target(target)

    @pytest.mark.parametrize("target", ["ftp://d.example.com/", "driver://acme/x", "https://", "d.example.com", ""])
    def test_anything_else_is_rejected(self, target: str) -> None:
        with pytest.raises(InvalidInput):
            dd.check_target(target)


class TestRegister:
    def test_registers_a_new_driver_and_replaces_a_registered_one(self) -> None:
        assert [rc.DriverRegistered(org_id="acme", driver=PG)] == dd.decide_register_driver(ORG, None, register())
        assert [rc.DriverUpdated(org_id="acme", driver=PG)] == dd.decide_register_driver(
            ORG, registered(), register(create=False)
        )

    def test_refuses_duplicates_unknown_drivers_and_unknown_orgs(self) -> None:
        with pytest.raises(Conflict):
            dd.decide_register_driver(ORG, registered(), register())
        with pytest.raises(NotFound):
            dd.decide_register_driver(ORG, None, register(create=False))
        with pytest.raises(NotFound):
            dd.decide_register_driver(None, None, register())

    def test_built_in_ids_cannot_be_taken_or_changed(self) -> None:
        echo = PG.model_copy(update={"id": "echo"})

        with pytest.raises(Conflict):
            dd.decide_register_driver(ORG, None, register(echo))
        with pytest.raises(Forbidden):
            dd.decide_register_driver(ORG, None, register(echo, create=False))


class TestDelete:
    def test_deletes_an_unused_driver(self) -> None:
        cmd = rc.DeleteDriver(org_id="acme", driver_id="pg-driver")

        (event,) = dd.decide_delete_driver(registered(), cmd, [])

        assert rc.DriverDeleted(org_id="acme", driver_id="pg-driver") == event
        assert dd.driver_deleted(event, registered()).driver is None

    def test_refuses_a_driver_in_use_a_built_in_one_and_an_unknown_one(self) -> None:
        with pytest.raises(Conflict):
            dd.decide_delete_driver(registered(), rc.DeleteDriver(org_id="acme", driver_id="pg-driver"), ["def x"])
        with pytest.raises(Forbidden):
            dd.decide_delete_driver(None, rc.DeleteDriver(org_id="acme", driver_id="echo"), [])
        with pytest.raises(NotFound):
            dd.decide_delete_driver(None, rc.DeleteDriver(org_id="acme", driver_id="nope"), [])
