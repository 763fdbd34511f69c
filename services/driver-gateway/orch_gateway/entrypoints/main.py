"""Composition root of the driver gateway."""

from __future__ import annotations

import aiohttp

from orch_gateway.adapters.driver_client import DriverClient
from orch_gateway.domain.policy import RetryPolicy
from orch_gateway.domain.secrets import Opener
from orch_gateway.service_layer.calls import GATEWAY_GROUP, DriverGateway, handlers
from orch_gateway.settings import GatewaySettings
from shared.consumer import ConsumerSpec
from shared.contracts import build_registry
from shared.crypto import SecretBox
from shared.kafka import DRIVER_CALLS
from shared.service import infrastructure, run_service, serve_consumers


def _opener(settings: GatewaySettings) -> Opener | None:
    if not settings.secrets.keys:
        return None
    box = SecretBox(settings.secrets)
    return lambda sealed, context: box.open(sealed, context=context)


async def main(settings: GatewaySettings) -> None:
    async with (
        infrastructure(settings, client_id="orch-driver-gateway", migrations=[]) as infra,
        aiohttp.ClientSession() as session,
    ):
        gateway = DriverGateway(
            DriverClient(session, timeout_s=settings.driver_timeout_s),
            targets=settings.driver_targets,
            policy=RetryPolicy(
                max_attempts=settings.driver_max_attempts, poll_interval_s=settings.driver_poll_interval_s
            ),
            opener=_opener(settings),
        )
        spec = ConsumerSpec(GATEWAY_GROUP, [DRIVER_CALLS], handlers(gateway), build_registry())
        await serve_consumers(infra, [spec])


def run() -> None:
    settings = GatewaySettings()
    run_service(settings, "orch-driver-gateway", lambda: main(settings))


if __name__ == "__main__":
    run()
