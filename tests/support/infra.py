"""The real Kafka and PostgreSQL of a test run: started by the project's own script, one of each
per run, with a fresh database and a fresh topic prefix so runs and tests never see each other."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from aiokafka.admin import AIOKafkaAdminClient

ROOT = Path(__file__).resolve().parents[2]
PG_PORT = int(os.environ.get("ORCH_PG_PORT", "55432"))
KAFKA_PORT = int(os.environ.get("ORCH_KAFKA_PORT", "9092"))
ADMIN_DSN = f"postgresql://orch:orch@127.0.0.1:{PG_PORT}/orch"
BOOTSTRAP = f"127.0.0.1:{KAFKA_PORT}"


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def ensure_infra_running() -> None:
    if _port_open(PG_PORT) and _port_open(KAFKA_PORT):
        return
    subprocess.run(["bash", str(ROOT / "scripts" / "infra.sh"), "start"], check=True, timeout=300)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class RunResources:
    """What one pytest session owns on the shared servers."""

    dsn: str
    database: str
    topic_prefix: str
    bootstrap: str = BOOTSTRAP


async def create_run() -> RunResources:
    suffix = uuid.uuid4().hex[:10]
    database = f"orch_test_{suffix}"
    conn = await asyncpg.connect(ADMIN_DSN)
    try:
        await conn.execute(f"CREATE DATABASE {database}")
    finally:
        await conn.close()
    dsn = f"postgresql://orch:orch@127.0.0.1:{PG_PORT}/{database}"
    return RunResources(dsn=dsn, database=database, topic_prefix=f"t{suffix}.")


async def drop_run(run: RunResources) -> None:
    conn = await asyncpg.connect(ADMIN_DSN)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {run.database} WITH (FORCE)")
    finally:
        await conn.close()
    admin = AIOKafkaAdminClient(bootstrap_servers=run.bootstrap)
    await admin.start()
    try:
        topics = [t for t in await admin.list_topics() if t.startswith(run.topic_prefix)]
        if topics:
            await admin.delete_topics(topics)
    finally:
        await admin.close()
