"""The projector: events in, read-model rows out, each in the runtime's transaction."""

from __future__ import annotations

from orch_api.adapters.projections import Write, all_tables, all_writes
from shared.consumer import Delivery, Handler

PROJECTOR_GROUP = "api-projector"
READ_MODEL_TABLES = all_tables()


class Projector:
    def __init__(self, writes: dict[str, Write]) -> None:
        self._writes = writes

    async def project(self, delivery: Delivery) -> None:
        write = self._writes[delivery.envelope.type]
        async with delivery.transaction() as uow:
            await write(uow.conn, delivery.message, delivery.envelope)


def projection_handlers() -> dict[str, Handler]:
    writes = all_writes()
    return dict.fromkeys(writes, Projector(writes).project)
