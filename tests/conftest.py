"""Session fixtures: one real Kafka and one real PostgreSQL for the whole run (started by
``scripts/infra.sh`` if they are not running), a fresh database and topic prefix per run."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support.infra import RunResources, create_run, drop_run, ensure_infra_running


@pytest.fixture(scope="session")
async def test_run() -> AsyncIterator[RunResources]:
    ensure_infra_running()
    run = await create_run()
    yield run
    await drop_run(run)
