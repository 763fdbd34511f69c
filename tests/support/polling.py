"""Waiting for something with a deadline, never a fixed sleep."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, timeout_s: float = 20.0, what: str = "condition"
) -> T:
    """Call ``probe`` until it returns something other than None/False, or fail at the deadline."""
    deadline = time.monotonic() + timeout_s
    delay = 0.01
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last is not None and last is not False:
            return last
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.2)
    msg = f"timed out after {timeout_s}s waiting for {what} (last: {last!r})"
    raise AssertionError(msg)
