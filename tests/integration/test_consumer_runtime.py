"""The shared consumer runtime against the real broker and database: exactly-once effects across
crashes, dead letters for poison messages, a drain on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass

import asyncpg
import pytest

from shared.consumer import ConsumerSpec, Delivery, Handler
from shared.kafka import DEAD_LETTERS, ensure_topics
from shared.messages import Envelope
from shared.postgres import load_migrations
from shared.service import infrastructure
from shared.settings import ConsumerSettings, KafkaSettings, PostgresSettings, ServiceSettings
from tests.integration.runtime_worker import GROUP, IN_TOPIC, OUT_TOPIC, Ping, make_handler, registry
from tests.support.infra import ROOT, RunResources
from tests.support.kafka_io import envelope_for, produce_raw, read_all
from tests.support.polling import eventually

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Sandbox:
    """One test's own topics and schema on the shared servers."""

    run: RunResources
    prefix: str
    schema: str

    def settings(self) -> ServiceSettings:
        return ServiceSettings(
            kafka=KafkaSettings(bootstrap_servers=self.run.bootstrap, topic_prefix=self.prefix, partitions=2),
            postgres=PostgresSettings(dsn=self.run.dsn),
            consumer=ConsumerSettings(max_attempts=3, backoff_initial_s=0.01, backoff_max_s=0.05),
            db_schema=self.schema,
        )

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "ORCH_POSTGRES__DSN": self.run.dsn,
            "ORCH_KAFKA__BOOTSTRAP_SERVERS": self.run.bootstrap,
            "ORCH_KAFKA__TOPIC_PREFIX": self.prefix,
            "ORCH_KAFKA__PARTITIONS": "2",
            "ORCH_DB_SCHEMA": self.schema,
            "ORCH_HEALTH_PORT": "0",
            "ORCH_TELEMETRY__LOG_LEVEL": "warning",
        }

    async def send_pings(self, ns: list[int], *, key: str = "org/app/env") -> list[Envelope]:
        envelopes = [envelope_for(Ping(n=n), key=key) for n in ns]
        await produce_raw(self.run.bootstrap, self.prefix + IN_TOPIC, [(key, e.to_bytes()) for e in envelopes])
        return envelopes

    async def effects(self) -> dict[int, int]:
        conn = await asyncpg.connect(self.run.dsn)
        try:
            rows = await conn.fetch(f"SELECT n, count(*) AS c FROM {self.schema}.effects GROUP BY n")
        except asyncpg.UndefinedTableError:
            return {}
        finally:
            await conn.close()
        return {r["n"]: r["c"] for r in rows}

    async def pongs(self) -> list[Envelope]:
        return [Envelope.from_bytes(v) for v, _ in await read_all(self.run.bootstrap, self.prefix + OUT_TOPIC)]

    def start_worker(self, mode: str, crash_at: int = 0) -> subprocess.Popen[bytes]:
        logs = ROOT / ".orch" / "test-logs"
        logs.mkdir(parents=True, exist_ok=True)
        with (logs / f"{self.schema}.log").open("ab") as log:
            return subprocess.Popen(
                [sys.executable, "-m", "tests.integration.runtime_worker", mode, str(crash_at)],
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=log,
            )


@pytest.fixture
async def sandbox(test_run: RunResources) -> Sandbox:
    tag = uuid.uuid4().hex[:8]
    box = Sandbox(test_run, f"{test_run.topic_prefix}{tag}.", f"w_{tag}")
    await ensure_topics(box.settings().kafka, [IN_TOPIC, OUT_TOPIC, DEAD_LETTERS])
    return box


async def _wait_exit(proc: subprocess.Popen[bytes], timeout_s: float = 30.0) -> int:
    return await eventually(lambda: asyncio.sleep(0, proc.poll()), timeout_s=timeout_s, what="worker exit")


async def _all_handled(box: Sandbox, ns: list[int]) -> dict[int, int] | None:
    effects = await box.effects()
    return effects if set(effects) >= set(ns) else None


class TestExactlyOnceAcrossCrashes:
    @pytest.mark.parametrize("mode", ["crash-in-transaction", "crash-after-commit"])
    async def test_a_crashed_worker_restarted_leaves_each_effect_once(self, sandbox: Sandbox, mode: str) -> None:
        ns = list(range(1, 7))
        sent = await sandbox.send_pings(ns)
        crashed = sandbox.start_worker(mode, crash_at=3)
        assert 9 == await _wait_exit(crashed) or crashed.returncode == -9
        worker = sandbox.start_worker("normal")
        try:
            effects = await eventually(lambda: _all_handled(sandbox, ns), what="all pings handled")
            assert dict.fromkeys(ns, 1) == effects
            pongs = await eventually(lambda: _pongs_for(sandbox, len(ns)), what="a pong for every ping")
        finally:
            worker.send_signal(signal.SIGTERM)
            await _wait_exit(worker)
        assert set(ns) == {p.payload["n"] for p in pongs}
        # A copy published twice carries the same id, so readers can drop it.
        assert len(ns) == len({p.id for p in pongs})
        assert {e.id for e in sent} == {p.causation_id for p in pongs}


