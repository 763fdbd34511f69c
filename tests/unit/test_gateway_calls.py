"""The driver gateway against a scripted fake driver: polling, retrying, giving up, and the result event."""

from __future__ import annotations

from typing import Any

from orch_gateway.adapters.driver_client import DriverAnswer, DriverClient
from orch_gateway.domain.policy import RetryPolicy
from orch_gateway.service_layer.calls import CallResult, DriverGateway, _outcome
from shared import contracts as c
from shared.errors import TransientError

GURESID = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"
NO_WAIT = RetryPolicy(max_attempts=3, initial_s=0, poll_interval_s=0, max_s=0)
ECHO_URL = f"http://echo:8090/{GURESID}"
PUT_BODY = {
    "type": "workload",
    "resource": {},
    "driver": {"values": {"image": "api:1"}, "secrets": {"token": "t0ken"}},
}


def answer(status: int, body: Any = None) -> DriverAnswer:
    return DriverAnswer(status=status, body=body, cookie=None)


OK = answer(200, {"id": GURESID, "type": "workload", "resource": {"values": {}, "secrets": {}}, "manifests": []})


class ScriptedDriverClient(DriverClient):
    """Answers from a script, one per call; the last answer repeats once the script runs out."""

    def __init__(self, *script: DriverAnswer | TransientError) -> None:
        self._script = list(script)
        self.requests: list[tuple[str, str, dict[str, Any] | None]] = []

    async def call(self, method: str, url: str, *, body: dict[str, Any] | None, cookie: str | None) -> DriverAnswer:
        self.requests.append((method, url, body))
        step = self._script.pop(0) if len(self._script) > 1 else self._script[0]
        if isinstance(step, TransientError):
            raise step
        return step


def driver_call(*, driver_type: str = "humanitec/echo", action: str = "put") -> c.DriverCallRequested:
    node = c.GraphNode(
        guresid=GURESID,
        res_id="modules.api",
        type="workload",
        class_="default",
        def_id="echo-workload",
        driver_type=driver_type,
        driver=c.DriverInputs(values={"image": "api:1"}, secrets={"token": "t0ken"}),
    )
    return c.DriverCallRequested.model_validate(
        {
            "call_id": f"deploy-1:{GURESID}:{action}",
            "org_id": "acme",
            "app_id": "shop",
            "env_id": "dev",
            "deploy_id": "deploy-1",
            "action": action,
            "node": node,
        }
    )


def gateway(client: DriverClient) -> DriverGateway:
    return DriverGateway(client, targets={"humanitec/echo": "http://echo:8090"}, policy=NO_WAIT)


class TestExecute:
    async def test_a_200_is_done_after_one_attempt(self) -> None:
        client = ScriptedDriverClient(OK)

        result = await gateway(client).execute(driver_call())

        assert result == CallResult(OK, attempts=1)
        assert client.requests == [("PUT", ECHO_URL, PUT_BODY)]

    async def test_a_202_is_polled_until_the_driver_is_done(self) -> None:
        client = ScriptedDriverClient(answer(202), answer(202), OK)

        result = await gateway(client).execute(driver_call())

        assert result == CallResult(OK, attempts=3)
        assert client.requests == [("PUT", ECHO_URL, PUT_BODY)] * 3

    async def test_transient_statuses_are_retried(self) -> None:
        client = ScriptedDriverClient(answer(503), answer(503), OK)

        result = await gateway(client).execute(driver_call())

        assert result == CallResult(OK, attempts=3)

    async def test_an_unreachable_driver_is_retried(self) -> None:
        client = ScriptedDriverClient(TransientError("driver unreachable: refused"), OK)

        result = await gateway(client).execute(driver_call())

        assert result == CallResult(OK, attempts=2)

    async def test_a_400_fails_without_a_retry(self) -> None:
        refused = answer(400, {"error": "RES-104", "message": "bad input"})
        client = ScriptedDriverClient(refused, OK)

        result = await gateway(client).execute(driver_call())

        assert result == CallResult(refused, attempts=1)
        assert len(client.requests) == 1

    async def test_gives_up_after_max_attempts_of_transient_statuses(self) -> None:
        client = ScriptedDriverClient(answer(503))

        result = await gateway(client).execute(driver_call())

        assert result == CallResult(None, attempts=3, error="driver answered 503 (after 3 attempts)")
        assert len(client.requests) == NO_WAIT.max_attempts

    async def test_gives_up_after_max_attempts_of_an_unreachable_driver(self) -> None:
        client = ScriptedDriverClient(TransientError("driver unreachable: refused"))

        result = await gateway(client).execute(driver_call())

        assert result == CallResult(None, attempts=3, error="driver unreachable: refused (after 3 attempts)")

    async def test_an_unknown_driver_type_fails_without_any_call(self) -> None:
        client = ScriptedDriverClient(OK)

        result = await gateway(client).execute(driver_call(driver_type="acme/unknown"))

        assert result == CallResult(None, attempts=0, error="no driver registered for driver type 'acme/unknown'")
        assert client.requests == []

    async def test_a_delete_sends_no_body(self) -> None:
        client = ScriptedDriverClient(answer(204))

        result = await gateway(client).execute(driver_call(action="delete"))

        assert result == CallResult(answer(204), attempts=1)
        assert client.requests == [("DELETE", ECHO_URL, None)]


