"""The Kafka adapter: one idempotent producer wrapper and topic administration."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import structlog
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from shared.errors import DependencyUnavailable
from shared.settings import KafkaSettings

log = structlog.get_logger(__name__)

COMMANDS = "commands"
EVENTS = "events"
DRIVER_CALLS = "driver-calls"
DEAD_LETTERS = "dead-letters"
ALL_TOPICS = (COMMANDS, EVENTS, DRIVER_CALLS, DEAD_LETTERS)


@dataclass(frozen=True)
class OutgoingRecord:
    topic: str
    key: str
    value: bytes
    headers: Sequence[tuple[str, bytes]] = ()


class Producer:
    """acks=all, idempotent; ``send_all`` returns once every record is durable on the broker."""

    def __init__(self, settings: KafkaSettings, *, client_id: str) -> None:
        self._settings = settings
        self._producer = AIOKafkaProducer(
            bootstrap_servers=settings.bootstrap_servers,
            client_id=client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=1,
            request_timeout_ms=15000,
        )

    async def start(self) -> None:
        try:
            await self._producer.start()
        except (KafkaError, OSError) as exc:
            await self._producer.stop()
            raise DependencyUnavailable(f"kafka unavailable: {exc}") from exc

    async def stop(self) -> None:
        await self._producer.stop()

    async def send_all(self, records: Sequence[OutgoingRecord]) -> None:
        try:
            futures = [
                await self._producer.send(r.topic, value=r.value, key=r.key.encode(), headers=list(r.headers))
                for r in records
            ]
            await asyncio.gather(*futures)
        except (KafkaError, OSError) as exc:
            raise DependencyUnavailable(f"kafka unavailable: {exc}") from exc

    async def send(self, record: OutgoingRecord) -> None:
        await self.send_all([record])


async def stop_consumer(consumer: AIOKafkaConsumer) -> None:
    """Stop a consumer. aiokafka's group-less consumer raises CancelledError from ``stop`` when
    its internal task never got to run; that is not a cancellation of ours, so it is swallowed."""
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise


async def partitions_of(bootstrap_servers: str, topics: Sequence[str]) -> list[TopicPartition]:
    """Every partition of ``topics``, asked of the broker (a consumer only knows what it subscribed)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="orch-admin")
    try:
        await admin.start()
        described = await admin.describe_topics(list(topics))
    except (KafkaError, OSError) as exc:
        raise DependencyUnavailable(f"kafka unavailable: {exc}") from exc
    finally:
        await admin.close()
    return sorted(TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"])


async def ensure_topics(settings: KafkaSettings, names: Sequence[str] = ALL_TOPICS) -> list[str]:
    """Create the orchestrator's topics if missing; returns the ones it created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, client_id="orch-admin")
    try:
        await admin.start()
    except (KafkaError, OSError) as exc:
        raise DependencyUnavailable(f"kafka unavailable: {exc}") from exc
    created = []
    try:
        existing = set(await admin.list_topics())
        for name in names:
            topic = settings.topic(name)
            if topic in existing:
                continue
            try:
                await admin.create_topics(
                    [NewTopic(name=topic, num_partitions=settings.partitions, replication_factor=1)]
                )
                created.append(topic)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()
    if created:
        log.info("topics created", topics=created)
    return created
