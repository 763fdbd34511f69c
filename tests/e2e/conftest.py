"""One running stack of every service for the end-to-end tests of a session."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator

import aiohttp
import pytest

from tests.support.infra import ROOT, RunResources
from tests.support.stack import Api, Stack


@pytest.fixture(scope="session")
async def stack(test_run: RunResources) -> AsyncIterator[Stack]:
    home = ROOT / ".orch" / "e2e" / test_run.database
    shutil.rmtree(home, ignore_errors=True)
    running = Stack(test_run, home)
    try:
        await running.start_all()
        yield running
    finally:
        running.stop_all()


@pytest.fixture
async def api(stack: Stack) -> AsyncIterator[Api]:
    async with aiohttp.ClientSession() as session:
        yield Api(stack.api_url, session)