async def _pongs_for(box: Sandbox, count: int) -> list[Envelope] | None:
    pongs = await box.pongs()
    return pongs if len({p.id for p in pongs}) >= count else None


class TestGracefulShutdown:
    async def test_sigterm_finishes_the_message_in_hand_and_exits_cleanly(self, sandbox: Sandbox) -> None:
        await sandbox.send_pings([1, 2, 3])
        worker = sandbox.start_worker("slow")

        async def started() -> bool:
            conn = await asyncpg.connect(sandbox.run.dsn)
            try:
                return bool(await conn.fetchval(f"SELECT count(*) FROM {sandbox.schema}.handling_started"))
            except asyncpg.UndefinedTableError:
                return False
            finally:
                await conn.close()

        await eventually(started, what="the worker to begin a message")
        worker.send_signal(signal.SIGTERM)
        assert 0 == await _wait_exit(worker, timeout_s=15)
        effects = await sandbox.effects()
        assert effects, "the message in hand was finished before exit"
        assert all(c == 1 for c in effects.values())
        # What was not handled is handled by the next worker, and nothing twice.
        worker = sandbox.start_worker("normal")
        try:
            assert {1: 1, 2: 1, 3: 1} == await eventually(lambda: _all_handled(sandbox, [1, 2, 3]), what="rest")
        finally:
            worker.send_signal(signal.SIGTERM)
            await _wait_exit(worker)


class TestPoisonMessages:
    async def _run_burst(self, box: Sandbox, handler_mode: str = "normal") -> tuple[int, int]:
        migrations = load_migrations("worker", "tests.integration.worker_migrations")
        async with infrastructure(box.settings(), client_id="test", migrations=migrations) as infra:
            handlers: dict[str, Handler] = {"Ping": make_handler(infra.pool, handler_mode, 0)}
            if handler_mode == "buggy":
                handlers = {"Ping": _buggy_for(3, handlers["Ping"])}
            runtime = infra.consumer(ConsumerSpec(GROUP, [IN_TOPIC], handlers, registry()))
            await runtime.run(burst=True)
            return runtime.stats.handled, runtime.stats.dead_lettered

    async def test_undecodable_and_invalid_messages_go_to_the_dead_letter_topic_and_the_rest_is_handled(
        self, sandbox: Sandbox
    ) -> None:
        key = "org/app/env"
        bad_payload = envelope_for(Ping(n=1), key=key).model_copy(update={"payload": {"n": "not a number"}})
        await produce_raw(
            sandbox.run.bootstrap,
            sandbox.prefix + IN_TOPIC,
            [(key, b"this is not json"), (key, bad_payload.to_bytes())],
        )
        await sandbox.send_pings([2], key=key)
        handled, dead = await self._run_burst(sandbox)
        assert (1, 2) == (handled, dead)
        assert {2: 1} == await sandbox.effects()
        letters = await read_all(sandbox.run.bootstrap, sandbox.prefix + DEAD_LETTERS)
        reasons = sorted(h["orch-dlq-reason"].decode() for _, h in letters)
        assert 2 == len(letters)
        assert "not a message envelope" in reasons[1] or "not a message envelope" in reasons[0]
        assert any("invalid Ping payload" in r for r in reasons)
        assert {GROUP.encode()} == {h["orch-dlq-group"] for _, h in letters}
        assert b"this is not json" in {v for v, _ in letters}

    async def test_a_handler_that_keeps_failing_is_dead_lettered_after_bounded_retries(self, sandbox: Sandbox) -> None:
        await sandbox.send_pings([1, 3, 5])
        handled, dead = await self._run_burst(sandbox, "buggy")
        assert (2, 1) == (handled, dead)
        assert {1: 1, 5: 1} == await sandbox.effects()
        letters = await read_all(sandbox.run.bootstrap, sandbox.prefix + DEAD_LETTERS)
        assert 1 == len(letters)
        assert "after 3 attempts" in letters[0][1]["orch-dlq-reason"].decode()

    async def test_the_same_message_delivered_twice_has_one_effect(self, sandbox: Sandbox) -> None:
        (ping,) = await sandbox.send_pings([7])
        await produce_raw(sandbox.run.bootstrap, sandbox.prefix + IN_TOPIC, [(ping.key, ping.to_bytes())])
        handled, _ = await self._run_burst(sandbox)
        assert 1 == handled
        assert {7: 1} == await sandbox.effects()


def _buggy_for(bad_n: int, inner: Handler) -> Handler:
    async def handler(delivery: Delivery) -> None:
        ping = delivery.message
        assert isinstance(ping, Ping)
        if ping.n == bad_n:
            raise ZeroDivisionError("a bug in the handler")
        await inner(delivery)

    return handler
