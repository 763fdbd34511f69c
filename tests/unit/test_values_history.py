"""Value set versions: restoring a whole set or one key, and purging a value from history."""

from __future__ import annotations

import pytest

from orch_api.domain import values as d
from orch_api.domain.values_model import ValueSetState
from shared.contracts import apps as c_apps
from shared.contracts import values as c
from shared.errors import InvalidInput, NotFound
from tests.unit.test_values_decide import World, version_of, versions


class TestRestore:
    def test_restoring_a_version_brings_its_values_back_and_deletes_later_keys(self) -> None:
        world = World()
        first = world.create("A", "a1")
        world.run(c.UpdateValue, key="A", value="a2", expect_secret=False)
        world.create("B", "b")

        events = world.run(c.RestoreValueSetVersion, version_id=first.version_id, comment="back")

        app = version_of(events, None)
        assert ({"A": "a1"}, "app_value_set_version_restore") == (world.values(), app.result_of)
        assert (first.version_id, "back") == (app.source_value_set_version_id, app.comment)
        assert first.values["A"].revision == app.values["A"].revision
        assert [("replace", "/A"), ("remove", "/B")] == [(op.op, op.path) for op in app.change]
        assert ["dev", "prod"] == [e for e, _ in versions(events) if e]

    def test_restoring_one_key_leaves_the_others(self) -> None:
        world = World()
        first = world.create("A", "a1")
        world.run(c.UpdateValue, key="A", value="a2", expect_secret=False)
        world.create("B", "b")

        world.run(c.RestoreValueSetVersion, version_id=first.version_id, key="A")

        assert {"A": "a1", "B": "b"} == world.values()

    def test_the_zero_id_names_the_newest_version_of_the_states(self) -> None:
        world = World()
        world.create("A", "app-a")
        dev = world.create("B", "dev-b", "dev")

        latest_app = d.latest_version(world.sets[None], None)
        latest_dev = d.latest_version(world.sets[None], world.sets["dev"])

        assert latest_app is not None
        assert latest_dev is not None
        assert (world.sets[None].latest_version_id, ["A"]) == (latest_app.id, list(latest_app.values))
        assert (dev.version_id, dev.values) == (latest_dev.id, latest_dev.values)

    def test_an_environment_without_versions_shares_the_apps_latest(self) -> None:
        world = World()
        world.create("A", "app-a")
        fresh_env = ValueSetState(org_id="acme", app_id="shop", env_id="qa")

        latest = d.latest_version(world.sets[None], fresh_env)

        assert latest is not None
        assert (world.sets[None].latest_version_id, None) == (latest.id, latest.env_id)
        assert d.latest_version(None, None) is None

    def test_an_unknown_version_is_not_found(self) -> None:
        with pytest.raises(NotFound, match="version 'nope' not found"):
            World().run(c.RestoreValueSetVersion, version_id="nope")

    def test_a_key_the_version_does_not_have_cannot_be_restored(self) -> None:
        world = World()
        first = world.create("A")

        with pytest.raises(InvalidInput, match="'B' is not in value set version"):
            world.run(c.RestoreValueSetVersion, version_id=first.version_id, key="B")

    def test_an_environment_restore_brings_back_overrides_only(self) -> None:
        world = World()
        world.create("A", "app-a1")
        with_override = world.create("B", "dev-b", "dev")
        world.run(c.UpdateValue, key="A", value="app-a2", expect_secret=False)
        world.run(c.DeleteValue, "dev", key="B")

        dev = version_of(world.run(c.RestoreValueSetVersion, "dev", version_id=with_override.version_id), "dev")

        assert "env_value_set_version_restore" == dev.result_of
        assert {"A": ("app-a2", "app"), "B": ("dev-b", "env")} == {
            k: (v.value, v.source) for k, v in dev.values.items()
        }
        assert {"A": "app-a2"} == world.values()

    def test_restoring_a_key_the_environment_inherited_removes_its_override(self) -> None:
        world = World()
        inherited = world.create("A", "app-a")
        world.create("A", "dev-a", "dev")

        dev = version_of(world.run(c.RestoreValueSetVersion, "dev", version_id=inherited.version_id, key="A"), "dev")

        assert (("app-a", "app"), {}) == ((dev.values["A"].value, dev.values["A"].source), world.values("dev"))


