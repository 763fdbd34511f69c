"""Shared values and secrets."""

from __future__ import annotations

from orch_api.entrypoints.endpoints import Endpoint

ENDPOINTS: list[Endpoint] = []
