"""The HTTP adapter to drivers: one request, translated into a ``DriverAnswer`` or a TransientError."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

from shared.errors import TransientError

COOKIE_IN = "Humanitec-Driver-Cookie"
COOKIE_OUT = "Set-Humanitec-Driver-Cookie"


@dataclass(frozen=True)
class DriverAnswer:
    status: int
    body: Any
    cookie: str | None


def driver_url(target: str, guresid: str) -> str:
    """``target`` joined with the GUResID as one path segment (never ``urljoin``: it drops segments)."""
    base = target if target.endswith("/") else target + "/"
    return base + quote(guresid, safe="")


class DriverClient:
    def __init__(self, session: aiohttp.ClientSession, *, timeout_s: float) -> None:
        self._session = session
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)

    async def call(self, method: str, url: str, *, body: dict[str, Any] | None, cookie: str | None) -> DriverAnswer:
        headers = {"Accept": "application/json"}
        if cookie:
            headers[COOKIE_IN] = cookie
        try:
            async with self._session.request(
                method, url, json=body, headers=headers, timeout=self._timeout, allow_redirects=False
            ) as resp:
                raw = await resp.read()
                return DriverAnswer(resp.status, _parse(raw), resp.headers.get(COOKIE_OUT))
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise TransientError(f"driver unreachable: {type(exc).__name__}: {exc}") from exc


def _parse(raw: bytes) -> Any:  # noqa: ANN401 - whatever JSON the driver sent
    if not raw:
        return None
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {"raw": raw[:500].decode(errors="replace")}
