"""PostgreSQL access with asyncpg: pools bound to a service's schema, versioned migrations, and
translation of driver exceptions into the orchestrator's error tree."""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg
import structlog
from asyncpg.pool import PoolConnectionProxy

from shared.errors import Conflict, DependencyUnavailable, PermanentError
from shared.settings import PostgresSettings

log = structlog.get_logger(__name__)
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_RUNTIME_MIGRATIONS = "shared.migrations"

if TYPE_CHECKING:
    Pool: TypeAlias = asyncpg.Pool[asyncpg.Record]
    Connection: TypeAlias = asyncpg.Connection[asyncpg.Record] | PoolConnectionProxy[asyncpg.Record]
else:  # asyncpg's classes are generic only in its stubs
    Pool = asyncpg.Pool
    Connection = asyncpg.Connection | PoolConnectionProxy


def _check_schema(schema: str) -> str:
    if not _SCHEMA_NAME.match(schema):
        msg = f"invalid schema name {schema!r}"
        raise ValueError(msg)
    return schema


@contextlib.contextmanager
def translated_errors() -> Any:  # noqa: ANN401 - a context manager
    """Turn asyncpg and socket errors into ``Conflict``, ``DependencyUnavailable`` or ``PermanentError``."""
    try:
        yield
    except asyncpg.UniqueViolationError as exc:
        raise Conflict(str(exc)) from exc
    except (
        OSError,
        asyncpg.PostgresConnectionError,
        asyncpg.InterfaceError,
        asyncpg.CannotConnectNowError,
        asyncpg.TooManyConnectionsError,
        asyncpg.SerializationError,
        asyncpg.DeadlockDetectedError,
        TimeoutError,
    ) as exc:
        raise DependencyUnavailable(f"database unavailable: {exc}") from exc
    except asyncpg.PostgresError as exc:
        raise PermanentError(f"database error: {exc}") from exc


async def create_pool(settings: PostgresSettings, schema: str) -> Pool:
    """A pool whose connections see ``schema`` first; raises ``DependencyUnavailable`` if down."""
    with translated_errors():
        await ensure_schema(settings, schema)
        pool = await asyncpg.create_pool(
            settings.dsn,
            min_size=settings.min_connections,
            max_size=settings.max_connections,
            command_timeout=settings.command_timeout_s,
            server_settings={"search_path": f"{_check_schema(schema)},public"},
        )
    assert pool is not None
    return pool


async def ensure_schema(settings: PostgresSettings, schema: str) -> None:
    conn = await asyncpg.connect(settings.dsn)
    try:
        with contextlib.suppress(asyncpg.UniqueViolationError, asyncpg.DuplicateSchemaError):
            await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {_check_schema(schema)}")
    finally:
        await conn.close()


@dataclass(frozen=True)
class Migration:
    component: str
    version: int
    name: str
    sql: str


def load_migrations(component: str, package: str) -> list[Migration]:
    """Read ``NNNN_name.sql`` files from a package, in version order."""
    found = []
    for entry in resources.files(package).iterdir():
        match = re.match(r"^(\d{4})_(\w+)\.sql$", entry.name)
        if match:
            found.append(Migration(component, int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


def _lock_key(schema: str) -> int:
    return int.from_bytes(hashlib.sha256(f"migrate:{schema}".encode()).digest()[:8], "big", signed=True)


async def migrate(pool: Pool, schema: str, migrations: Iterable[Migration]) -> list[str]:
    """Apply the runtime migrations and then ``migrations``; safe to run from many processes at once."""
    todo = [*load_migrations("runtime", _RUNTIME_MIGRATIONS), *migrations]
    applied: list[str] = []
    with translated_errors():
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", _lock_key(schema))
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " component text NOT NULL, version int NOT NULL, name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))"
            )
            done = {
                (r["component"], r["version"])
                for r in await conn.fetch("SELECT component, version FROM schema_migrations")
            }
            for m in todo:
                if (m.component, m.version) in done:
                    continue
                await conn.execute(m.sql)
                await conn.execute(
                    "INSERT INTO schema_migrations (component, version, name) VALUES ($1, $2, $3)",
                    m.component,
                    m.version,
                    m.name,
                )
                applied.append(f"{m.component}/{m.version:04d}_{m.name}")
    if applied:
        log.info("migrations applied", schema=schema, migrations=applied)
    return applied


@contextlib.asynccontextmanager
async def transaction(pool: Pool) -> AsyncIterator[Connection]:
    """A connection inside a transaction, with errors translated."""
    with translated_errors():
        async with pool.acquire() as conn, conn.transaction():
            yield conn
