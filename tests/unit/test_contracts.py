"""The catalogue of internal messages: unique type names, all registered, all listed."""

from __future__ import annotations

from datetime import UTC, datetime

from shared import contracts as c
from shared.messages import Command, Envelope, Event


class TestContracts:
    def test_every_message_has_a_unique_type(self) -> None:
        types = [model.TYPE for model in c.ALL_MESSAGES]

        assert sorted(types) == sorted(set(types))

    def test_the_registry_knows_every_message(self) -> None:
        registry = c.build_registry()

        assert [m.TYPE for m in c.ALL_MESSAGES if not registry.knows(m.TYPE)] == []

    def test_every_command_and_event_defined_is_listed(self) -> None:
        defined = {
            value
            for value in vars(c).values()
            if isinstance(value, type) and issubclass(value, (Command, Event)) and value not in (Command, Event)
        }

        assert defined == set(c.ALL_MESSAGES)

    def test_commands_and_events_say_which_they_are(self) -> None:
        kinds = {m.TYPE: m.KIND for m in c.ALL_MESSAGES}

        # Commands are imperative, events past tense: the name tells which one it is.
        assert [] == [t for t, k in kinds.items() if (k == "event") != t.endswith("ed")]
        assert {"CreateOrg", "CreateDeployment"} <= {t for t, k in kinds.items() if k == "command"}

    def test_a_decoded_message_survives_an_envelope_round_trip(self) -> None:
        event = c.DriverCallSucceeded(
            call_id="d:g:put",
            org_id="acme",
            app_id="shop",
            env_id="dev",
            deploy_id="d",
            guresid="g",
            outputs={"host": "h"},
            secret_keys=("token",),
        )
        wire = Envelope(
            id="6d1f1b5e-8f53-4a55-9a57-4a0f6f0a1b2c",
            kind=event.KIND,
            type=event.TYPE,
            schema_version=event.VERSION,
            aggregate_id="driver-call:d:g:put",
            key="acme/shop/dev",
            occurred_at=datetime(2024, 5, 6, tzinfo=UTC),
            correlation_id="corr-1",
            payload=event.model_dump(mode="json"),
        )

        assert c.build_registry().decode(Envelope.from_bytes(wire.to_bytes())) == event
