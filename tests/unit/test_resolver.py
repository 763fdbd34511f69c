"""The resolver's pure parts: matching a definition to a resource, and building the graph."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

from shared.contracts import Criterion, DriverInputs, GraphNode, ResourceDefinitionSpec
from shared.resolution.graph import DeploymentContext, ResolutionError, guresid, resolve
from shared.resolution.matching import MatchContext, best_match, criterion_matches

CTX = MatchContext(
    org_id="acme", app_id="shop", env_id="dev", env_type="development", res_id="modules.api", type="workload"
)
DEPLOYMENT = DeploymentContext(org_id="acme", app_id="shop", env_id="dev", env_type="development")


def definition(def_id: str, *criteria: Criterion, type_: str = "workload") -> ResourceDefinitionSpec:
    return ResourceDefinitionSpec(
        id=def_id,
        name=def_id,
        type=type_,
        driver_type="humanitec/echo",
        driver_inputs=DriverInputs(values={"from": def_id}, secrets={"token": f"{def_id}-secret"}),
        criteria=criteria,
    )


def criterion(**fields: Any) -> Criterion:
    return Criterion.model_validate({"id": "c", **fields})


def winner(definitions: list[ResourceDefinitionSpec], ctx: MatchContext = CTX) -> str | None:
    match = best_match(definitions, ctx)
    return None if match is None else match.definition.id


class TestCriterionMatches:
    def test_an_empty_criterion_matches_any_resource_of_class_default(self) -> None:
        assert criterion_matches(criterion(), CTX) is True

    def test_a_criterion_without_class_matches_only_class_default(self) -> None:
        large = dataclasses.replace(CTX, class_="large")

        assert criterion_matches(criterion(), large) is False

    def test_the_class_must_equal_the_resources_class(self) -> None:
        large = dataclasses.replace(CTX, class_="large")

        assert criterion_matches(criterion(**{"class": "large"}), large) is True
        assert criterion_matches(criterion(**{"class": "large"}), CTX) is False

    @pytest.mark.parametrize(
        "fields",
        [
            {"app_id": "shop"},
            {"env_id": "dev"},
            {"env_type": "development"},
            {"res_id": "modules.api"},
            {"app_id": "shop", "env_id": "dev", "env_type": "development", "res_id": "modules.api"},
        ],
    )
    def test_matches_when_every_set_field_equals_the_context(self, fields: dict[str, str]) -> None:
        assert criterion_matches(criterion(**fields), CTX) is True

    @pytest.mark.parametrize(
        "fields",
        [
            {"app_id": "other"},
            {"env_id": "prod"},
            {"env_type": "production"},
            {"res_id": "modules.web"},
            {"env_type": "development", "env_id": "prod"},
            {"env_type": "production", "env_id": "dev"},
        ],
    )
    def test_does_not_match_when_any_set_field_differs(self, fields: dict[str, str]) -> None:
        assert criterion_matches(criterion(**fields), CTX) is False


class TestBestMatch:
    def test_no_definitions_no_match(self) -> None:
        assert best_match([], CTX) is None

    def test_a_definition_without_criteria_never_matches(self) -> None:
        assert winner([definition("bare")]) is None

    def test_a_definition_of_another_resource_type_never_matches(self) -> None:
        assert winner([definition("db", criterion(), type_="postgres")]) is None

    @pytest.mark.parametrize(
        ("specific", "general"),
        [
            ({"res_id": "modules.api"}, {"env_id": "dev", "app_id": "shop", "env_type": "development"}),
            ({"env_id": "dev"}, {"app_id": "shop", "env_type": "development"}),
            ({"app_id": "shop"}, {"env_type": "development"}),
            ({"env_type": "development"}, {}),
            ({"env_id": "dev", "env_type": "development"}, {"env_id": "dev"}),
            ({"res_id": "modules.api", "env_type": "development"}, {"res_id": "modules.api"}),
        ],
    )
    def test_the_more_specific_criterion_wins_whatever_the_order_or_ids(
        self, specific: dict[str, str], general: dict[str, str]
    ) -> None:
        # The general definition's id sorts first, so only specificity can make the other one win.
        candidates = [definition("a-general", criterion(**general)), definition("z-specific", criterion(**specific))]

        assert winner(candidates) == "z-specific"
        assert winner(candidates[::-1]) == "z-specific"

    def test_a_non_matching_specific_criterion_does_not_win(self) -> None:
        candidates = [definition("a-general", criterion()), definition("z-prod", criterion(env_id="prod"))]

        assert winner(candidates) == "a-general"

    def test_a_tie_goes_to_the_smallest_definition_id(self) -> None:
        candidates = [
            definition("echo-c", criterion(env_type="development")),
            definition("echo-a", criterion(env_type="development")),
            definition("echo-b", criterion(env_type="development")),
        ]

        assert winner(candidates) == "echo-a"
        assert winner(candidates[::-1]) == "echo-a"

    def test_reports_the_most_specific_matching_criterion_of_the_definition(self) -> None:
        chosen = criterion(id="by-env", env_id="dev")
        candidates = [definition("echo", criterion(id="by-type", env_type="development"), chosen)]

        match = best_match(candidates, CTX)

        assert match is not None
        assert match.criterion == chosen


DEFINITIONS = (definition("echo", criterion(env_type="development")),)
TWO_MODULES: dict[str, Any] = {"modules": {"web": {}, "api": {}}, "shared": {}}


def workloads(nodes: list[GraphNode]) -> list[GraphNode]:
    """The workload nodes (every graph also has the environment's implicit namespace)."""
    return [n for n in nodes if n.type == "workload"]


class TestResolve:
    def test_gives_one_workload_node_per_module_in_name_order(self) -> None:
        nodes = workloads(resolve(DEPLOYMENT, TWO_MODULES, list(DEFINITIONS)))
        namespace = guresid(DEPLOYMENT, "k8s-namespace", "default", "k8s-namespace")

        assert nodes == [
            GraphNode(
                guresid=guresid(DEPLOYMENT, "workload", "default", f"modules.{name}"),
                res_id=f"modules.{name}",
                type="workload",
                class_="default",
                def_id="echo",
                driver_type="humanitec/echo",
                driver=DriverInputs(values={"from": "echo"}, secrets={"token": "echo-secret"}),
                depends_on=(namespace,),
                criterion_id=nodes[0].criterion_id,
            )
            for name in ("api", "web")
        ]

    def test_an_empty_set_gives_an_empty_graph(self) -> None:
        assert resolve(DEPLOYMENT, {"modules": {}, "shared": {}}, list(DEFINITIONS)) == []

    def test_guresid_is_40_hex_characters(self) -> None:
        (node,) = workloads(resolve(DEPLOYMENT, {"modules": {"api": {}}}, list(DEFINITIONS)))

        assert re.fullmatch(r"[0-9a-f]{40}", node.guresid) is not None

    def test_the_same_inputs_give_the_same_guresid(self) -> None:
        first = resolve(DEPLOYMENT, TWO_MODULES, list(DEFINITIONS))
        second = resolve(DeploymentContext("acme", "shop", "dev", "development"), TWO_MODULES, list(DEFINITIONS))

        assert [n.guresid for n in first] == [n.guresid for n in second]

    @pytest.mark.parametrize(
        "other",
        [
            DeploymentContext(org_id="acme", app_id="shop", env_id="prod", env_type="development"),
            DeploymentContext(org_id="acme", app_id="cart", env_id="dev", env_type="development"),
            DeploymentContext(org_id="umbrella", app_id="shop", env_id="dev", env_type="development"),
        ],
    )
    def test_a_different_place_gives_a_different_guresid(self, other: DeploymentContext) -> None:
        (here,) = workloads(resolve(DEPLOYMENT, {"modules": {"api": {}}}, list(DEFINITIONS)))
        (there,) = workloads(resolve(other, {"modules": {"api": {}}}, list(DEFINITIONS)))

        assert here.guresid != there.guresid

    def test_different_resources_have_different_guresids(self) -> None:
        api, web = workloads(resolve(DEPLOYMENT, TWO_MODULES, list(DEFINITIONS)))

        assert api.guresid != web.guresid

    def test_guresid_fields_cannot_run_into_each_other(self) -> None:
        one = DeploymentContext(org_id="a", app_id="bc", env_id="dev", env_type="development")
        two = DeploymentContext(org_id="ab", app_id="c", env_id="dev", env_type="development")

        assert guresid(one, "workload", "default", "modules.api") != guresid(two, "workload", "default", "modules.api")

    def test_a_module_without_a_matching_definition_is_a_res_001_error(self) -> None:
        production_only = [definition("echo", criterion(env_type="production"))]

        with pytest.raises(ResolutionError) as caught:
            resolve(DEPLOYMENT, {"modules": {"api": {}}}, production_only)

        (error,) = caught.value.errors
        assert (error.code, error.scope, error.object_id) == ("RES-001", "resource", "modules.api")
        for name in ("'modules.api'", "'workload'", "'default'", "app 'shop'", "environment 'dev'", "'development'"):
            assert name in error.message

    def test_every_unmatched_module_is_reported(self) -> None:
        with pytest.raises(ResolutionError) as caught:
            resolve(DEPLOYMENT, TWO_MODULES, [])

        assert [e.object_id for e in caught.value.errors] == ["modules.api", "modules.web"]
        assert str(caught.value) == "; ".join(e.message for e in caught.value.errors)
