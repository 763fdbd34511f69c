"""The one Kafka consumer runtime. Services register handlers; the runtime owns the rest.

For every record: decode the envelope, skip what was handled before, run the handler, and commit
the handler's writes, the ``processed_messages`` mark and the partition's next offset in one
PostgreSQL transaction. Offsets live in PostgreSQL; on assignment the consumer seeks to them, so
a crash anywhere leaves either nothing or everything of a message's effect behind.

Failures: a ``TransientError`` (database or broker down) is retried with capped exponential
backoff for as long as it lasts, since the message is not at fault; a ``PermanentError`` goes to
the dead-letter topic at once; any other exception is retried ``max_attempts`` times and then
dead-lettered with its reason. The consumer then goes on with the next message.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from opentelemetry import trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from shared.errors import DependencyUnavailable, PermanentError, TransientError
from shared.kafka import DEAD_LETTERS, OutgoingRecord, Producer, partitions_of, stop_consumer
from shared.messages import Envelope, Message, MessageRegistry
from shared.outbox import OutboxRelay
from shared.postgres import Connection, Pool, transaction, translated_errors
from shared.settings import ConsumerSettings, KafkaSettings
from shared.telemetry import carrier_from_headers, context_from_carrier
from shared.unit_of_work import Clock, UnitOfWork

log = structlog.get_logger(__name__)
_T = TypeVar("_T")
tracer = trace.get_tracer("orch.consumer")


class AlreadyProcessedError(Exception):
    """Raised inside a transaction that found its message already handled; rolls it back."""


@dataclass
class Delivery:
    """What a handler gets: the message and a way to open its one transaction."""

    envelope: Envelope
    message: Message
    topic: str
    partition: int
    offset: int
    _open: Callable[[Delivery], contextlib.AbstractAsyncContextManager[UnitOfWork]]
    committed: bool = False

    def transaction(self) -> contextlib.AbstractAsyncContextManager[UnitOfWork]:
        """Open the handler's transaction; its commit also records this message as handled."""
        if self.committed:
            msg = "a handler opens at most one transaction per message"
            raise RuntimeError(msg)
        return self._open(self)


Handler = Callable[[Delivery], Awaitable[None]]


@dataclass(frozen=True)
class ConsumerSpec:
    """A consumer group, its topics and its handlers by message type."""

    group_id: str
    topics: Sequence[str]
    handlers: Mapping[str, Handler]
    registry: MessageRegistry


@dataclass
class _Stats:
    handled: int = 0
    skipped: int = 0
    dead_lettered: int = 0
    retries: int = 0
    positions: dict[TopicPartition, int] = field(default_factory=dict)


class _SeekToStoredOffsets(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, runtime: ConsumerRuntime) -> None:
        self._runtime = runtime

    async def on_partitions_revoked(self, revoked: Any) -> None:  # noqa: ANN401
        log.info("partitions revoked", group=self._runtime.spec.group_id, partitions=len(revoked))

    async def on_partitions_assigned(self, assigned: Any) -> None:  # noqa: ANN401
        await self._runtime.seek_to_stored(list(assigned))


