"""The transactional outbox: messages are written in the handler's database transaction and
published to Kafka after it commits, so a message is sent if and only if its cause was recorded.

A crash between commit and publish leaves rows behind; the sweeper publishes them later. A crash
between publish and delete publishes them twice, with the same message ids, and consumers skip
the second copy (``processed_messages``).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json

import structlog

from shared.errors import TransientError
from shared.kafka import OutgoingRecord, Producer
from shared.postgres import Connection, Pool, transaction

log = structlog.get_logger(__name__)
_BATCH = 500


async def write_to_outbox(conn: Connection, record: OutgoingRecord, message_id: str) -> None:
    await conn.execute(
        "INSERT INTO outbox (topic, key, message_id, value, headers) VALUES ($1, $2, $3, $4, $5::jsonb)",
        record.topic,
        record.key,
        message_id,
        record.value,
        json.dumps({k: v.decode() for k, v in record.headers}),
    )


class OutboxRelay:
    """Publishes a schema's outbox in order; one relay at a time per schema across processes."""

    def __init__(self, pool: Pool, producer: Producer, *, schema: str) -> None:
        self._pool = pool
        self._producer = producer
        self._lock = asyncio.Lock()
        self._lock_key = int.from_bytes(hashlib.sha256(f"outbox:{schema}".encode()).digest()[:8], "big", signed=True)

    async def flush(self) -> int:
        """Publish everything pending; returns how many messages went out."""
        sent = 0
        async with self._lock:
            while True:
                n = await self._flush_batch()
                sent += n
                if n < _BATCH:
                    return sent

    async def _flush_batch(self) -> int:
        async with transaction(self._pool) as conn:
            locked = await conn.fetchval("SELECT pg_try_advisory_xact_lock($1)", self._lock_key)
            if not locked:
                return 0  # another process is relaying this schema right now
            rows = await conn.fetch("SELECT seq, topic, key, value, headers FROM outbox ORDER BY seq LIMIT $1", _BATCH)
            if not rows:
                return 0
            await self._producer.send_all(
                [
                    OutgoingRecord(
                        topic=r["topic"],
                        key=r["key"],
                        value=bytes(r["value"]),
                        headers=[(k, v.encode()) for k, v in json.loads(r["headers"]).items()],
                    )
                    for r in rows
                ]
            )
            await conn.execute("DELETE FROM outbox WHERE seq = ANY($1::bigint[])", [r["seq"] for r in rows])
            return len(rows)

    async def sweep_forever(self, interval_s: float) -> None:
        """Publish leftovers of crashed processes; runs until cancelled."""
        while True:
            with contextlib.suppress(TransientError):
                await self.flush()
            await asyncio.sleep(interval_s)
