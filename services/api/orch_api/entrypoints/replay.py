"""Rebuild the API's read models from the Kafka log and compare them with the live ones.

    orch-replay [--schema api_replay]

Replays the whole ``events`` topic, from the first offset to the end it has when the command
starts, through the same projection handlers into a fresh schema, then compares every read-model
table row by row with the live schema. Exit status 0 means identical, 1 means they differ (the
differences are printed). Run it when the system is quiet, or the live side may simply be ahead.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import asyncpg

from orch_api.service_layer.projections import READ_MODEL_TABLES, projection_handlers
from orch_api.settings import ApiSettings
from shared.consumer import ConsumerSpec
from shared.contracts import build_registry
from shared.kafka import EVENTS
from shared.postgres import load_migrations
from shared.service import infrastructure, run_service

REPLAY_GROUP = "api-projector-replay"


async def _rows(conn: asyncpg.Connection[Any], schema: str, table: str) -> list[str]:
    rows = await conn.fetch(f"SELECT to_jsonb(t)::text AS row FROM {schema}.{table} t")  # noqa: S608 - fixed names
    return sorted(r["row"] for r in rows)


async def compare(dsn: str, live: str, rebuilt: str) -> dict[str, dict[str, int]]:
    """Per table: rows only in the live schema and rows only in the rebuilt one."""
    conn = await asyncpg.connect(dsn)
    try:
        report = {}
        for table in READ_MODEL_TABLES:
            a, b = set(await _rows(conn, live, table)), set(await _rows(conn, rebuilt, table))
            report[table] = {"rows": len(a), "only_live": len(a - b), "only_rebuilt": len(b - a)}
        return report
    finally:
        await conn.close()


async def replay(settings: ApiSettings, target_schema: str) -> dict[str, dict[str, int]]:
    live = settings.db_schema
    conn = await asyncpg.connect(settings.postgres.dsn)
    try:
        await conn.execute(f"DROP SCHEMA IF EXISTS {target_schema} CASCADE")
    finally:
        await conn.close()
    rebuilt = settings.model_copy(update={"db_schema": target_schema})
    migrations = load_migrations("api", "orch_api.adapters.migrations")
    async with infrastructure(rebuilt, client_id="orch-replay", migrations=migrations) as infra:
        spec = ConsumerSpec(REPLAY_GROUP, [EVENTS], projection_handlers(), build_registry())
        await infra.consumer(spec).run(burst=True)
    return await compare(settings.postgres.dsn, live, target_schema)


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--schema", default="api_replay", help="schema to rebuild into (dropped first)")
    args = parser.parse_args()
    settings = ApiSettings()
    result: dict[str, dict[str, int]] = {}

    async def main() -> None:
        result.update(await replay(settings, args.schema))

    run_service(settings, "orch-replay", main)
    identical = all(v["only_live"] == 0 and v["only_rebuilt"] == 0 for v in result.values())
    sys.stdout.write(json.dumps({"identical": identical, "tables": result}, indent=2) + "\n")
    sys.exit(0 if identical else 1)


if __name__ == "__main__":
    run()
