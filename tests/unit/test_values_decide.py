"""Deciding shared value commands: versions at app and environment level, restore and purge.

A tiny in-memory world plays the command processor: decide, then evolve the states the events
route to, and keep every version the events carry (as the projector would) for restores.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from orch_api.domain import values as d
from orch_api.domain import values_sets as vs
from orch_api.domain.model import AppState
from orch_api.domain.values_model import ValueSetState
from shared.contracts import values as c
from shared.errors import Conflict, InvalidInput, NotFound
from shared.messages import Event

T0 = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass
class World:
    app: AppState | None = field(
        default_factory=lambda: AppState(org_id="acme", app_id="shop", name="Shop", env_ids=("dev", "prod"))
    )
    sets: dict[str | None, ValueSetState] = field(default_factory=dict)
    versions: dict[str, d.StoredVersion] = field(default_factory=dict)
    clock: datetime = T0

    def cmd(self, model: type[d.ValueCommand], env_id: str | None = None, **fields: Any) -> d.ValueCommand:
        self.clock += timedelta(seconds=1)
        common = {"org_id": "acme", "app_id": "shop", "env_id": env_id, "request_id": str(uuid.uuid4())}
        return model(**common, at=self.clock, **fields)

    def decide(self, cmd: d.ValueCommand) -> list[Event]:
        env_ids = [cmd.env_id] if cmd.env_id else list(self.app.env_ids if self.app else ())
        version = None
        if isinstance(cmd, c.RestoreValueSetVersion | c.PurgeValue):
            version = self.versions.get(cmd.version_id)
        inputs = d.ValuesInputs(self.app, self.sets.get(None), {e: self.sets.get(e) for e in env_ids}, version)
        return d.decide(inputs, cmd)

    def run(self, model: type[d.ValueCommand], env_id: str | None = None, **fields: Any) -> list[Event]:
        events = self.decide(self.cmd(model, env_id, **fields))
        for event in events:
            if isinstance(event, c.ValueSetVersionCreated):
                self.sets[event.env_id] = d.version_created(event, self.sets.get(event.env_id))
                self.versions[event.version_id] = d.StoredVersion(event.version_id, event.env_id, event.values)
            else:
                assert isinstance(event, c.ValuePurged)
                self.sets[event.env_id] = d.value_purged(event, self.sets.get(event.env_id))
        return events

    def create(self, key: str, text: str = "v", env_id: str | None = None, **fields: Any) -> c.ValueSetVersionCreated:
        return version_of(self.run(c.CreateValue, env_id, key=key, value=text, **fields), env_id)

    def values(self, env_id: str | None = None) -> dict[str, str]:
        state = self.sets.get(env_id)
        return {k: v.value for k, v in state.values.items()} if state else {}


def version_of(events: list[Event], env_id: str | None) -> c.ValueSetVersionCreated:
    (found,) = [e for e in events if isinstance(e, c.ValueSetVersionCreated) and e.env_id == env_id]
    return found


def versions(events: list[Event]) -> list[tuple[str | None, str]]:
    return [(e.env_id, e.result_of) for e in events if isinstance(e, c.ValueSetVersionCreated)]


class TestCreate:
    def test_an_app_value_makes_an_app_version_and_one_in_every_environment(self) -> None:
        world = World()
        cmd = world.cmd(c.CreateValue, key="DB_HOST", value="db.local", description="where")

        events = world.decide(cmd)

        assert [(None, "app_value_create"), ("dev", "app_value_create"), ("prod", "app_value_create")] == versions(
            events
        )
        app, dev = version_of(events, None), version_of(events, "dev")
        assert (vs.version_id(cmd.request_id, None), 1) == (app.version_id, app.seq)
        assert vs.version_id(cmd.request_id, "dev") == dev.version_id
        assert [("add", "/DB_HOST")] == [(op.op, op.path) for op in app.change]
        created = app.values["DB_HOST"]
        assert ("db.local", "where", False, "app", app.version_id) == (
            created.value,
            created.description,
            created.is_secret,
            created.source,
            created.revision,
        )
        assert (cmd.at, cmd.at) == (created.created_at, created.updated_at)

    def test_a_key_that_exists_is_a_conflict(self) -> None:
        world = World()
        world.create("K")

        with pytest.raises(Conflict, match="'K' already exists"):
            world.run(c.CreateValue, key="K", value="again")

    def test_values_of_an_unknown_or_deleted_app_are_not_found(self) -> None:
        for app in [None, AppState(org_id="acme", app_id="shop", name="Shop", deleted=True)]:
            with pytest.raises(NotFound, match="Application 'shop'"):
                World(app=app).run(c.CreateValue, key="K")

    def test_values_of_an_unknown_environment_are_not_found(self) -> None:
        with pytest.raises(NotFound, match="Environment 'staging'"):
            World().run(c.CreateValue, "staging", key="K")

    def test_a_secret_ref_makes_a_secret_without_a_value(self) -> None:
        world = World()
        ref = c.SecretRef(store="vault", ref="path/to/secret", version="3")

        created = world.create("TOKEN", "", secret_ref=ref).values["TOKEN"]

        assert (True, "", ref) == (created.is_secret, created.value, created.secret_ref)


class TestEnvironmentOverrides:
    def test_an_override_makes_one_environment_version_of_the_merged_values(self) -> None:
        world = World()
        world.create("A", "app-a")
        world.create("B", "app-b")

        events = world.run(c.CreateValue, "dev", key="A", value="dev-a")

        assert [("dev", "env_value_create")] == versions(events)
        dev = version_of(events, "dev")
        assert {"A": ("dev-a", "env"), "B": ("app-b", "app")} == {k: (v.value, v.source) for k, v in dev.values.items()}
        assert [("replace", "/A")] == [(op.op, op.path) for op in dev.change]
        assert ({"A": "dev-a"}, {"A": "app-a", "B": "app-b"}) == (world.values("dev"), world.values())

    def test_an_app_change_hidden_by_an_override_makes_no_version_there(self) -> None:
        world = World()
        world.create("A", "app-a")
        world.create("A", "dev-a", "dev")

        events = world.run(c.UpdateValue, key="A", value="app-a2", expect_secret=False)

        assert [(None, "app_value_update"), ("prod", "app_value_update")] == versions(events)

    def test_deleting_an_override_brings_back_the_app_value(self) -> None:
        world = World()
        world.create("A", "app-a")
        world.create("A", "dev-a", "dev")

        dev = version_of(world.run(c.DeleteValue, "dev", key="A"), "dev")

        assert ("env_value_delete", "app-a", "app") == (dev.result_of, dev.values["A"].value, dev.values["A"].source)
        assert [("replace", "/A")] == [(op.op, op.path) for op in dev.change]

    def test_deleting_all_overrides_leaves_the_app_values(self) -> None:
        world = World()
        world.create("A", "app-a")
        world.create("B", "dev-b", "dev")

        dev = version_of(world.run(c.DeleteValues, "dev"), "dev")

        assert ("env_values_delete", ["A"]) == (dev.result_of, list(dev.values))
        assert ({}, {"A": "app-a"}) == (world.values("dev"), world.values())


class TestUpdateAndDelete:
    def test_an_update_keeps_created_at_and_writes_a_new_revision(self) -> None:
        world = World()
        created = world.create("K", "one").values["K"]

        updated = version_of(world.run(c.UpdateValue, key="K", value="two", expect_secret=False), None).values["K"]

        assert ("two", created.created_at) == (updated.value, updated.created_at)
        assert updated.updated_at > created.updated_at
        assert updated.revision != created.revision

    def test_a_description_alone_keeps_the_value_and_its_revision(self) -> None:
        world = World()
        created = world.create("K", "one", description="old").values["K"]

        updated = version_of(world.run(c.UpdateValue, key="K", description="new", expect_secret=False), None)

        assert ("one", "new", created.revision) == (
            updated.values["K"].value,
            updated.values["K"].description,
            updated.values["K"].revision,
        )

    def test_an_update_of_a_value_of_the_other_kind_is_a_conflict(self) -> None:
        """The API sealed (or did not seal) the value for the kind it saw: never store it wrong."""
        world = World()
        world.create("K", "v1:k1:sealed", is_secret=True)

        with pytest.raises(Conflict, match="changed meanwhile"):
            world.run(c.UpdateValue, key="K", value="plain", expect_secret=False)

    def test_a_plain_value_cannot_refer_to_a_secret_store(self) -> None:
        world = World()
        world.create("K")

        with pytest.raises(InvalidInput, match="not a secret"):
            world.run(c.UpdateValue, key="K", secret_ref=c.SecretRef(store="vault", ref="x"), expect_secret=False)

    @pytest.mark.parametrize(
        ("model", "fields"),
        [(c.UpdateValue, {"value": "x", "expect_secret": False}), (c.DeleteValue, {})],
    )
    def test_an_unknown_key_is_not_found(self, model: type[d.ValueCommand], fields: dict[str, Any]) -> None:
        with pytest.raises(NotFound, match="'NOPE' not found"):
            World().run(model, key="NOPE", **fields)

    def test_deleting_every_value_makes_an_empty_version(self) -> None:
        world = World()
        world.create("A")
        world.create("B")

        app = version_of(world.run(c.DeleteValues), None)

        assert ("app_values_delete", {}) == (app.result_of, app.values)
        assert [("remove", "/A"), ("remove", "/B")] == [(op.op, op.path) for op in app.change]
