"""Deciders and routes for shared values and secrets."""

from __future__ import annotations

from orch_api.service_layer.deciders._types import Decider, RouteFn

DECIDERS: dict[str, Decider] = {}

ROUTES: dict[str, RouteFn] = {}