class TestPurge:
    def leaked(self) -> tuple[World, c.ValueSetVersionCreated]:
        """A secret written, then replaced: its first value is history only."""
        world = World()
        first = world.create("TOKEN", "v1:k1:leaked", is_secret=True)
        world.run(c.UpdateValue, key="TOKEN", value="v1:k1:fresh", expect_secret=True)
        return world, first

    def test_a_purge_wipes_one_revision_and_makes_a_version(self) -> None:
        world, first = self.leaked()

        events = world.run(c.PurgeValue, version_id=first.version_id, key="TOKEN", comment="leaked")

        purged = events[0]
        assert isinstance(purged, c.ValuePurged)
        assert ("TOKEN", first.values["TOKEN"].revision) == (purged.key, purged.revision)
        app = version_of(events, None)
        assert ("app_value_set_version_purge", (), "leaked") == (app.result_of, app.change, app.comment)
        assert {"TOKEN": "v1:k1:fresh"} == world.values()
        assert [None] == [e for e, _ in versions(events)]

    def test_a_purged_value_is_never_restored(self) -> None:
        world, first = self.leaked()
        world.run(c.PurgeValue, version_id=first.version_id, key="TOKEN")

        with pytest.raises(InvalidInput, match="was purged"):
            world.run(c.RestoreValueSetVersion, version_id=first.version_id, key="TOKEN")
        world.run(c.RestoreValueSetVersion, version_id=first.version_id)

        assert {"TOKEN": "v1:k1:fresh"} == world.values()

    def test_purging_again_changes_nothing(self) -> None:
        world, first = self.leaked()
        world.run(c.PurgeValue, version_id=first.version_id, key="TOKEN")

        assert [] == world.run(c.PurgeValue, version_id=first.version_id, key="TOKEN")

    def test_the_current_value_cannot_be_purged(self) -> None:
        world, _ = self.leaked()
        latest = world.sets[None].latest_version_id
        assert latest is not None

        with pytest.raises(InvalidInput, match="current value"):
            world.run(c.PurgeValue, version_id=latest, key="TOKEN")

    def test_a_key_the_version_does_not_have_cannot_be_purged(self) -> None:
        world, first = self.leaked()

        with pytest.raises(InvalidInput, match="'OTHER' is not in value set version"):
            world.run(c.PurgeValue, version_id=first.version_id, key="OTHER")

    def test_an_inherited_value_is_purged_at_app_level_not_in_the_environment(self) -> None:
        world, _ = self.leaked()
        dev_version = world.sets["dev"].latest_version_id
        assert dev_version is not None
        world.run(c.UpdateValue, key="TOKEN", value="v1:k1:third", expect_secret=True)

        with pytest.raises(InvalidInput, match="purge it at application level"):
            world.run(c.PurgeValue, "dev", version_id=dev_version, key="TOKEN")

    def test_an_environment_override_is_purged_in_the_environment(self) -> None:
        world = World()
        first = world.create("K", "v1:k1:dev-old", "dev", is_secret=True)
        world.run(c.UpdateValue, "dev", key="K", value="v1:k1:dev-new", expect_secret=True)

        events = world.run(c.PurgeValue, "dev", version_id=first.version_id, key="K")

        assert [("dev", "env_value_set_version_purge")] == versions(events)
        assert (first.values["K"].revision,) == world.sets["dev"].purged


class TestEvolve:
    def test_an_environment_keeps_only_its_overrides_and_its_newest_version(self) -> None:
        world = World()
        world.create("A", "app-a")
        dev = world.create("B", "dev-b", "dev")

        state = world.sets["dev"]

        assert (["B"], dev.version_id, dev.seq) == (list(state.values), state.latest_version_id, state.seq)
        assert [1, 2] == [world.sets[None].seq, dev.seq]

    def test_a_deleted_environment_or_app_forgets_its_values(self) -> None:
        world = World()
        world.create("A", "dev-a", "dev")
        world.create("B")

        env_gone = c_apps.EnvironmentDeleted(org_id="acme", app_id="shop", env_id="dev", type="development")
        app_gone = c_apps.AppDeleted(org_id="acme", app_id="shop")

        assert ValueSetState(org_id="acme", app_id="shop", env_id="dev") == d.values_forgotten(
            env_gone, world.sets["dev"]
        )
        assert ValueSetState(org_id="acme", app_id="shop") == d.values_forgotten(app_gone, world.sets[None])
