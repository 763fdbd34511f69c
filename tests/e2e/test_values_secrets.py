"""Secret values are write-only: after writing secrets every way the API allows (and failing to),
their plaintext is nowhere: not in any answer, not on any Kafka topic, not in any database table,
not in any service's log or trace file. What is stored is sealed, and opens with the stack's key
for the secret's own path only."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from shared.crypto import SecretBox, SecretError
from shared.kafka import COMMANDS, DEAD_LETTERS, DRIVER_CALLS, EVENTS
from shared.settings import SecretsSettings
from tests.e2e.scenario import Scenario
from tests.support.kafka_io import read_all
from tests.support.polling import eventually
from tests.support.stack import Api, Stack

pytestmark = pytest.mark.e2e

ZERO = "00000000-0000-0000-0000-000000000000"


class Recorder:
    """Calls the API and keeps every raw answer (body and headers) for the scan."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.answers: list[str] = []
        self.last_trace_id = ""

    async def call(self, method: str, path: str, body: Any = None, expected: int = 200) -> str:
        async with self.api.session.request(method, self.api.base + path, json=body) as resp:
            text = await resp.text()
            self.answers.append(text + repr(dict(resp.headers)))
            self.last_trace_id = resp.headers.get("X-Trace-Id", self.last_trace_id)
            assert expected == resp.status, (method, path, resp.status, text)
            return text


async def write_secrets_every_way(api: Api, scenario: Scenario, secret: dict[str, str]) -> Recorder:
    app, env = f"{scenario.app_path}/values", f"{scenario.app_path}/envs/development/values"
    r = Recorder(api)
    await r.call("POST", app, {"key": "VISIBLE", "value": secret["control"]}, 201)
    await r.call("POST", app, {"key": "TOKEN", "value": secret["app"], "is_secret": True}, 201)
    await r.call("POST", env, {"key": "TOKEN", "value": secret["env"], "is_secret": True}, 201)
    await r.call("PUT", f"{app}/TOKEN", {"value": secret["put"], "description": "rotated"})
    await r.call("PATCH", f"{env}/TOKEN", {"value": secret["patch"]})
    await r.call("POST", app, {"key": "PW", "secret_ref": {"value": secret["ref"]}}, 201)
    await r.call("PATCH", f"{app}/PW", {"secret_ref": {"value": secret["ref_patch"]}})
    await r.call("POST", app, {"key": "TOKEN", "value": secret["refused"], "is_secret": True}, 409)
    await r.call("POST", app, {"key": "9bad", "value": secret["invalid"], "is_secret": True}, 400)
    await r.call("PATCH", f"{app}/NOPE", {"value": secret["unknown"]}, 404)
    for level in (scenario.app_path, f"{scenario.app_path}/envs/development"):
        await r.call("GET", f"{level}/values")
        versions = await api.ok("GET", f"{level}/value-set-versions")
        await r.call("GET", f"{level}/value-set-versions")
        await r.call("GET", f"{level}/value-set-versions/{ZERO}")
        for version in versions:
            await r.call("GET", f"{level}/value-set-versions/{version['id']}")
        await r.call("POST", f"{level}/value-set-versions/{versions[-1]['id']}/restore", {"comment": "back"})
    return r


async def database_text(stack: Stack) -> list[str]:
    """Every row of every table of every service's schema, as text."""
    conn = await asyncpg.connect(stack.run.dsn)
    try:
        tables = await conn.fetch(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        )
        assert {"api.shared_values", "api.value_set_versions", "api.aggregates"} <= {
            f"{t['schemaname']}.{t['tablename']}" for t in tables
        }
        out: list[str] = []
        for t in tables:
            rows = await conn.fetch(f'SELECT t::text AS row FROM "{t["schemaname"]}"."{t["tablename"]}" t')
            out.extend(str(r["row"]) for r in rows)
        return out
    finally:
        await conn.close()


async def kafka_text(stack: Stack) -> list[bytes]:
    out: list[bytes] = []
    for topic in (COMMANDS, EVENTS, DRIVER_CALLS, DEAD_LETTERS):
        for value, headers in await read_all(stack.run.bootstrap, stack.run.topic_prefix + topic):
            out.append(value + repr(headers).encode())
    return out


def files_text(stack: Stack) -> dict[Path, str]:
    paths = [*(stack.home / "logs").glob("*.log"), *(stack.home / "traces").glob("*.jsonl")]
    return {p: p.read_text(errors="replace") for p in paths}


async def traced(stack: Stack, trace_id: str) -> bool:
    """Whether the API's spans of that request reached its trace file (spans are written in batches)."""
    path = stack.traces_file("api")
    return path.exists() and trace_id in path.read_text()


class TestSecretsAreWriteOnly:
    async def test_no_plaintext_anywhere_after_writing_secrets_every_way(self, api: Api, stack: Stack) -> None:
        scenario = await Scenario.create(api, definitions=[])
        kinds = ["app", "env", "put", "patch", "ref", "ref_patch", "refused", "invalid", "unknown"]
        secret = {kind: f"plaintext-{kind}-{uuid.uuid4().hex}" for kind in [*kinds, "control"]}

        recorder = await write_secrets_every_way(api, scenario, secret)
        await eventually(lambda: traced(stack, recorder.last_trace_id), what="the last request's spans on file")

        places: dict[str, list[str]] = {
            "API answers": recorder.answers,
            "Kafka": [m.decode(errors="replace") for m in await kafka_text(stack)],
            "database": await database_text(stack),
            **{str(path): [text] for path, text in files_text(stack).items()},
        }
        assert any("v1:k1:" in m for m in places["Kafka"]), "sealed secrets are expected on the log"
        assert {"api.log", "api.jsonl"} <= {Path(p).name for p in places}
        found = {
            (where, kind) for where, texts in places.items() for kind, s in secret.items() if any(s in t for t in texts)
        }
        # The scan finds what is not secret: a plain value is in the answers, on Kafka, in the database.
        assert {("API answers", "control"), ("Kafka", "control"), ("database", "control")} <= found
        assert set() == {(where, kind) for where, kind in found if kind != "control"}

    async def test_what_is_stored_is_sealed_for_the_secrets_own_path(self, api: Api, stack: Stack) -> None:
        scenario = await Scenario.create(api, definitions=[])
        plaintext = f"plaintext-{uuid.uuid4().hex}"
        await api.ok(
            "POST", f"{scenario.app_path}/envs/development/values", {"key": "K", "value": plaintext, "is_secret": True}
        )
        conn = await asyncpg.connect(stack.run.dsn)
        try:
            sealed = await conn.fetchval(
                "SELECT body ->> 'value' FROM api.shared_values WHERE org_id = $1 AND app_id = $2 AND env_id = $3",
                scenario.org,
                scenario.app,
                "development",
            )
        finally:
            await conn.close()
        box = SecretBox(SecretsSettings(keys=stack.secret_keys))
        path = f"orgs/{scenario.org}/apps/{scenario.app}/envs/development/values/K"

        assert plaintext == box.open(sealed, context=path)
        with pytest.raises(SecretError):
            box.open(sealed, context=f"orgs/{scenario.org}/apps/{scenario.app}/values/K")
