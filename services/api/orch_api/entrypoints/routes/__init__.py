"""The API's endpoints, one module per area; each exports ``ENDPOINTS``."""

from __future__ import annotations

from orch_api.entrypoints.endpoints import Endpoint
from orch_api.entrypoints.routes import commands, deltas, deployments, graphs, meta, orgs, resources, values

AREAS = (orgs, resources, deltas, deployments, values, commands, graphs, meta)


def all_endpoints() -> list[Endpoint]:
    return [e for area in AREAS for e in area.ENDPOINTS]
