"""The deployment saga: which driver calls to make next, and when a deployment ends."""

from __future__ import annotations

from orch_deployer.domain.saga import DeploymentRun, Step, call_failed, call_id, call_succeeded, start
from shared.contracts import DeploymentError, DriverInputs, GraphNode

ERROR = DeploymentError(code="RES-104", scope="resource", object_id="modules.db", summary="failed", message="boom")


def node(guresid: str, *depends_on: str) -> GraphNode:
    return GraphNode(
        guresid=guresid,
        res_id=f"modules.{guresid}",
        type="workload",
        class_="default",
        def_id="echo",
        driver_type="humanitec/echo",
        driver=DriverInputs(),
        depends_on=depends_on,
    )


A, B = node("a"), node("b")
C_AFTER_A_AND_B = node("c", "a", "b")


def begin(*nodes: GraphNode) -> Step:
    return start("acme", "shop", "dev", "deploy-1", nodes)


def statuses(run: DeploymentRun) -> dict[str, str]:
    return {g: n.status for g, n in run.nodes.items()}


class TestStart:
    def test_requests_every_node_without_dependencies(self) -> None:
        step = begin(A, B, C_AFTER_A_AND_B)

        assert step.to_request == (A, B)
        assert statuses(step.run) == {"a": "requested", "b": "requested", "c": "waiting"}
        assert (step.finished, step.run.status) == (False, "running")

    def test_an_empty_graph_succeeds_at_once(self) -> None:
        step = begin()

        assert (step.finished, step.run.status, step.to_request) == (True, "succeeded", ())

    def test_carries_the_deployment_identity(self) -> None:
        run = begin(A).run

        assert (run.org_id, run.app_id, run.env_id, run.deploy_id) == ("acme", "shop", "dev", "deploy-1")


class TestCallSucceeded:
    def test_a_dependent_waits_until_every_dependency_succeeded(self) -> None:
        after_a = call_succeeded(begin(A, B, C_AFTER_A_AND_B).run, "a", {})

        assert after_a.to_request == ()
        assert statuses(after_a.run)["c"] == "waiting"

        after_b = call_succeeded(after_a.run, "b", {})

        assert after_b.to_request == (C_AFTER_A_AND_B,)
        assert statuses(after_b.run)["c"] == "requested"
        assert after_b.finished is False

    def test_all_nodes_succeeded_finishes_the_deployment_as_succeeded(self) -> None:
        run = begin(A, B).run

        run = call_succeeded(run, "a", {"host": "a.local"}).run
        step = call_succeeded(run, "b", {})

        assert (step.finished, step.run.status, step.to_request) == (True, "succeeded", ())
        assert step.run.nodes["a"].outputs == {"host": "a.local"}

    def test_a_repeated_result_does_not_request_dependents_twice(self) -> None:
        run = call_succeeded(call_succeeded(begin(A, B, C_AFTER_A_AND_B).run, "a", {}).run, "b", {}).run

        again = call_succeeded(run, "b", {})

        assert again.to_request == ()
        assert again.finished is False

    def test_an_unknown_guresid_is_ignored(self) -> None:
        run = begin(A).run

        step = call_succeeded(run, "nope", {})

        assert step == Step(run, (), finished=False)

    def test_a_result_after_the_deployment_failed_is_ignored(self) -> None:
        failed = call_failed(begin(A, B).run, "a", ERROR).run

        step = call_succeeded(failed, "b", {"late": True})

        assert step == Step(failed, (), finished=False)


class TestCallFailed:
    def test_a_failure_finishes_the_deployment_as_failed_with_the_error(self) -> None:
        step = call_failed(begin(A, B, C_AFTER_A_AND_B).run, "a", ERROR)

        assert (step.finished, step.run.status, step.to_request) == (True, "failed", ())
        assert step.run.errors == (ERROR,)
        assert statuses(step.run) == {"a": "failed", "b": "requested", "c": "waiting"}

    def test_a_second_failure_after_the_end_is_ignored(self) -> None:
        failed = call_failed(begin(A, B).run, "a", ERROR).run

        step = call_failed(failed, "b", ERROR.model_copy(update={"object_id": "modules.b"}))

        assert step == Step(failed, (), finished=False)

    def test_a_failure_after_the_deployment_succeeded_is_ignored(self) -> None:
        succeeded = call_succeeded(begin(A).run, "a", {}).run

        step = call_failed(succeeded, "a", ERROR)

        assert step == Step(succeeded, (), finished=False)

    def test_an_unknown_guresid_is_ignored(self) -> None:
        run = begin(A).run

        assert call_failed(run, "nope", ERROR) == Step(run, (), finished=False)


def test_call_id_names_deployment_resource_and_action() -> None:
    assert call_id("deploy-1", "a") == "deploy-1:a:put"
    assert call_id("deploy-1", "a", "delete") == "deploy-1:a:delete"
