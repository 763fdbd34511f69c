"""A handler's unit of work: one database transaction plus the messages it emits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from shared.kafka import OutgoingRecord
from shared.messages import Envelope, Message, derived_id
from shared.outbox import write_to_outbox
from shared.postgres import Connection
from shared.settings import KafkaSettings
from shared.telemetry import current_trace_carrier, headers_from_carrier

Clock = Callable[[], datetime]


class UnitOfWork:
    """Writes go through ``conn``; ``emit`` puts messages in the outbox of the same transaction.

    Ids of emitted messages derive from the cause's id and their position, so handling the same
    message again emits the same ids.
    """

    def __init__(self, conn: Connection, *, cause: Envelope, kafka: KafkaSettings, clock: Clock) -> None:
        self.conn = conn
        self.cause = cause
        self._kafka = kafka
        self._clock = clock
        self._emitted: list[Envelope] = []

    @property
    def emitted(self) -> list[Envelope]:
        return list(self._emitted)

    async def emit(
        self,
        message: Message,
        *,
        topic: str,
        key: str,
        aggregate_id: str,
        aggregate_version: int = 0,
    ) -> Envelope:
        carrier = current_trace_carrier() or dict(self.cause.trace)
        envelope = Envelope(
            id=derived_id(self.cause.id, len(self._emitted)),
            kind=message.KIND,
            type=message.TYPE,
            schema_version=message.VERSION,
            aggregate_id=aggregate_id,
            aggregate_version=aggregate_version,
            key=key,
            occurred_at=self._clock(),
            correlation_id=self.cause.correlation_id,
            causation_id=self.cause.id,
            actor=self.cause.actor,
            trace=carrier,
            payload=message.model_dump(mode="json"),
        )
        record = OutgoingRecord(
            topic=self._kafka.topic(topic),
            key=key,
            value=envelope.to_bytes(),
            headers=[("type", envelope.type.encode()), *headers_from_carrier(carrier)],
        )
        await write_to_outbox(self.conn, record, envelope.id)
        self._emitted.append(envelope)
        return envelope
