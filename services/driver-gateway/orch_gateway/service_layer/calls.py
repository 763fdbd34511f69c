"""Carrying out a driver call: polling on 202, retrying transient failures, then one result event."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import structlog

from orch_gateway.adapters.driver_client import DriverAnswer, DriverClient, driver_url
from orch_gateway.domain.policy import RetryPolicy, Verdict, judge
from orch_gateway.domain.secrets import Opener, open_secrets
from shared import contracts as c
from shared.consumer import Delivery, Handler
from shared.crypto import SecretError
from shared.errors import TransientError
from shared.kafka import EVENTS

log = structlog.get_logger(__name__)
GATEWAY_GROUP = "driver-gateway"


@dataclass(frozen=True)
class CallResult:
    answer: DriverAnswer | None
    attempts: int
    error: str | None = None


class DriverGateway:
    def __init__(
        self,
        client: DriverClient,
        *,
        targets: Mapping[str, str],
        policy: RetryPolicy,
        opener: Opener | None = None,
    ) -> None:
        self._client = client
        self._targets = dict(targets)
        self._policy = policy
        self._opener = opener

    async def execute(self, call: c.DriverCallRequested) -> CallResult:
        target = self._targets.get(call.node.driver_type)
        if target is None:
            return CallResult(None, 0, f"no driver registered for driver type '{call.node.driver_type}'")
        url = driver_url(target, call.node.guresid)
        # Secrets are opened here, for this request only; they never go back onto Kafka.
        try:
            secrets = open_secrets(call.node.driver.secrets, call.org_id, call.node.def_id, self._opener)
        except SecretError as exc:
            return CallResult(None, 0, f"a secret of definition '{call.node.def_id}' could not be opened: {exc}")
        driver = {"values": call.node.driver.values, "secrets": secrets}
        body = {"type": call.node.type, "resource": call.node.resource, "driver": driver}
        method = "PUT" if call.action == "put" else "DELETE"
        return await self._until_settled(method, url, body if method == "PUT" else None)

    async def _until_settled(self, method: str, url: str, body: dict[str, Any] | None) -> CallResult:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._policy.deadline_s
        failures = attempts = 0
        last_error = "deadline passed"
        while loop.time() < deadline:
            attempts += 1
            try:
                answer = await self._client.call(method, url, body=body, cookie=None)
            except TransientError as exc:
                answer, last_error = None, exc.message
            verdict = judge(answer.status) if answer is not None else Verdict.RETRY
            if verdict in (Verdict.DONE, Verdict.FAIL):
                return CallResult(answer, attempts)
            if verdict is Verdict.POLL:
                await asyncio.sleep(self._policy.poll_interval_s)
                continue
            failures += 1
            if answer is not None:
                last_error = f"driver answered {answer.status}"
            if failures >= self._policy.max_attempts:
                break
            await asyncio.sleep(self._policy.backoff(failures, random.random()))  # noqa: S311
        return CallResult(None, attempts, f"{last_error} (after {attempts} attempts)")


def _failure(call: c.DriverCallRequested, result: CallResult) -> c.DriverCallFailed:
    if result.answer is not None:
        body = result.answer.body if isinstance(result.answer.body, dict) else {}
        code, message = str(body.get("error", "RES-100")), str(body.get("message", "driver refused the request"))
        message = f"driver answered {result.answer.status}: {message}"
    else:
        code, message = "RES-500", result.error or "driver call failed"
    error = c.DeploymentError(
        code=code,
        scope="resource",
        object_id=call.node.res_id,
        summary=f"Driver '{call.node.driver_type}' failed for resource '{call.node.res_id}'",
        message=f"{message} (definition '{call.node.def_id}', type '{call.node.type}')",
    )
    return c.DriverCallFailed(**_ids(call), guresid=call.node.guresid, error=error, attempts=result.attempts)


def _ids(call: c.DriverCallRequested) -> dict[str, str]:
    return {
        "call_id": call.call_id,
        "org_id": call.org_id,
        "app_id": call.app_id,
        "env_id": call.env_id,
        "deploy_id": call.deploy_id,
    }


def _outcome(call: c.DriverCallRequested, result: CallResult) -> c.DriverCallSucceeded | c.DriverCallFailed:
    answer = result.answer
    if answer is None or judge(answer.status) is not Verdict.DONE:
        return _failure(call, result)
    resource = (answer.body.get("resource") if isinstance(answer.body, dict) else None) or {}
    values = resource.get("values") if isinstance(resource, dict) else None
    secrets = resource.get("secrets") if isinstance(resource, dict) else None
    if not all(isinstance(x, dict) for x in (resource, values or {}, secrets or {})):
        malformed = DriverAnswer(400, {"error": "RES-100", "message": "malformed outputs in the answer"}, None)
        return _failure(call, CallResult(malformed, result.attempts))
    return c.DriverCallSucceeded(
        **_ids(call),
        guresid=call.node.guresid,
        outputs=dict(values or {}),
        # Secret outputs stay out of the event log; only their names travel.
        secret_keys=tuple(sorted((secrets or {}).keys())),
        attempts=result.attempts,
    )


def call_handler(gateway: DriverGateway) -> Handler:
    async def on_call_requested(delivery: Delivery) -> None:
        call = delivery.message
        assert isinstance(call, c.DriverCallRequested)
        # The HTTP call happens outside any transaction; a crash here means the call is made
        # again after restart, which drivers tolerate: PUT and DELETE are idempotent per GUResID.
        result = await gateway.execute(call)
        outcome = _outcome(call, result)
        log.info("driver call finished", driver=call.node.driver_type, guresid=call.node.guresid, outcome=outcome.TYPE)
        async with delivery.transaction() as uow:
            await uow.emit(
                outcome,
                topic=EVENTS,
                key=c.env_key(call.org_id, call.app_id, call.env_id),
                aggregate_id=f"driver-call:{call.call_id}",
            )

    return on_call_requested


def handlers(gateway: DriverGateway) -> dict[str, Handler]:
    return {c.DriverCallRequested.TYPE: call_handler(gateway)}
