"""Composition root of the resolver."""

from __future__ import annotations

from orch_resolver.service_layer.handlers import RESOLVER_GROUP, handlers
from orch_resolver.settings import ResolverSettings
from shared.consumer import ConsumerSpec
from shared.contracts import build_registry
from shared.kafka import EVENTS
from shared.postgres import load_migrations
from shared.service import infrastructure, run_service, serve_consumers


async def main(settings: ResolverSettings) -> None:
    migrations = load_migrations("resolver", "orch_resolver.adapters.migrations")
    async with infrastructure(settings, client_id="orch-resolver", migrations=migrations) as infra:
        await serve_consumers(infra, [ConsumerSpec(RESOLVER_GROUP, [EVENTS], handlers(), build_registry())])


def run() -> None:
    settings = ResolverSettings()
    run_service(settings, "orch-resolver", lambda: main(settings))


if __name__ == "__main__":
    run()
