"""Deltas' pure decisions and how their events fold into the delta's state."""

from __future__ import annotations

from typing import Any

import pytest

from orch_api.domain import deltas as d
from orch_api.domain.model import AppState, DeltaState
from orch_api.service_layer.deciders.deltas import ROUTES
from shared.contracts import deltas as cd
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Command, Event

APP = AppState(org_id="acme", app_id="shop", name="Shop")
IDS: dict[str, Any] = {"org_id": "acme", "app_id": "shop", "delta_id": "d1"}
API: dict[str, Any] = {"profile": "humanitec/default-module", "spec": {"image": "api:1"}, "externals": {}}
ADD_PORT = cd.PatchOp(op="add", path="/spec/port", value=80)
DELTA = DeltaState(**IDS, env_id="development", name="first", content=cd.DeltaContent())
ARCHIVED = DELTA.model_copy(update={"archived": True})


def content(**modules: Any) -> cd.DeltaContent:
    return cd.DeltaContent(modules=cd.ModuleDeltas(**modules))


def fold(events: list[Event], state: DeltaState | None) -> DeltaState | None:
    for event in events:
        routing = ROUTES[event.TYPE](event)
        assert ("delta:acme/shop/d1", "acme/shop", DeltaState) == (routing.aggregate_id, routing.key, routing.model)
        folded = routing.evolve(event, state)
        assert isinstance(folded, DeltaState)
        state = folded
    return state


class TestCreate:
    CMD = cd.CreateDelta(**IDS, env_id="development", name="first", modules=cd.ModuleDeltas(add={"api": API}))

    def test_a_created_delta_holds_its_content_and_metadata(self) -> None:
        events = d.decide_create_delta(APP, None, self.CMD)

        assert DeltaState(**IDS, env_id="development", name="first", content=content(add={"api": API})) == fold(
            events, None
        )

    @pytest.mark.parametrize("app", [None, APP.model_copy(update={"deleted": True})])
    def test_an_app_that_does_not_exist_is_a_404(self, app: AppState | None) -> None:
        with pytest.raises(NotFound):
            d.decide_create_delta(app, None, self.CMD)

    def test_an_update_of_a_module_the_delta_removes_is_a_400(self) -> None:
        cmd = self.CMD.model_copy(update={"modules": cd.ModuleDeltas(remove=("web",), update={"web": (ADD_PORT,)})})

        with pytest.raises(InvalidInput) as caught:
            d.decide_create_delta(APP, None, cmd)

        assert {"at": "modules.update.web", "module": "web"} == caught.value.details

    def test_a_malformed_module_is_a_400(self) -> None:
        cmd = self.CMD.model_copy(update={"modules": cd.ModuleDeltas(add={"api": {"image": "x"}})})

        with pytest.raises(InvalidInput, match=r"modules\.api\.image"):
            d.decide_create_delta(APP, None, cmd)


class TestChanges:
    def test_patch_merges_and_keeps_the_metadata(self) -> None:
        state = DELTA.model_copy(update={"content": content(add={"api": API})})
        cmd = cd.UpdateDelta(**IDS, patches=(cd.DeltaPatch(modules=cd.ModulePatch(update={"api": (ADD_PORT,)})),))

        after = fold(d.decide_update_delta(state, cmd), state)

        port_api = {**API, "spec": {"image": "api:1", "port": 80}}
        assert DELTA.model_copy(update={"content": content(add={"api": port_api})}) == after

    def test_put_replaces_the_content(self) -> None:
        state = DELTA.model_copy(update={"content": content(add={"api": API})})
        new = content(remove=("api",))

        assert DELTA.model_copy(update={"content": new}) == fold(
            d.decide_replace_delta(state, cd.ReplaceDelta(**IDS, content=new)), state
        )

    def test_archiving_and_unarchiving(self) -> None:
        archived = fold(d.decide_archive_delta(DELTA, cd.ArchiveDelta(**IDS, archived=True)), DELTA)
        unarchived = fold(d.decide_archive_delta(ARCHIVED, cd.ArchiveDelta(**IDS, archived=False)), ARCHIVED)

        assert (ARCHIVED, DELTA) == (archived, unarchived)

    @pytest.mark.parametrize(
        ("state", "cmd"),
        [
            (ARCHIVED, cd.ArchiveDelta(**IDS, archived=True)),
            (DELTA, cd.ArchiveDelta(**IDS, archived=False)),
            (DELTA, cd.ChangeDeltaEnv(**IDS, env_id="development")),
            (DELTA, cd.RenameDelta(**IDS, name="first")),
        ],
    )
    def test_setting_what_is_already_set_emits_nothing(self, state: DeltaState, cmd: Command) -> None:
        assert [] == decide(state, cmd)

    def test_env_and_name_change(self) -> None:
        moved = fold(d.decide_change_delta_env(DELTA, cd.ChangeDeltaEnv(**IDS, env_id="production")), DELTA)
        renamed = fold(d.decide_rename_delta(DELTA, cd.RenameDelta(**IDS, name="second")), DELTA)

        assert DELTA.model_copy(update={"env_id": "production"}) == moved
        assert DELTA.model_copy(update={"name": "second"}) == renamed


CHANGES: list[Command] = [
    cd.UpdateDelta(**IDS, patches=()),
    cd.ReplaceDelta(**IDS, content=cd.DeltaContent()),
    cd.ChangeDeltaEnv(**IDS, env_id="production"),
    cd.RenameDelta(**IDS, name="second"),
]


def decide(state: DeltaState | None, cmd: Command) -> list[Event]:
    deciders: dict[type[Command], Any] = {
        cd.UpdateDelta: d.decide_update_delta,
        cd.ReplaceDelta: d.decide_replace_delta,
        cd.ArchiveDelta: d.decide_archive_delta,
        cd.ChangeDeltaEnv: d.decide_change_delta_env,
        cd.RenameDelta: d.decide_rename_delta,
    }
    events: list[Event] = deciders[type(cmd)](state, cmd)
    return events


class TestRefusals:
    @pytest.mark.parametrize("cmd", [*CHANGES, cd.ArchiveDelta(**IDS, archived=True)], ids=lambda c: c.TYPE)
    def test_a_delta_that_does_not_exist_is_a_404(self, cmd: Command) -> None:
        with pytest.raises(NotFound) as caught:
            decide(None, cmd)

        assert {"id": "d1"} == caught.value.details

    @pytest.mark.parametrize("cmd", CHANGES, ids=lambda c: c.TYPE)
    def test_an_archived_delta_cannot_change_409(self, cmd: Command) -> None:
        with pytest.raises(Conflict) as caught:
            decide(ARCHIVED, cmd)

        assert (409, {"id": "d1", "archived": True}) == (caught.value.http_status, caught.value.details)
