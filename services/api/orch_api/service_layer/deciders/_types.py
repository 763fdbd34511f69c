"""The shapes every area's deciders and routes share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from orch_api.adapters.aggregates import AggregateStore
from shared.messages import Event
from shared.postgres import Connection

Decider = Callable[[AggregateStore, Connection, Any], Awaitable[list[Event]]]


@dataclass(frozen=True)
class Routing:
    """Where an event belongs: its aggregate, partition key, state model and evolve function."""

    aggregate_id: str
    key: str
    model: type[BaseModel]
    evolve: Callable[[Any, Any], BaseModel]
    also: tuple[Routing, ...] = ()
    """Further aggregates the event changes (their keys are unused): an environment created is
    also part of its application's state, so that environment commands can lock the app."""


RouteFn = Callable[[Any], Routing]
