"""Request bodies of deltas: what is accepted, what is refused with which field path, and the
content the command carries."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from orch_api.entrypoints.routes.delta_schemas import (
    ArchivedBody,
    DeltaBody,
    DeltaPatches,
    EnvIdBody,
    NameBody,
)
from shared.contracts import deltas as cd


def error_paths(exc: ValidationError) -> list[str]:
    return [".".join(str(p) for p in err["loc"]) for err in exc.errors()]


class TestDeltaBody:
    def test_a_module_gets_humanitecs_defaults_and_externals_keep_what_was_sent(self) -> None:
        body = DeltaBody.model_validate(
            {"modules": {"add": {"api": {"externals": {"db": {"type": "postgres", "class": "large"}}}}}}
        )

        assert {
            "api": {
                "profile": "humanitec/default-module",
                "spec": {},
                "externals": {"db": {"type": "postgres", "class": "large"}},
            }
        } == body.content().modules.add

    def test_a_deploy_condition_is_kept(self) -> None:
        body = DeltaBody.model_validate({"modules": {"add": {"job": {"deploy": {"when": "before", "timeout": 60}}}}})

        assert {"when": "before", "timeout": 60} == body.content().modules.add["job"]["deploy"]

    def test_the_content_carries_patches_and_deduplicated_removes(self) -> None:
        raw = {
            "modules": {
                "remove": ["a", "b", "a"],
                "update": {"c": [{"op": "remove", "path": "/spec/x"}, {"op": "add", "path": "/spec/y", "value": None}]},
            },
            "shared": [{"op": "replace", "path": "/dns", "value": {"type": "dns"}, "from": "ignored"}],
        }

        assert (
            cd.DeltaContent(
                modules=cd.ModuleDeltas(
                    remove=("a", "b"),
                    update={"c": (cd.PatchOp(op="remove", path="/spec/x"), cd.PatchOp(op="add", path="/spec/y"))},
                ),
                shared=(cd.PatchOp(op="replace", path="/dns", value={"type": "dns"}),),
            )
            == DeltaBody.model_validate(raw).content()
        )

    def test_metadata_other_than_env_and_name_is_accepted_and_ignored(self) -> None:
        raw = {
            "id": "anything",
            "metadata": {"env_id": "dev", "name": "n", "archived": True, "contributers": ["x"], "created_by": "y"},
        }

        body = DeltaBody.model_validate(raw)

        assert ("dev", "n") == (body.metadata.env_id, body.metadata.name)

    @pytest.mark.parametrize(
        ("raw", "path"),
        [
            ({"modules": {"update": {"api": [{"op": "move", "path": "/a", "from": "/b"}]}}}, "modules.update.api.0.op"),
            ({"modules": {"update": {"api": [{"op": "copy", "path": "/a"}]}}}, "modules.update.api.0.op"),
            ({"shared": [{"op": "test", "path": "/a", "value": 1}]}, "shared.0.op"),
            ({"shared": [{"op": "add", "path": "/a"}]}, "shared.0"),
            ({"modules": {"update": {"api": [{"op": "replace", "path": "/a"}]}}}, "modules.update.api.0"),
            ({"shared": [{"op": "add", "path": "a", "value": 1}]}, "shared.0.path"),
            ({"shared": [{"op": "add", "path": "/a~2", "value": 1}]}, "shared.0.path"),
            ({"modules": {"add": {"api": None}}}, "modules.add.api"),
            ({"modules": {"add": {"api": {"image": "x"}}}}, "modules.add.api.image"),
            ({"modules": {"add": {"api": {"externals": {"db": {}}}}}}, "modules.add.api.externals.db.type"),
            ({"modules": {"add": {"api": {"deploy": {"when": "later"}}}}}, "modules.add.api.deploy.when"),
            ({"modules": {"remove": ["Web.1"]}}, "modules.remove.0"),
            ({"modules": {"add": {"-web": {}}}}, "modules.add.-web.[key]"),
            ({"metadata": {"env_id": "Not An Id"}}, "metadata.env_id"),
            ({"metadata": {"colour": "red"}}, "metadata.colour"),
            ({"workloads": {}}, "workloads"),
        ],
    )
    def test_a_malformed_delta_names_the_offending_field(self, raw: dict[str, Any], path: str) -> None:
        with pytest.raises(ValidationError) as caught:
            DeltaBody.model_validate(raw)

        assert path in error_paths(caught.value)


class TestPatchBody:
    def test_an_array_of_deltas_becomes_patches_where_a_null_add_is_kept(self) -> None:
        raw = [{"id": "x", "metadata": {"name": "ignored"}, "modules": {"add": {"api": None}}}, {}]

        patches = [p.patch() for p in DeltaPatches.model_validate(raw).root]

        assert [cd.DeltaPatch(modules=cd.ModulePatch(add={"api": None})), cd.DeltaPatch()] == patches

    def test_an_unsupported_op_in_the_second_delta_names_its_path(self) -> None:
        raw = [{}, {"modules": {"update": {"api": [{"op": "move", "path": "/a", "from": "/b"}]}}}]

        with pytest.raises(ValidationError) as caught:
            DeltaPatches.model_validate(raw)

        assert ["1.modules.update.api.0.op"] == error_paths(caught.value)


class TestMetadataBodies:
    @pytest.mark.parametrize("raw", ["true", 1, None])
    def test_archived_takes_only_a_json_boolean(self, raw: Any) -> None:
        with pytest.raises(ValidationError):
            ArchivedBody.model_validate(raw)

    def test_archived_true_and_false(self) -> None:
        archive, unarchive = ArchivedBody.model_validate(obj=True), ArchivedBody.model_validate(obj=False)

        assert (True, False) == (archive.root, unarchive.root)

    @pytest.mark.parametrize("raw", ["Not An Id", 5, None, ["dev"]])
    def test_env_id_takes_only_an_environment_id(self, raw: Any) -> None:
        with pytest.raises(ValidationError):
            EnvIdBody.model_validate(raw)

    @pytest.mark.parametrize("raw", [5, None, "x" * 501])
    def test_name_takes_only_a_string_of_at_most_500_characters(self, raw: Any) -> None:
        with pytest.raises(ValidationError):
            NameBody.model_validate(raw)
