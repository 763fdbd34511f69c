"""A consumer-runtime process for the fault tests: it handles Ping messages by writing an effect
row and emitting a Pong, and can be told to die at a chosen point.

    python -m tests.integration.runtime_worker MODE CRASH_AT

MODE: ``normal``; ``crash-in-transaction`` (exit 9 after the write, before the commit);
``crash-after-commit`` (exit 9 after the commit, before the outbox is relayed and the offset is
mirrored to Kafka); ``slow`` (each message takes a while, for SIGTERM drain tests).
Settings come from ``ORCH_*`` environment variables like any service.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import ClassVar

from shared.consumer import ConsumerSpec, Delivery, Handler
from shared.messages import Event, MessageRegistry
from shared.postgres import Pool, load_migrations
from shared.service import infrastructure, run_service, serve_consumers
from shared.settings import ServiceSettings

GROUP = "worker"
IN_TOPIC = "pings"
OUT_TOPIC = "pongs"


class Ping(Event):
    TYPE: ClassVar[str] = "Ping"
    n: int


class Pong(Event):
    TYPE: ClassVar[str] = "Pong"
    n: int


def registry() -> MessageRegistry:
    return MessageRegistry().register(Ping, Pong)


def make_handler(pool: Pool, mode: str, crash_at: int) -> Handler:
    async def on_ping(delivery: Delivery) -> None:
        ping = delivery.message
        assert isinstance(ping, Ping)
        if mode == "slow":  # noted outside the transaction, so the test sees handling has begun
            await pool.execute("INSERT INTO handling_started (n) VALUES ($1)", ping.n)
        async with delivery.transaction() as uow:
            await uow.conn.execute("INSERT INTO effects (message_id, n) VALUES ($1, $2)", delivery.envelope.id, ping.n)
            await uow.emit(Pong(n=ping.n), topic=OUT_TOPIC, key=delivery.envelope.key, aggregate_id="pong")
            if mode == "crash-in-transaction" and ping.n == crash_at:
                os._exit(9)
            if mode == "slow":
                await asyncio.sleep(1.0)  # the work a real handler would be doing
        if mode == "crash-after-commit" and ping.n == crash_at:
            os._exit(9)

    return on_ping


async def main(settings: ServiceSettings, mode: str, crash_at: int) -> None:
    migrations = load_migrations("worker", "tests.integration.worker_migrations")
    async with infrastructure(settings, client_id="test-worker", migrations=migrations) as infra:
        spec = ConsumerSpec(GROUP, [IN_TOPIC], {"Ping": make_handler(infra.pool, mode, crash_at)}, registry())
        await serve_consumers(infra, [spec])


if __name__ == "__main__":
    mode_arg, crash_arg = sys.argv[1], int(sys.argv[2])
    worker_settings = ServiceSettings()
    run_service(worker_settings, "test-worker", lambda: main(worker_settings, mode_arg, crash_arg))
