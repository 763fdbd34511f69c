"""Submitting a command: append it durably to Kafka, then wait until it is decided and projected.

A POST answers only after Kafka acknowledged the command on all in-sync replicas. It then waits
(up to ``wait_s``) for the command processor's outcome and for the projector to have applied the
resulting events, so the client reads its own write right after. If that takes longer, the API
answers ``202`` with the command's id; ``GET /orgs/{orgId}/commands/{commandId}`` tells the rest.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

from orch_api.service_layer.projections import PROJECTOR_GROUP
from shared.errors import OrchestratorError
from shared.kafka import COMMANDS, OutgoingRecord, Producer
from shared.messages import Command, Envelope
from shared.postgres import Pool, translated_errors
from shared.settings import KafkaSettings
from shared.telemetry import current_trace_carrier, headers_from_carrier
from shared.unit_of_work import Clock


@dataclass(frozen=True)
class CommandOutcome:
    command_id: str
    settled: bool
    """False when the wait ran out: the command is durable but its outcome is still to come."""
    result: dict[str, Any]


class RejectedCommandError(OrchestratorError):
    """The command processor refused the command; carries its status and error body."""

    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(str(body.get("message", "rejected")), details=body.get("details") or {})
        self.http_status = status
        self.code = str(body.get("error", "API-400"))


class CommandBus:
    def __init__(self, *, producer: Producer, pool: Pool, kafka: KafkaSettings, clock: Clock, wait_s: float) -> None:
        self._producer = producer
        self._pool = pool
        self._kafka = kafka
        self._clock = clock
        self._wait_s = wait_s

    async def submit(self, command: Command, *, key: str, aggregate_id: str, actor: str) -> CommandOutcome:
        command_id = str(uuid.uuid4())
        carrier = current_trace_carrier()
        envelope = Envelope(
            id=command_id,
            kind="command",
            type=command.TYPE,
            schema_version=command.VERSION,
            aggregate_id=aggregate_id,
            key=key,
            occurred_at=self._clock(),
            correlation_id=command_id,
            actor=actor,
            trace=carrier,
            payload=command.model_dump(mode="json", by_alias=True),
        )
        await self._producer.send(
            OutgoingRecord(
                topic=self._kafka.topic(COMMANDS),
                key=key,
                value=envelope.to_bytes(),
                headers=[("type", command.TYPE.encode()), *headers_from_carrier(carrier)],
            )
        )
        return await self.wait(command_id)

    async def wait(self, command_id: str) -> CommandOutcome:
        """Poll, with a deadline, for the outcome and then for the projection of its last event."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._wait_s
        delay = 0.002
        row = None
        while loop.time() < deadline:
            row = row or await self._outcome(command_id)
            if row is not None:
                if not row["accepted"]:
                    raise RejectedCommandError(row["http_status"], json.loads(row["error"]))
                if await self._projected(row["event_ids"]):
                    return CommandOutcome(command_id, settled=True, result=json.loads(row["result"] or "{}"))
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)
        return CommandOutcome(command_id, settled=False, result={})

    async def status(self, command_id: str) -> dict[str, Any] | None:
        row = await self._outcome(command_id)
        if row is None:
            return None
        projected = await self._projected(row["event_ids"])
        return {
            "id": command_id,
            "status": ("completed" if projected else "accepted") if row["accepted"] else "rejected",
            "error": json.loads(row["error"]) if row["error"] else None,
            "result": json.loads(row["result"] or "{}"),
        }

    async def _outcome(self, command_id: str) -> Any:  # noqa: ANN401 - an asyncpg record
        with translated_errors():
            return await self._pool.fetchrow(
                "SELECT accepted, http_status, error, event_ids, result FROM command_results WHERE command_id = $1",
                command_id,
            )

    async def _projected(self, event_ids: list[str]) -> bool:
        """Whether the projector has applied every one of ``event_ids`` (they may sit on
        different partitions, projected in any order)."""
        if not event_ids:
            return True
        with translated_errors():
            found = await self._pool.fetchval(
                "SELECT count(*) FROM processed_messages WHERE group_id = $1 AND message_id = ANY($2::text[])",
                PROJECTOR_GROUP,
                event_ids,
            )
        return int(found) == len(event_ids)
