"""Composition root of the API service: the HTTP API, the command processor and the projector."""

from __future__ import annotations

from aiohttp import web

from orch_api.entrypoints.endpoints import ApiDeps
from orch_api.entrypoints.http import create_web_app
from orch_api.service_layer.command_bus import CommandBus
from orch_api.service_layer.commands import command_handlers
from orch_api.service_layer.projections import PROJECTOR_GROUP, projection_handlers
from orch_api.settings import ApiSettings
from shared.consumer import ConsumerRuntime, ConsumerSpec
from shared.contracts import build_registry
from shared.crypto import SecretBox
from shared.kafka import COMMANDS, EVENTS
from shared.postgres import load_migrations
from shared.service import HttpSite, Infrastructure, health_routes, infrastructure, run_service, serve

COMMANDS_GROUP = "api-commands"


def consumers(infra: Infrastructure) -> list[ConsumerRuntime]:
    registry = build_registry()
    return [
        infra.consumer(ConsumerSpec(COMMANDS_GROUP, [COMMANDS], command_handlers(), registry)),
        infra.consumer(ConsumerSpec(PROJECTOR_GROUP, [EVENTS], projection_handlers(), registry)),
    ]


def build_app(settings: ApiSettings, infra: Infrastructure, runtimes: list[ConsumerRuntime]) -> web.Application:
    bus = CommandBus(
        producer=infra.producer,
        pool=infra.pool,
        kafka=settings.kafka,
        clock=infra.clock,
        wait_s=settings.command_wait_s,
    )
    return create_web_app(
        ApiDeps(bus=bus, pool=infra.pool, secrets=SecretBox(settings.secrets) if settings.secrets.keys else None),
        extra_routes=health_routes(runtimes, infra.pool),
        max_body_bytes=settings.max_body_bytes,
    )


async def main(settings: ApiSettings) -> None:
    migrations = load_migrations("api", "orch_api.adapters.migrations")
    async with infrastructure(settings, client_id="orch-api", migrations=migrations) as infra:
        runtimes = consumers(infra)
        app = build_app(settings, infra, runtimes)
        await serve(infra, runtimes, [HttpSite(app, settings.api_host, settings.api_port)])


def run() -> None:
    settings = ApiSettings()
    run_service(settings, "orch-api", lambda: main(settings))


if __name__ == "__main__":
    run()
