"""Hosting a service process: infrastructure from settings, consumers, HTTP, SIGTERM drain.

Each service's composition root builds an ``Infrastructure`` (pool, producer, outbox relay) and
hands its consumers and web applications to ``serve``; ``serve`` runs them until SIGTERM or
SIGINT, then drains: consumers finish the message in hand, the outbox is flushed, connections close.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import structlog
from aiohttp import web

from shared.consumer import ConsumerRuntime, ConsumerSpec
from shared.kafka import Producer, ensure_topics
from shared.logging import configure_logging
from shared.outbox import OutboxRelay
from shared.postgres import Migration, Pool, create_pool, migrate
from shared.settings import ServiceSettings, TelemetrySettings
from shared.telemetry import configure_tracing, instrument_libraries
from shared.unit_of_work import Clock

log = structlog.get_logger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Infrastructure:
    settings: ServiceSettings
    pool: Pool
    producer: Producer
    relay: OutboxRelay
    clock: Clock = utc_now

    def consumer(self, spec: ConsumerSpec) -> ConsumerRuntime:
        return ConsumerRuntime(
            spec,
            pool=self.pool,
            producer=self.producer,
            relay=self.relay,
            kafka=self.settings.kafka,
            settings=self.settings.consumer,
            clock=self.clock,
        )


@contextlib.asynccontextmanager
async def infrastructure(
    settings: ServiceSettings, *, client_id: str, migrations: Sequence[Migration]
) -> AsyncIterator[Infrastructure]:
    """Open the pool (migrated) and the producer; close them on exit."""
    pool = await create_pool(settings.postgres, settings.db_schema)
    try:
        await migrate(pool, settings.db_schema, migrations)
        await ensure_topics(settings.kafka)
        producer = Producer(settings.kafka, client_id=client_id)
        await producer.start()
        try:
            yield Infrastructure(settings, pool, producer, OutboxRelay(pool, producer, schema=settings.db_schema))
        finally:
            await producer.stop()
    finally:
        await pool.close()


@dataclass
class HttpSite:
    app: web.Application
    host: str
    port: int


@dataclass
class _Health:
    consumers: Sequence[ConsumerRuntime]
    pool: Pool
    extra: dict[str, str] = field(default_factory=dict)

    async def healthz(self, _: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(self, _: web.Request) -> web.Response:
        checks = {c.spec.group_id: ("ok" if c.ready else (c.last_error or "not assigned")) for c in self.consumers}
        try:
            await self.pool.fetchval("SELECT 1")
            checks["postgres"] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            checks["postgres"] = f"unavailable: {type(exc).__name__}"
        ready = all(v == "ok" for v in checks.values())
        return web.json_response({"ready": ready, "checks": checks}, status=200 if ready else 503)


def health_routes(consumers: Sequence[ConsumerRuntime], pool: Pool) -> list[web.RouteDef]:
    health = _Health(consumers, pool)
    return [web.get("/healthz", health.healthz), web.get("/readyz", health.readyz)]


async def serve(infra: Infrastructure, consumers: Sequence[ConsumerRuntime], sites: Sequence[HttpSite]) -> None:
    """Run until SIGTERM/SIGINT, then drain everything in order."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    runners = []
    for site in sites:
        runner = web.AppRunner(site.app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, site.host, site.port).start()
        runners.append(runner)
        log.info("http listening", host=site.host, port=site.port)
    tasks = [asyncio.create_task(c.run(), name=c.spec.group_id) for c in consumers]
    sweeper = asyncio.create_task(infra.relay.sweep_forever(infra.settings.consumer.outbox_sweep_interval_s))
    stopped = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([*tasks, stopped], return_when=asyncio.FIRST_COMPLETED)
    log.info("shutting down", reason="signal" if stopped in done else "consumer ended")
    for c in consumers:
        c.stop()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            log.error("consumer failed", error=repr(result))
    sweeper.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await sweeper
    stopped.cancel()
    with contextlib.suppress(Exception):
        await infra.relay.flush()
    for runner in runners:
        await runner.cleanup()
    log.info("stopped")


async def serve_consumers(infra: Infrastructure, specs: Sequence[ConsumerSpec]) -> None:
    """Run consumer groups with a health endpoint on the settings' health port."""
    runtimes = [infra.consumer(s) for s in specs]
    health = web.Application()
    health.add_routes(health_routes(runtimes, infra.pool))
    await serve(infra, runtimes, [HttpSite(health, infra.settings.health_host, infra.settings.health_port)])


def run_service(settings: ServiceSettings, service_name: str, main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Configure logging and tracing once, run ``main`` on a fresh event loop, flush spans on exit."""
    if settings.telemetry.service_name == TelemetrySettings().service_name:
        settings.telemetry.service_name = service_name
    configure_logging(settings.telemetry)
    provider = configure_tracing(settings.telemetry)
    instrument_libraries()
    try:
        asyncio.run(main())
    finally:
        provider.shutdown()