class ConsumerRuntime:
    def __init__(  # noqa: PLR0913 - the runtime's collaborators, passed in by a composition root
        self,
        spec: ConsumerSpec,
        *,
        pool: Pool,
        producer: Producer,
        relay: OutboxRelay,
        kafka: KafkaSettings,
        settings: ConsumerSettings,
        clock: Clock,
    ) -> None:
        self.spec = spec
        self._pool = pool
        self._producer = producer
        self._relay = relay
        self._kafka = kafka
        self._settings = settings
        self._clock = clock
        self._stopping = asyncio.Event()
        self._consumer: AIOKafkaConsumer | None = None
        self.stats = _Stats()
        self.assigned = False
        self.last_error: str | None = None

    # -- lifecycle -----------------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to finish the message in hand and return (SIGTERM drain)."""
        self._stopping.set()

    @property
    def ready(self) -> bool:
        return self.assigned and self.last_error is None

    async def run(self, *, burst: bool = False) -> None:
        """Consume until ``stop()``; with ``burst`` consume up to the current end of each partition
        (manually assigned, no group membership) and return: used for replays and tests."""
        consumer = self._make_consumer(burst=burst)
        self._consumer = consumer
        try:
            await self._start(consumer, burst=burst)
            ends = await self._end_offsets(consumer) if burst else {}
            while not self._stopping.is_set():
                if burst and await self._caught_up(consumer, ends):
                    break
                batch = await self._poll(consumer)
                if batch:
                    await asyncio.gather(*(self._handle_partition(tp, recs) for tp, recs in batch.items()))
                    if not burst:
                        await self._commit_advisory(consumer)
        finally:
            self.assigned = False
            await stop_consumer(consumer)
            log.info("consumer stopped", group=self.spec.group_id, handled=self.stats.handled)

    def _make_consumer(self, *, burst: bool) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            bootstrap_servers=self._kafka.bootstrap_servers,
            # The group carries the topic prefix: installations (and test runs) sharing a broker
            # never join each other's groups.
            group_id=None if burst else self._kafka.topic(self.spec.group_id),
            client_id=f"{self._kafka.client_id}-{self.spec.group_id}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            fetch_max_wait_ms=100,
            max_poll_interval_ms=600_000,
        )

    async def _start(self, consumer: AIOKafkaConsumer, *, burst: bool) -> None:
        topics = [self._kafka.topic(t) for t in self.spec.topics]
        await self._retry_transient(consumer.start, "kafka start")
        if burst:
            parts = await partitions_of(self._kafka.bootstrap_servers, topics)
            consumer.assign(parts)
            await self.seek_to_stored(parts)
        else:
            consumer.subscribe(topics, listener=_SeekToStoredOffsets(self))
        log.info("consumer started", group=self.spec.group_id, topics=topics, burst=burst)

    async def _end_offsets(self, consumer: AIOKafkaConsumer) -> dict[TopicPartition, int]:
        ends: dict[TopicPartition, int] = await consumer.end_offsets(list(consumer.assignment()))
        return ends

    @staticmethod
    async def _caught_up(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
        for tp, end in ends.items():
            if await consumer.position(tp) < end:
                return False
        return True

    async def seek_to_stored(self, partitions: list[TopicPartition]) -> None:
        assert self._consumer is not None
        rows = await self._retry_transient(lambda: self._load_offsets(partitions), "load offsets")
        for tp in partitions:
            if tp in rows:
                self._consumer.seek(tp, rows[tp])
            else:
                await self._consumer.seek_to_beginning(tp)
        self.assigned = True
        log.info("partitions assigned", group=self.spec.group_id, partitions=len(partitions))

    async def _load_offsets(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        with translated_errors():
            rows = await self._pool.fetch(
                "SELECT topic, partition, next_offset FROM consumer_offsets WHERE group_id = $1",
                self.spec.group_id,
            )
        wanted = set(partitions)
        stored = {TopicPartition(r["topic"], r["partition"]): r["next_offset"] for r in rows}
        return {tp: off for tp, off in stored.items() if tp in wanted}

    async def _poll(self, consumer: AIOKafkaConsumer) -> dict[TopicPartition, list[ConsumerRecord[Any, Any]]]:
        try:
            batch: dict[TopicPartition, list[ConsumerRecord[Any, Any]]] = await consumer.getmany(
                timeout_ms=self._settings.poll_timeout_ms, max_records=self._settings.max_batch
            )
        except KafkaError as exc:
            self.last_error = f"kafka: {exc}"
            log.warning("poll failed", group=self.spec.group_id, error=str(exc))
            await asyncio.sleep(self._settings.backoff_initial_s)
            return {}
        return batch

    async def _commit_advisory(self, consumer: AIOKafkaConsumer) -> None:
        """Mirror positions to Kafka for lag tools; PostgreSQL stays the source of truth."""
        offsets = dict(self.stats.positions)
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except KafkaError as exc:
            log.debug("advisory commit failed", error=str(exc))

    # -- one partition's records ---------------------------------------------------------------

    async def _handle_partition(self, tp: TopicPartition, records: list[ConsumerRecord[Any, Any]]) -> None:
        for record in records:
            if self._stopping.is_set():
                return  # not stored: the next owner of the partition starts here
            if not await self._handle_record(tp, record):
                return  # stopping in the middle of retries: the message stays unconsumed
            self.stats.positions[tp] = record.offset + 1

    async def _handle_record(self, tp: TopicPartition, record: ConsumerRecord[Any, Any]) -> bool:
        """Handle or dead-letter one record; False if it was left for later (shutdown mid-retry)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                await self._dispatch(tp, record)
            except (TransientError, DependencyUnavailable) as exc:
                self._note_retry(exc, record, attempt)
                if self._stopping.is_set():
                    return False
                await asyncio.sleep(self._backoff(attempt))
            except PermanentError as exc:
                await self._dead_letter(tp, record, reason=str(exc))
                return True
            except Exception as exc:  # noqa: BLE001 - a bug in a handler must not stop the consumer
                self._note_retry(exc, record, attempt)
                if attempt >= self._settings.max_attempts:
                    reason = f"{type(exc).__name__}: {exc} (after {attempt} attempts)"
                    await self._dead_letter(tp, record, reason=reason)
                    return True
                await asyncio.sleep(self._backoff(attempt))
            else:
                self.last_error = None
                return True

    def _note_retry(self, exc: BaseException, record: ConsumerRecord[Any, Any], attempt: int) -> None:
        self.stats.retries += 1
        self.last_error = str(exc)
        log.warning(
            "message handling failed, will retry",
            group=self.spec.group_id,
            topic=record.topic,
            offset=record.offset,
            attempt=attempt,
            error=f"{type(exc).__name__}: {exc}",
        )

    def _backoff(self, attempt: int) -> float:
        base = min(self._settings.backoff_max_s, self._settings.backoff_initial_s * 2.0 ** min(attempt - 1, 32))
        return base * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not cryptography

    async def _dispatch(self, tp: TopicPartition, record: ConsumerRecord[Any, Any]) -> None:
        envelope = Envelope.from_bytes(record.value)
        handler = self.spec.handlers.get(envelope.type)
        if handler is None:
            await self._store_offset_only(tp, record, envelope.id, mark=False)
            self.stats.skipped += 1
            return
        if await self._seen(envelope.id):
            await self._store_offset_only(tp, record, envelope.id, mark=False)
            self.stats.skipped += 1
            return
        message = self.spec.registry.decode(envelope)
        carrier = carrier_from_headers(record.headers) or envelope.trace
        structlog.contextvars.bind_contextvars(message_id=envelope.id, message_type=envelope.type)
        try:
            with tracer.start_as_current_span(
                f"{self.spec.group_id} process {envelope.type}",
                context=context_from_carrier(carrier),
                kind=SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "kafka",
                    "messaging.destination.name": record.topic,
                    "messaging.kafka.message.offset": record.offset,
                    "messaging.message.id": envelope.id,
                    "messaging.consumer.group.name": self.spec.group_id,
                    "orch.aggregate_id": envelope.aggregate_id,
                    "orch.correlation_id": envelope.correlation_id,
                },
            ) as span:
                await self._run_handler(handler, tp, record, envelope=envelope, message=message, span=span)
        finally:
            structlog.contextvars.unbind_contextvars("message_id", "message_type")

    async def _run_handler(  # noqa: PLR0913
        self,
        handler: Handler,
        tp: TopicPartition,
        record: ConsumerRecord[Any, Any],
        *,
        envelope: Envelope,
        message: Message,
        span: trace.Span,
    ) -> None:
        delivery = Delivery(
            envelope,
            message,
            record.topic,
            tp.partition,
            record.offset,
            _open=lambda d: self._transaction(d, tp, record),
        )
        try:
            await handler(delivery)
            if not delivery.committed:
                await self._store_offset_only(tp, record, envelope.id, mark=True)
        except AlreadyProcessedError:
            span.set_attribute("orch.duplicate", value=True)
            self.stats.skipped += 1
            return
        except Exception as exc:
            span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
            raise
        self.stats.handled += 1
        await self._relay_safely()

    @contextlib.asynccontextmanager
    async def _transaction(
        self, delivery: Delivery, tp: TopicPartition, record: ConsumerRecord[Any, Any]
    ) -> AsyncIterator[UnitOfWork]:
        async with transaction(self._pool) as conn:
            if not await self._mark(conn, delivery.envelope.id):
                raise AlreadyProcessedError
            yield UnitOfWork(conn, cause=delivery.envelope, kafka=self._kafka, clock=self._clock)
            await self._save_offset(conn, tp, record.offset + 1)
        delivery.committed = True

    async def _relay_safely(self) -> None:
        with contextlib.suppress(TransientError):  # the sweeper publishes it once the broker is back
            await self._relay.flush()

    # -- bookkeeping ---------------------------------------------------------------------------

    async def _seen(self, message_id: str) -> bool:
        with translated_errors():
            found = await self._pool.fetchval(
                "SELECT 1 FROM processed_messages WHERE group_id = $1 AND message_id = $2",
                self.spec.group_id,
                message_id,
            )
        return found is not None

    async def _mark(self, conn: Connection, message_id: str) -> bool:
        inserted = await conn.fetchval(
            "INSERT INTO processed_messages (group_id, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1",
            self.spec.group_id,
            message_id,
        )
        return inserted is not None

    async def _save_offset(self, conn: Connection, tp: TopicPartition, next_offset: int) -> None:
        await conn.execute(
            "INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (group_id, topic, partition) DO UPDATE"
            " SET next_offset = GREATEST(consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()",
            self.spec.group_id,
            tp.topic,
            tp.partition,
            next_offset,
        )

    async def _store_offset_only(
        self, tp: TopicPartition, record: ConsumerRecord[Any, Any], message_id: str, *, mark: bool
    ) -> None:
        async with transaction(self._pool) as conn:
            if mark:
                await self._mark(conn, message_id)
            await self._save_offset(conn, tp, record.offset + 1)

    async def _dead_letter(self, tp: TopicPartition, record: ConsumerRecord[Any, Any], *, reason: str) -> None:
        log.error(
            "message dead-lettered", group=self.spec.group_id, topic=record.topic, offset=record.offset, reason=reason
        )
        message_id = _message_id_or_none(record.value)
        headers = [
            ("orch-dlq-group", self.spec.group_id.encode()),
            ("orch-dlq-topic", record.topic.encode()),
            ("orch-dlq-partition", str(record.partition).encode()),
            ("orch-dlq-offset", str(record.offset).encode()),
            ("orch-dlq-reason", reason[:2000].encode()),
            *[(k, v) for k, v in record.headers or () if not k.startswith("orch-dlq-")],
        ]
        key = record.key.decode(errors="replace") if record.key else ""
        value = record.value if record.value is not None else b""
        await self._retry_transient(
            lambda: self._producer.send(OutgoingRecord(self._kafka.topic(DEAD_LETTERS), key, value, headers)),
            "dead-letter publish",
        )

        async def record_it() -> None:
            async with transaction(self._pool) as conn:
                await conn.execute(
                    'INSERT INTO dead_letters (group_id, topic, partition, "offset", message_id, reason)'
                    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    self.spec.group_id,
                    record.topic,
                    record.partition,
                    record.offset,
                    message_id,
                    reason,
                )
                await self._save_offset(conn, tp, record.offset + 1)

        await self._retry_transient(record_it, "dead-letter record")
        self.stats.dead_lettered += 1

    async def _retry_transient(self, op: Callable[[], Awaitable[_T]], what: str) -> _T:
        attempt = 0
        while True:
            attempt += 1
            try:
                return await op()
            except (TransientError, KafkaError, OSError) as exc:
                self.last_error = f"{what}: {exc}"
                log.warning("retrying", what=what, attempt=attempt, error=str(exc))
                if self._stopping.is_set():
                    raise
                await asyncio.sleep(self._backoff(attempt))


def _message_id_or_none(raw: bytes | None) -> str | None:
    try:
        return Envelope.from_bytes(raw or b"").id
    except PermanentError:
        return None
