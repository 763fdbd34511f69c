"""The echo driver (``humanitec/echo``): outputs are its inputs; provisions nothing.

``driver.values`` become output values and ``driver.secrets`` output secrets, as Humanitec's
built-in echo driver does.
"""

from __future__ import annotations

import asyncio
import signal

from aiohttp import web
from pydantic_settings import BaseSettings, SettingsConfigDict

from orch_drivers.sdk import Driver, DriverRequest, DriverResult, create_app
from shared.logging import configure_logging
from shared.settings import TelemetrySettings
from shared.telemetry import configure_tracing, instrument_libraries


class EchoDriver(Driver):
    async def provision(self, request: DriverRequest) -> DriverResult:
        return DriverResult(values=request.values, secrets=request.secrets)


class EchoSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORCH_", env_nested_delimiter="__", extra="ignore")

    echo_host: str = "127.0.0.1"
    echo_port: int = 8090
    telemetry: TelemetrySettings = TelemetrySettings(service_name="orch-driver-echo")


async def main(settings: EchoSettings) -> None:
    runner = web.AppRunner(create_app(EchoDriver()), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.echo_host, settings.echo_port).start()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def run() -> None:
    settings = EchoSettings()
    if settings.telemetry.service_name == TelemetrySettings().service_name:
        settings.telemetry.service_name = "orch-driver-echo"
    configure_logging(settings.telemetry)
    provider = configure_tracing(settings.telemetry)
    instrument_libraries()
    try:
        asyncio.run(main(settings))
    finally:
        provider.shutdown()


if __name__ == "__main__":
    run()
