"""The resource graph: set resources, references, co-provisioning, selectors, cycles, errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.contracts import Criterion, DriverInputs, GraphNode, ResourceDefinitionSpec
from shared.contracts.resources import ProvisionDependency
from shared.resolution.graph import DeploymentContext, ResolutionError, graph_id, guresid, resolve
from shared.resolution.matching import DefinitionIndex, MatchContext, rank_key

CTX = DeploymentContext(org_id="acme", app_id="shop", env_id="dev", env_type="development")


def definition(
    def_id: str,
    type_: str,
    values: dict[str, Any] | None = None,
    provision: dict[str, ProvisionDependency] | None = None,
    criteria: tuple[Criterion, ...] | None = None,
) -> ResourceDefinitionSpec:
    return ResourceDefinitionSpec(
        id=def_id,
        name=def_id,
        type=type_,
        driver_type="humanitec/echo",
        driver_inputs=DriverInputs(values=values or {}),
        provision=provision or {},
        criteria=criteria if criteria is not None else (Criterion(id=f"{def_id}-0"),),
    )


WORKLOAD = definition("wl", "workload")


def by_res(nodes: list[GraphNode]) -> dict[tuple[str, str], GraphNode]:
    return {(n.type, n.res_id): n for n in nodes}


def gid(type_: str, res_id: str, class_: str = "default") -> str:
    return guresid(CTX, type_, class_, res_id)


def module(spec: dict[str, Any] | None = None, externals: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"spec": spec or {}, "externals": externals or {}}


class TestResourcesOfASet:
    def test_externals_are_private_resources_the_workload_depends_on(self) -> None:
        nodes = resolve(
            CTX,
            {"modules": {"web": module(externals={"db": {"type": "postgres", "params": {"size": 1}}})}},
            [WORKLOAD, definition("pg", "postgres")],
        )
        found = by_res(nodes)
        db = found[("postgres", "modules.web.externals.db")]
        web = found[("workload", "modules.web")]

        assert {"size": 1} == db.resource
        assert {db.guresid, gid("k8s-namespace", "k8s-namespace")} == set(web.depends_on)
        assert nodes.index(db) < nodes.index(web)

    def test_a_shared_resource_used_in_a_workload_becomes_its_dependency(self) -> None:
        deployment_set = {
            "modules": {"web": module({"containers": {"c": {"variables": {"HOST": "${shared.dns.host}"}}}})},
            "shared": {"dns": {"type": "dns"}},
        }
        found = by_res(resolve(CTX, deployment_set, [WORKLOAD, definition("dns", "dns")]))

        assert gid("dns", "shared.dns") in found[("workload", "modules.web")].depends_on

    def test_a_reference_to_an_undeclared_resource_is_an_error_with_its_location(self) -> None:
        deployment_set = {"modules": {"web": module({"containers": {"c": {"variables": {"X": "${shared.nope.x}"}}}})}}

        with pytest.raises(ResolutionError) as caught:
            resolve(CTX, deployment_set, [WORKLOAD])

        (error,) = caught.value.errors
        assert ("RES-002", "modules.web") == (error.code, error.object_id)
        assert "modules.web.spec.containers.c.variables.X" in error.message
        assert "'nope'" in error.message

    def test_a_malformed_placeholder_is_an_error_not_a_crash(self) -> None:
        deployment_set = {"modules": {"web": module({"x": "${values..broken}"})}}

        with pytest.raises(ResolutionError) as caught:
            resolve(CTX, deployment_set, [WORKLOAD])

        assert ["RES-002"] == [e.code for e in caught.value.errors]


class TestReferencesBetweenDefinitions:
    def test_a_reference_adds_the_resource_with_the_current_class_and_id(self) -> None:
        pg = definition("pg", "postgres", {"host": "${resources.postgres-instance.outputs.host}"})
        nodes = resolve(
            CTX,
            {"modules": {"web": module(externals={"db": {"type": "postgres"}})}},
            [WORKLOAD, pg, definition("inst", "postgres-instance")],
        )
        found = by_res(nodes)
        instance = found[("postgres-instance", "modules.web.externals.db")]
        db = found[("postgres", "modules.web.externals.db")]

        assert (instance.guresid,) == db.depends_on
        assert {"resources.postgres-instance.outputs.host": (instance.guresid,)} == db.refs

    def test_the_bracket_form_names_an_explicit_id(self) -> None:
        route = definition("route", "route", {"host": "${resources['dns#shared.api'].outputs.host}"})
        nodes = resolve(
            CTX,
            {"modules": {"web": module(externals={"r": {"type": "route"}})}},
            [WORKLOAD, route, definition("dns", "dns")],
        )

        assert ("dns", "shared.api") in by_res(nodes)

    def test_a_referenced_resource_without_a_definition_is_reported(self) -> None:
        pg = definition("pg", "postgres", {"host": "${resources.postgres-instance.outputs.host}"})

        with pytest.raises(ResolutionError) as caught:
            resolve(CTX, {"modules": {"web": module(externals={"db": {"type": "postgres"}})}}, [WORKLOAD, pg])

        assert [("RES-001", "modules.web.externals.db")] == [(e.code, e.object_id) for e in caught.value.errors]
        assert "'postgres-instance'" in caught.value.errors[0].message

    def test_values_placeholders_are_refused_in_definitions(self) -> None:
        bad = definition("wl", "workload", {"x": "${values.KEY}"})

        with pytest.raises(ResolutionError) as caught:
            resolve(CTX, {"modules": {"web": module()}}, [bad])

        assert "cannot be used in a resource definition" in caught.value.errors[0].message
        assert "driver_inputs.values.x" in caught.value.errors[0].message

    def test_a_cycle_is_reported_with_its_path(self) -> None:
        a = definition("a", "alpha", {"x": "${resources.beta.outputs.y}"})
        b = definition("b", "beta", {"y": "${resources.alpha.outputs.x}"})

        with pytest.raises(ResolutionError) as caught:
            resolve(CTX, {"modules": {"web": module(externals={"e": {"type": "alpha"}})}}, [WORKLOAD, a, b])

        (error,) = caught.value.errors
        assert "RES-003" == error.code
        assert (
            "alpha.default#modules.web.externals.e -> beta.default#modules.web.externals.e"
            " -> alpha.default#modules.web.externals.e"
        ) in error.message


class TestCoProvisioning:
    def test_a_dependent_co_provisioned_resource_comes_after_the_current_one(self) -> None:
        wl = definition("wl", "workload", provision={"aws-role": ProvisionDependency(is_dependent=True)})
        found = by_res(resolve(CTX, {"modules": {"web": module()}}, [wl, definition("role", "aws-role")]))

        role = found[("aws-role", "modules.web")]
        assert gid("workload", "modules.web") in role.depends_on

    def test_match_dependents_makes_the_dependents_depend_on_it_too(self) -> None:
        pg = definition(
            "pg", "postgres", provision={"aws-policy": ProvisionDependency(match_dependents=True, params={"p": 1})}
        )
        found = by_res(
            resolve(
                CTX,
                {"modules": {"web": module(externals={"db": {"type": "postgres"}})}},
                [WORKLOAD, pg, definition("pol", "aws-policy")],
            )
        )
        policy = found[("aws-policy", "modules.web.externals.db")]

        assert {"p": 1} == policy.resource
        assert policy.guresid in found[("workload", "modules.web")].depends_on

    def test_a_selector_collects_what_a_resource_depends_on(self) -> None:
        role = definition("role", "aws-role", {"policies": "${resources.workload>aws-policy.outputs.arn}"})
        wl = definition("wl", "workload", provision={"aws-role": ProvisionDependency()})
        pg = definition("pg", "postgres", provision={"aws-policy": ProvisionDependency(match_dependents=True)})
        deployment_set = {"modules": {"web": module(externals={"db": {"type": "postgres"}})}}
        found = by_res(resolve(CTX, deployment_set, [wl, role, pg, definition("pol", "aws-policy")]))

        role_node = found[("aws-role", "modules.web")]
        policy = found[("aws-policy", "modules.web.externals.db")]
        assert (policy.guresid,) == role_node.refs["resources.workload>aws-policy.outputs.arn"]
        assert policy.guresid in role_node.depends_on


class TestContentAddress:
    def test_the_same_graph_has_the_same_id_whatever_the_definition_order(self) -> None:
        defs = [WORKLOAD, definition("pg", "postgres"), definition("dns", "dns")]
        deployment_set = {
            "modules": {"web": module(externals={"db": {"type": "postgres"}})},
            "shared": {"dns": {"type": "dns"}},
        }

        assert graph_id(resolve(CTX, deployment_set, defs)) == graph_id(resolve(CTX, deployment_set, defs[::-1]))
        assert graph_id(resolve(CTX, deployment_set, defs)) != graph_id(
            resolve(CTX, {"modules": {"web": module()}}, defs)
        )


class TestProperties:
    @given(st.lists(st.lists(st.integers(min_value=0, max_value=11), max_size=3), min_size=1, max_size=12))
    @settings(max_examples=60, deadline=None)
    def test_forward_references_always_give_a_graph_in_dependency_order(self, refs: list[list[int]]) -> None:
        """Type i may reference type j > i only: the graph has no cycle, and comes out ordered."""
        n = len(refs)
        defs = [
            definition(
                f"d{i}",
                f"t{i}",
                {f"r{j}": f"${{resources.t{j}.outputs.x}}" for j in targets if i < j < n},
            )
            for i, targets in enumerate(refs)
        ]
        nodes = resolve(CTX, {"modules": {"web": module(externals={"e": {"type": "t0"}})}}, [WORKLOAD, *defs])

        seen: set[str] = set()
        for node in nodes:
            assert set(node.depends_on) <= seen
            seen.add(node.guresid)
        assert len(seen) == len(nodes)

    @given(
        st.lists(
            st.tuples(
                st.sampled_from([None, "shop", "other"]),
                st.sampled_from([None, "dev", "prod"]),
                st.sampled_from([None, "development", "production"]),
                st.sampled_from([None, "modules.web", "x"]),
            ),
            min_size=1,
            max_size=8,
        )
    )
    @settings(max_examples=80, deadline=None)
    def test_the_index_picks_what_a_full_ranking_picks(self, fields: list[tuple[str | None, ...]]) -> None:
        defs = [
            definition(
                f"d{i}",
                "workload",
                criteria=(Criterion(id=f"c{i}", app_id=a, env_id=e, env_type=t, res_id=r),),
            )
            for i, (a, e, t, r) in enumerate(fields)
        ]
        ctx = MatchContext("acme", "shop", "dev", "development", "modules.web", "workload")
        index = DefinitionIndex(defs)
        ranked = sorted(index.candidates(ctx), key=rank_key)
        best = index.best(ctx)

        assert (ranked[0] if ranked else None) == best
        for m in ranked:
            assert m.criterion.app_id in (None, "shop")
            assert m.criterion.env_id in (None, "dev")
