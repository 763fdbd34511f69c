"""The command processor: load the states a command needs, decide, evolve, emit, record the outcome.

All of it happens in the one transaction the consumer runtime opens for the command, so a
command's events, the new aggregate states, its outcome and the consumer offset commit together.
What each command needs and decides lives in ``service_layer/deciders/<area>.py``.
"""

from __future__ import annotations

from typing import Any

from orch_api.adapters.aggregates import AggregateStore
from orch_api.service_layer.deciders import Decider, RouteFn, all_deciders, all_routes
from shared.consumer import Delivery, Handler
from shared.errors import DomainError, InvalidInput, NotFound
from shared.kafka import EVENTS
from shared.messages import Event


class CommandProcessor:
    def __init__(self, deciders: dict[str, Decider], routes: dict[str, RouteFn]) -> None:
        self._deciders = deciders
        self._routes = routes

    async def handle(self, delivery: Delivery) -> None:
        decider = self._deciders[delivery.envelope.type]
        async with delivery.transaction() as uow:
            store = AggregateStore(uow.conn)
            try:
                events = await decider(store, uow.conn, delivery.message)
            except (DomainError, NotFound, InvalidInput) as err:
                await store.record_result(
                    delivery.envelope.id, accepted=False, http_status=err.http_status, error=err.to_body()
                )
                return
            event_ids = []
            for event in events:
                routing = self._routes[event.TYPE](event)
                for other in routing.also:
                    other_state, other_version = await store.load(other.aggregate_id, other.model)
                    await store.save(other.aggregate_id, other.evolve(event, other_state), other_version + 1)
                state, version = await store.load(routing.aggregate_id, routing.model)
                await store.save(routing.aggregate_id, routing.evolve(event, state), version + 1)
                emitted = await uow.emit(
                    event,
                    topic=EVENTS,
                    key=routing.key,
                    aggregate_id=routing.aggregate_id,
                    aggregate_version=version + 1,
                )
                event_ids.append(emitted.id)
            await store.record_result(
                delivery.envelope.id, accepted=True, http_status=201, event_ids=event_ids, result=_result(events)
            )


def _result(events: list[Event]) -> dict[str, Any]:
    if not events:
        return {}
    first = events[0]
    return {"type": first.TYPE, **first.model_dump(mode="json", include={"deploy_id", "set_id"})}


def command_handlers() -> dict[str, Handler]:
    processor = CommandProcessor(all_deciders(), all_routes())
    return dict.fromkeys(all_deciders(), processor.handle)