class TestOutcome:
    def test_output_values_become_outputs_and_only_secret_keys_travel(self) -> None:
        body = {
            "id": GURESID,
            "type": "workload",
            "resource": {"values": {"host": "api.local", "port": 8080}, "secrets": {"token": "s3cr3t", "api": "k3y"}},
        }

        event = _outcome(driver_call(), CallResult(answer(200, body), attempts=2))

        assert event == c.DriverCallSucceeded(
            call_id=f"deploy-1:{GURESID}:put",
            org_id="acme",
            app_id="shop",
            env_id="dev",
            deploy_id="deploy-1",
            guresid=GURESID,
            outputs={"host": "api.local", "port": 8080},
            secret_keys=("api", "token"),
            attempts=2,
        )

    def test_no_secret_value_appears_anywhere_in_the_event(self) -> None:
        body = {"resource": {"values": {"host": "api.local"}, "secrets": {"token": "s3cr3t-value"}}}

        event = _outcome(driver_call(), CallResult(answer(200, body), attempts=1))

        assert "s3cr3t-value" not in event.model_dump_json()
        assert "t0ken" not in event.model_dump_json()

    def test_a_204_without_a_body_succeeds_with_no_outputs(self) -> None:
        event = _outcome(driver_call(action="delete"), CallResult(answer(204), attempts=1))

        assert isinstance(event, c.DriverCallSucceeded)
        assert (event.outputs, event.secret_keys) == ({}, ())

    def test_a_400_body_becomes_a_deployment_error_with_the_drivers_code(self) -> None:
        refused = answer(400, {"error": "RES-104", "message": "the image is missing"})

        event = _outcome(driver_call(), CallResult(refused, attempts=1))

        assert isinstance(event, c.DriverCallFailed)
        assert (event.error.code, event.error.scope, event.error.object_id) == ("RES-104", "resource", "modules.api")
        assert event.error.message == (
            "driver answered 400: the image is missing (definition 'echo-workload', type 'workload')"
        )
        assert (event.guresid, event.attempts) == (GURESID, 1)

    def test_a_refusal_without_an_error_object_gets_res_100(self) -> None:
        event = _outcome(driver_call(), CallResult(answer(404, {"raw": "<html>"}), attempts=1))

        assert isinstance(event, c.DriverCallFailed)
        assert event.error.code == "RES-100"

    def test_giving_up_becomes_a_res_500_error_with_the_reason(self) -> None:
        result = CallResult(None, attempts=3, error="driver answered 503 (after 3 attempts)")

        event = _outcome(driver_call(), result)

        assert isinstance(event, c.DriverCallFailed)
        assert event.error.code == "RES-500"
        assert event.error.message.startswith("driver answered 503 (after 3 attempts)")
        assert event.attempts == 3

    def test_a_200_with_a_malformed_resource_fails_the_call(self) -> None:
        event = _outcome(driver_call(), CallResult(answer(200, {"resource": ["not", "an", "object"]}), attempts=1))

        assert isinstance(event, c.DriverCallFailed)
