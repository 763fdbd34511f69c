"""Building blocks for end-to-end scenarios: a fresh org with definitions, an app, a deployment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tests.support.stack import Api

ECHO_WORKLOAD = {
    "id": "echo-workload",
    "name": "Echo workload",
    "type": "workload",
    "driver_type": "humanitec/echo",
    "driver_inputs": {"values": {"runtime": "echo"}},
    "criteria": [{}],
}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def workload_delta(*names: str) -> dict[str, Any]:
    return {
        "metadata": {"env_id": "development", "name": "e2e"},
        "modules": {
            "add": {
                name: {"profile": "humanitec/default-module", "spec": {"containers": {"main": {"image": "busybox"}}}}
                for name in names
            }
        },
    }


@dataclass
class Scenario:
    api: Api
    org: str
    app: str
    env: str = "development"

    @classmethod
    async def create(cls, api: Api, *, definitions: list[dict[str, Any]] | None = None) -> Scenario:
        org, app = unique("org"), unique("app")
        await api.ok("POST", "/orgs", {"id": org, "name": org})
        for definition in [ECHO_WORKLOAD] if definitions is None else definitions:
            await api.ok("POST", f"/orgs/{org}/resources/defs", definition)
        await api.ok("POST", f"/orgs/{org}/apps", {"id": app, "name": app})
        return cls(api, org, app)

    @property
    def app_path(self) -> str:
        return f"/orgs/{self.org}/apps/{self.app}"

    @property
    def deploys_path(self) -> str:
        return f"{self.app_path}/envs/{self.env}/deploys"

    async def deploy(self, *workloads: str) -> dict[str, Any]:
        delta = await self.api.ok("POST", f"{self.app_path}/deltas", workload_delta(*workloads))
        answer: dict[str, Any] = await self.api.ok("POST", self.deploys_path, {"delta_id": delta["id"]})
        return answer

    async def finished(self, deploy_id: str, timeout_s: float = 30) -> dict[str, Any]:
        result: dict[str, Any] = await self.api.deployment_done(self.org, self.app, self.env, deploy_id, timeout_s)
        return result
