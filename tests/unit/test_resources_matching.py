"""Matching rank of resource definitions: which criteria match, how specific they are, the order
the list endpoint answers in, and the definition the resolver would pick."""

from __future__ import annotations

from orch_api.domain.resources_matching import (
    MatchContext,
    best_owner,
    criterion_key,
    criterion_matches,
    rank_definitions,
    specificity,
)
from orch_api.domain.resources_model import OwnedCriterion
from shared import contracts as c

FULL = MatchContext(app_id="shop", env_id="dev", env_type="development", res_id="shared.db", class_="default")


def rule(**fields: str) -> c.Criterion:
    return c.Criterion(id="-".join(sorted(fields)) or "any", **fields)


def spec(def_id: str, *criteria: c.Criterion, type_: str = "postgres") -> c.ResourceDefinitionSpec:
    return c.ResourceDefinitionSpec(id=def_id, name=def_id, type=type_, driver_type="humanitec/echo", criteria=criteria)


class TestCriterionMatches:
    def test_an_empty_criterion_matches_every_resource_of_class_default(self) -> None:
        assert criterion_matches(rule(), FULL) is True

    def test_every_field_a_criterion_sets_must_equal_the_context(self) -> None:
        assert criterion_matches(rule(app_id="shop", env_type="development"), FULL) is True
        assert criterion_matches(rule(app_id="shop", env_type="staging"), FULL) is False

    def test_the_class_must_be_the_resources(self) -> None:
        assert criterion_matches(rule(class_="large"), FULL) is False

    def test_a_field_the_context_does_not_know_could_match(self) -> None:
        partial = MatchContext(app_id="shop")

        assert criterion_matches(rule(env_id="prod", class_="large"), partial) is True
        assert criterion_matches(rule(app_id="other"), partial) is False


class TestSpecificity:
    def test_fields_rank_res_id_over_env_id_over_app_id_over_env_type(self) -> None:
        ranked = sorted(
            [rule(env_type="x"), rule(app_id="x"), rule(env_id="x"), rule(res_id="x"), rule()],
            key=specificity,
            reverse=True,
        )

        assert ["res_id", "env_id", "app_id", "env_type", "any"] == [r.id for r in ranked]

    def test_a_more_specific_field_outranks_any_number_of_less_specific_ones(self) -> None:
        assert specificity(rule(env_id="x")) > specificity(rule(app_id="x", env_type="y"))

    def test_the_key_of_a_criterion_ignores_its_id(self) -> None:
        assert criterion_key(rule(app_id="a")) == criterion_key(c.Criterion(id="other", app_id="a"))


class TestRankDefinitions:
    def test_matching_definitions_come_grouped_by_type_most_specific_first(self) -> None:
        definitions = [
            spec("any-env", rule()),
            spec("shop", rule(app_id="shop")),
            spec("shop-dev", rule(app_id="shop", env_id="dev")),
            spec("other", rule(app_id="other")),
            spec("no-criteria"),
            spec("cache", rule(), type_="redis"),
        ]

        ranked = rank_definitions(definitions, FULL)

        assert ["shop-dev", "shop", "any-env", "cache"] == [r.definition.id for r in ranked]

    def test_a_definition_ranks_by_its_most_specific_matching_criterion(self) -> None:
        definitions = [spec("two-rules", rule(), rule(res_id="shared.db")), spec("env", rule(env_id="dev"))]

        ranked = rank_definitions(definitions, FULL)

        assert [("two-rules", "res_id"), ("env", "env_id")] == [(r.definition.id, r.criterion.id) for r in ranked]

    def test_equal_ranks_go_to_the_smallest_definition_id_and_a_type_filter_applies(self) -> None:
        definitions = [spec("b", rule()), spec("a", rule(class_="default")), spec("c", rule(), type_="redis")]

        assert ["a", "b"] == [r.definition.id for r in rank_definitions(definitions, FULL, "postgres")]


class TestBestOwner:
    def test_picks_the_definition_of_the_most_specific_matching_criterion(self) -> None:
        criteria = [
            OwnedCriterion(def_id="broad", criterion=rule()),
            OwnedCriterion(def_id="narrow", criterion=rule(env_id="dev")),
            OwnedCriterion(def_id="elsewhere", criterion=rule(env_id="prod", res_id="shared.db")),
        ]

        assert "narrow" == best_owner(criteria, FULL)

    def test_none_when_nothing_matches(self) -> None:
        assert best_owner([OwnedCriterion(def_id="x", criterion=rule(app_id="other"))], FULL) is None
