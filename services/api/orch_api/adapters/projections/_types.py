"""The shape of a projection write."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from shared.messages import Envelope
from shared.postgres import Connection

Write = Callable[[Connection, Any, Envelope], Awaitable[None]]
