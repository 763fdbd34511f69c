"""``kill -9`` of each service in the middle of a stream of deployments, then a restart: every
deployment still ends, and every step of it happened exactly once in effect."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter

import pytest

from shared.kafka import EVENTS
from shared.messages import Envelope
from tests.e2e.scenario import Scenario
from tests.support.kafka_io import read_all
from tests.support.stack import Api, Stack

pytestmark = pytest.mark.e2e

PER_DEPLOYMENT_ONCE = ("DeploymentRequested", "DeploymentResolved", "DeploymentSucceeded")


async def _events_by_deployment(stack: Stack, deploy_ids: set[str]) -> Counter[tuple[str, str]]:
    """How many distinct events of each type each deployment has on the log (copies share an id)."""
    records = await read_all(stack.run.bootstrap, stack.run.topic_prefix + EVENTS)
    seen: dict[str, tuple[str, str]] = {}
    for value, _ in records:
        envelope = Envelope.from_bytes(value)
        deploy_id = envelope.payload.get("deploy_id")
        if deploy_id in deploy_ids:
            seen[envelope.id] = (envelope.type, deploy_id)
    return Counter(seen.values())


@pytest.mark.parametrize("service", ["resolver", "deployer", "driver-gateway", "api"])
async def test_killing_a_service_mid_flow_loses_and_repeats_nothing(api: Api, stack: Stack, service: str) -> None:
    scenarios = [await Scenario.create(api) for _ in range(4)]
    created = await asyncio.gather(*(s.deploy("web") for s in scenarios))
    assert -signal.SIGKILL == stack.kill(service)  # no drain, no goodbye
    await stack.restart(service)

    done = [await s.finished(c["id"], timeout_s=60) for s, c in zip(scenarios, created, strict=True)]

    assert ["succeeded"] * 4 == [d["status"] for d in done]
    for scenario, deployment in zip(scenarios, created, strict=True):
        listed = await api.ok("GET", scenario.deploys_path)
        assert [deployment["id"]] == [d["id"] for d in listed]
    counts = await _events_by_deployment(stack, {c["id"] for c in created})
    for deployment, finished in zip(created, done, strict=True):
        assert dict.fromkeys(PER_DEPLOYMENT_ONCE, 1) == {t: counts[(t, deployment["id"])] for t in PER_DEPLOYMENT_ONCE}
        # One driver call result per resource of the graph, however often a call was retried.
        assert len(finished["graph"]["nodes"]) == counts[("DriverCallSucceeded", deployment["id"])]
