"""Producing and reading test messages on the real broker."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.kafka import partitions_of, stop_consumer
from shared.messages import Envelope, Message


def envelope_for(message: Message, *, key: str, message_id: str | None = None) -> Envelope:
    message_id = message_id or str(uuid.uuid4())
    return Envelope(
        id=message_id,
        kind=message.KIND,
        type=message.TYPE,
        schema_version=message.VERSION,
        aggregate_id=key,
        key=key,
        occurred_at=datetime.now(UTC),
        correlation_id=message_id,
        payload=message.model_dump(mode="json"),
    )


async def produce_raw(bootstrap: str, topic: str, items: list[tuple[str, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        for key, value in items:
            await producer.send_and_wait(topic, value=value, key=key.encode())
    finally:
        await producer.stop()


async def read_all(bootstrap: str, topic: str) -> list[tuple[bytes, dict[str, bytes]]]:
    """Every record on ``topic`` up to its current end: (value, headers)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    await consumer.start()
    try:
        parts = await partitions_of(bootstrap, [topic])
        if not parts:
            return []
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        out: list[tuple[bytes, dict[str, bytes]]] = []
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                out.extend((r.value, dict(r.headers)) for r in records)
        return out
    finally:
        await stop_consumer(consumer)
