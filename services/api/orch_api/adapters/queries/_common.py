"""What every area's queries share: fetching with translated errors, timestamps in Humanitec's form."""

from __future__ import annotations

from typing import Any

from shared.errors import NotFound
from shared.postgres import Pool, translated_errors


def ts(value: Any) -> str:  # noqa: ANN401 - a datetime from asyncpg
    """``YYYY-MM-DDTHH:MM:SS.sssZ``."""
    return str(value.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z")


async def fetch(pool: Pool, sql: str, *args: Any) -> list[Any]:  # noqa: ANN401
    with translated_errors():
        return list(await pool.fetch(sql, *args))


async def fetch_one(pool: Pool, what: str, sql: str, *args: Any) -> Any:  # noqa: ANN401
    """The first row, or ``NotFound`` naming ``what``."""
    rows = await fetch(pool, sql, *args)
    if not rows:
        raise NotFound(f"{what} not found.", details={"id": args[-1]})
    return rows[0]
