"""Read models of shared values and secrets."""

from __future__ import annotations

from orch_api.adapters.projections._types import Write

WRITES: dict[str, Write] = {}

TABLES: tuple[str, ...] = ()
