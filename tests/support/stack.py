"""Every service of the orchestrator as a real process, for end-to-end tests.

The stack runs against the test run's own database and topic prefix, on free ports, with each
service writing its spans to a JSON-lines file, so a test can follow one request across processes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from shared.crypto import generate_key
from tests.support.infra import ROOT, RunResources, free_port
from tests.support.polling import eventually

MODULES = {
    "driver-echo": "orch_drivers.echo",
    "api": "orch_api.entrypoints.main",
    "resolver": "orch_resolver.entrypoints.main",
    "deployer": "orch_deployer.entrypoints.main",
    "driver-gateway": "orch_gateway.entrypoints.main",
}


@dataclass
class Stack:
    run: RunResources
    home: Path
    ports: dict[str, int] = field(default_factory=lambda: {name: free_port() for name in MODULES})
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    secret_keys: dict[str, str] = field(default_factory=lambda: {"k1": generate_key()})

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['api']}"

    def traces_file(self, name: str) -> Path:
        return self.home / "traces" / f"{name}.jsonl"

    def env(self, name: str) -> dict[str, str]:
        echo = f"http://127.0.0.1:{self.ports['driver-echo']}/"
        return {
            **os.environ,
            "ORCH_POSTGRES__DSN": self.run.dsn,
            "ORCH_KAFKA__BOOTSTRAP_SERVERS": self.run.bootstrap,
            "ORCH_KAFKA__TOPIC_PREFIX": self.run.topic_prefix,
            "ORCH_API_PORT": str(self.ports["api"]),
            "ORCH_ECHO_PORT": str(self.ports["driver-echo"]),
            "ORCH_HEALTH_PORT": str(self.ports[name]),
            "ORCH_DRIVER_TARGETS": json.dumps({"humanitec/echo": echo, "test/unreachable": "http://127.0.0.1:9/"}),
            "ORCH_DRIVER_MAX_ATTEMPTS": "2",
            "ORCH_TELEMETRY__TRACES_FILE": str(self.traces_file(name)),
            "ORCH_TELEMETRY__LOG_LEVEL": "info",
            "ORCH_SECRETS__KEYS": json.dumps(self.secret_keys),
        }

    def start(self, name: str) -> None:
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        (self.home / "traces").mkdir(parents=True, exist_ok=True)
        with (self.home / "logs" / f"{name}.log").open("ab") as log:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", MODULES[name]], cwd=ROOT, env=self.env(name), stdout=log, stderr=log
            )

    async def wait_ready(self, name: str, timeout_s: float = 60.0) -> None:
        url = f"http://127.0.0.1:{self.ports[name]}/" + ("readyz" if name != "driver-echo" else "x")

        async def ready() -> bool:
            proc = self.procs[name]
            if proc.poll() is not None:
                log = (self.home / "logs" / f"{name}.log").read_text()[-3000:]
                msg = f"{name} exited with {proc.returncode}:\n{log}"
                raise AssertionError(msg)
            try:
                async with aiohttp.ClientSession() as s, s.get(url) as resp:
                    return resp.status in (200, 405)
            except aiohttp.ClientError:
                return False

        await eventually(ready, timeout_s=timeout_s, what=f"{name} ready")

    async def start_all(self) -> None:
        for name in MODULES:
            self.start(name)
        for name in MODULES:
            await self.wait_ready(name)

    def kill(self, name: str, sig: int = signal.SIGKILL) -> int:
        proc = self.procs[name]
        proc.send_signal(sig)
        return proc.wait(timeout=30)

    async def restart(self, name: str) -> None:
        self.start(name)
        await self.wait_ready(name)

    def stop_all(self) -> None:
        for name in reversed(MODULES):
            proc = self.procs.get(name)
            if proc and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    def spans(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for path in (self.home / "traces").glob("*.jsonl"):
            out.extend(json.loads(line) for line in path.read_text().splitlines() if line.strip())
        return out


class Api:
    """A tiny client for the orchestrator's REST API."""

    def __init__(self, base: str, session: aiohttp.ClientSession) -> None:
        self.base = base
        self.session = session

    async def call(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None) -> tuple[int, Any]:
        kwargs: dict[str, Any] = {"data": raw} if raw is not None else {"json": body}
        async with self.session.request(method, self.base + path, **kwargs) as resp:
            text = await resp.text()
            return resp.status, json.loads(text) if text else None

    async def ok(self, method: str, path: str, body: Any = None) -> Any:
        status, answer = await self.call(method, path, body)
        assert status in (200, 201), f"{method} {path} -> {status} {answer}"
        return answer

    async def deployment_done(self, org: str, app: str, env: str, deploy_id: str, timeout_s: float = 30) -> Any:
        path = f"/orgs/{org}/apps/{app}/envs/{env}/deploys/{deploy_id}"

        async def done() -> Any:
            answer = await self.ok("GET", path)
            return answer if answer["status"] in ("succeeded", "failed") else None

        return await eventually(done, timeout_s=timeout_s, what=f"deployment {deploy_id} to finish")
