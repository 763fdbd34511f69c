"""Composition root of the deployer."""

from __future__ import annotations

from orch_deployer.service_layer.handlers import DEPLOYER_GROUP, handlers
from orch_deployer.settings import DeployerSettings
from shared.consumer import ConsumerSpec
from shared.contracts import build_registry
from shared.kafka import EVENTS
from shared.postgres import load_migrations
from shared.service import infrastructure, run_service, serve_consumers


async def main(settings: DeployerSettings) -> None:
    migrations = load_migrations("deployer", "orch_deployer.adapters.migrations")
    async with infrastructure(settings, client_id="orch-deployer", migrations=migrations) as infra:
        await serve_consumers(infra, [ConsumerSpec(DEPLOYER_GROUP, [EVENTS], handlers(), build_registry())])


def run() -> None:
    settings = DeployerSettings()
    run_service(settings, "orch-deployer", lambda: main(settings))


if __name__ == "__main__":
    run()
