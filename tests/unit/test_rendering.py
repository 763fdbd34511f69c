"""The deployer renders a node's inputs from the deployment's context and its dependencies' outputs."""

from __future__ import annotations

from typing import Any

import pytest

from orch_deployer.domain import saga
from orch_deployer.domain.rendering import RenderContext, render_values
from shared.contracts import DriverInputs, GraphNode
from shared.placeholders import PlaceholderError

CTX = RenderContext("acme", "shop", "dev", "development", "d1")


def node(
    guresid: str, values: dict[str, Any], refs: dict[str, tuple[str, ...]] | None = None, depends: tuple[str, ...] = ()
) -> GraphNode:
    return GraphNode(
        guresid=guresid,
        res_id=f"modules.web.externals.{guresid}",
        type="postgres",
        class_="default",
        def_id="pg",
        driver_type="humanitec/echo",
        driver=DriverInputs(values=values),
        refs=refs or {},
        depends_on=depends,
    )


class TestRenderValues:
    def test_context_values(self) -> None:
        values = {
            "ns": "${context.app.id}-${context.env.id}",
            "type": "${context.env.type}",
            "me": "${context.res.guresid}",
            "d": "${context.deploy.id}",
        }

        assert {"ns": "shop-dev", "type": "development", "me": "g1", "d": "d1"} == render_values(
            node("g1", values), CTX, {}
        )

    def test_outputs_of_a_referenced_resource_keep_their_type(self) -> None:
        n = node(
            "g1",
            {"port": "${resources.postgres-instance.outputs.port}"},
            {"resources.postgres-instance.outputs.port": ("g0",)},
        )

        assert {"port": 5432} == render_values(n, CTX, {"g0": {"port": 5432}})

    def test_a_selector_gives_a_list(self) -> None:
        text = "resources.workload>aws-policy.outputs.arn"
        n = node("g1", {"arns": "${" + text + "}"}, {text: ("a", "b")})

        assert {"arns": ["arn-a", "arn-b"]} == render_values(n, CTX, {"a": {"arn": "arn-a"}, "b": {"arn": "arn-b"}})

    def test_a_missing_output_is_an_error_with_its_location(self) -> None:
        n = node("g1", {"x": {"y": "${resources.dns.outputs.host}"}}, {"resources.dns.outputs.host": ("g0",)})

        with pytest.raises(PlaceholderError) as caught:
            render_values(n, CTX, {"g0": {}})

        assert "driver_inputs.values.x.y" == caught.value.location


class TestSagaRendersBeforeCalling:
    def test_a_dependent_is_requested_with_its_dependencys_outputs_written_in(self) -> None:
        dependency = node("g0", {"host": "db.internal"})
        dependent = node(
            "g1", {"url": "pg://${resources.x.outputs.host}"}, {"resources.x.outputs.host": ("g0",)}, ("g0",)
        )
        step = saga.start("acme", "shop", "dev", "d1", (dependency, dependent), env_type="development")

        step = saga.call_succeeded(step.run, "g0", {"host": "db.internal"})

        (requested,) = step.to_request
        assert {"url": "pg://db.internal"} == requested.driver.values

    def test_a_placeholder_that_cannot_render_fails_the_deployment_with_res_002(self) -> None:
        broken = node("g1", {"x": "${context.nope.id}"})

        step = saga.start("acme", "shop", "dev", "d1", (broken,))

        assert (True, "failed") == (step.finished, step.run.status)
        assert ["RES-002"] == [e.code for e in step.run.errors]
