"""The command processor's aggregate store and command outcomes (PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

from shared.postgres import Connection

S = TypeVar("S", bound=BaseModel)


class AggregateStore:
    """Reads and writes aggregate states inside the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    async def load(self, aggregate_id: str, model: type[S]) -> tuple[S | None, int]:
        """The state and its version; rows are locked until the transaction ends."""
        row = await self._conn.fetchrow("SELECT version, state FROM aggregates WHERE id = $1 FOR UPDATE", aggregate_id)
        if row is None:
            return None, 0
        return model.model_validate_json(row["state"]), int(row["version"])

    async def save(self, aggregate_id: str, state: BaseModel, version: int) -> None:
        await self._conn.execute(
            "INSERT INTO aggregates (id, version, state) VALUES ($1, $2, $3::jsonb)"
            " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, state = EXCLUDED.state",
            aggregate_id,
            version,
            state.model_dump_json(),
        )

    async def record_result(  # noqa: PLR0913
        self,
        command_id: str,
        *,
        accepted: bool,
        http_status: int,
        error: dict[str, Any] | None = None,
        event_ids: list[str] | None = None,
        result: dict[str, Any] | None = None,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO command_results (command_id, accepted, http_status, error, event_ids, result)"
            " VALUES ($1, $2, $3, $4::jsonb, $5, $6::jsonb) ON CONFLICT (command_id) DO NOTHING",
            command_id,
            accepted,
            http_status,
            json.dumps(error) if error is not None else None,
            event_ids or [],
            json.dumps(result) if result is not None else None,
        )
