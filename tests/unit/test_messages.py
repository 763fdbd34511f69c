"""Envelopes, the message registry with its upcasters, and derived ids."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest

from shared import contracts as c
from shared.errors import PermanentError
from shared.messages import Envelope, Event, MessageRegistry, canonical_json, derived_id

# A payload exactly as version 1 of the test event wrote it, before ``name`` became ``display_name``.
WIDGET_RENAMED_V1: dict[str, Any] = {"widget_id": "w-1", "name": "Old name"}


class WidgetRenamed(Event):
    """Version 2 of a test-only event: ``name`` was renamed to ``display_name``."""

    TYPE: ClassVar[str] = "WidgetRenamed"
    VERSION: ClassVar[int] = 2
    widget_id: str
    display_name: str


class WidgetRenamedV3(Event):
    """Version 3 of the same event: adds ``source``."""

    TYPE: ClassVar[str] = "WidgetRenamed"
    VERSION: ClassVar[int] = 3
    widget_id: str
    display_name: str
    source: str


def v1_to_v2(payload: dict[str, Any]) -> dict[str, Any]:
    rest = {k: v for k, v in payload.items() if k != "name"}
    return {**rest, "display_name": payload["name"]}


def v2_to_v3(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "source": "legacy"}


def envelope(type_: str, payload: dict[str, Any], *, schema_version: int = 1) -> Envelope:
    return Envelope(
        id="6d1f1b5e-8f53-4a55-9a57-4a0f6f0a1b2c",
        kind="event",
        type=type_,
        schema_version=schema_version,
        aggregate_id="org:acme",
        aggregate_version=3,
        key="acme",
        occurred_at=datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC),
        correlation_id="corr-1",
        causation_id="cause-1",
        actor="alice@example.com",
        trace={"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"},
        payload=payload,
    )


def widget_registry(*models: type[Event]) -> MessageRegistry:
    registry = MessageRegistry().register(*models)
    registry.register_upcaster("WidgetRenamed", 1, v1_to_v2)
    return registry


class TestEnvelope:
    def test_round_trips_through_bytes(self) -> None:
        original = envelope("OrgCreated", {"org_id": "acme", "name": "Acme", "nested": {"list": [1, 2.5, None]}})

        assert Envelope.from_bytes(original.to_bytes()) == original

    @pytest.mark.parametrize(
        "raw",
        [b"", b"not json", b"\xff\xfe\x00", b"[]", b"{}", b'{"id": "x"}', b'{"id": 1, "kind": "rumour"}'],
        ids=["empty", "text", "binary", "array", "empty-object", "missing-fields", "wrong-types"],
    )
    def test_garbage_is_a_permanent_error(self, raw: bytes) -> None:
        with pytest.raises(PermanentError, match="not a message envelope"):
            Envelope.from_bytes(raw)

    def test_an_unknown_envelope_field_is_a_permanent_error(self) -> None:
        raw = envelope("OrgCreated", {}).model_dump(mode="json") | {"surprise": True}

        with pytest.raises(PermanentError):
            Envelope.from_bytes(canonical_json(raw).encode())


class TestMessageRegistry:
    def test_decodes_a_known_message(self) -> None:
        registry = MessageRegistry().register(c.OrgCreated)

        decoded = registry.decode(envelope("OrgCreated", {"org_id": "acme", "name": "Acme"}))

        assert decoded == c.OrgCreated(org_id="acme", name="Acme")

    def test_an_unknown_type_is_a_permanent_error(self) -> None:
        registry = MessageRegistry().register(c.OrgCreated)

        with pytest.raises(PermanentError, match="unknown message type 'AppCreated'"):
            registry.decode(envelope("AppCreated", {"org_id": "acme", "app_id": "shop", "name": "Shop"}))

    @pytest.mark.parametrize(
        "payload",
        [{"org_id": "acme"}, {"org_id": "acme", "name": "Acme", "extra": 1}, {"org_id": 42, "name": "Acme"}],
        ids=["missing-field", "extra-field", "wrong-type"],
    )
    def test_an_invalid_payload_is_a_permanent_error(self, payload: dict[str, Any]) -> None:
        registry = MessageRegistry().register(c.OrgCreated)

        with pytest.raises(PermanentError, match="invalid OrgCreated payload"):
            registry.decode(envelope("OrgCreated", payload))

    def test_an_old_payload_is_upcast_before_validation(self) -> None:
        registry = widget_registry(WidgetRenamed)

        decoded = registry.decode(envelope("WidgetRenamed", WIDGET_RENAMED_V1, schema_version=1))

        assert decoded == WidgetRenamed(widget_id="w-1", display_name="Old name")

    def test_upcasting_leaves_the_envelopes_payload_as_it_was_written(self) -> None:
        registry = widget_registry(WidgetRenamed)
        old = envelope("WidgetRenamed", WIDGET_RENAMED_V1, schema_version=1)

        registry.decode(old)

        assert old.payload == {"widget_id": "w-1", "name": "Old name"}

    def test_upcasters_chain_over_several_versions(self) -> None:
        registry = widget_registry(WidgetRenamedV3)
        registry.register_upcaster("WidgetRenamed", 2, v2_to_v3)

        decoded = registry.decode(envelope("WidgetRenamed", WIDGET_RENAMED_V1, schema_version=1))

        assert decoded == WidgetRenamedV3(widget_id="w-1", display_name="Old name", source="legacy")

    def test_a_current_payload_needs_no_upcaster(self) -> None:
        registry = MessageRegistry().register(WidgetRenamed)

        decoded = registry.decode(
            envelope("WidgetRenamed", {"widget_id": "w-1", "display_name": "New"}, schema_version=2)
        )

        assert decoded == WidgetRenamed(widget_id="w-1", display_name="New")

    def test_an_old_payload_without_an_upcaster_is_a_permanent_error(self) -> None:
        registry = MessageRegistry().register(WidgetRenamed)

        with pytest.raises(PermanentError, match="no upcaster for WidgetRenamed v1"):
            registry.decode(envelope("WidgetRenamed", WIDGET_RENAMED_V1, schema_version=1))

    def test_a_payload_newer_than_the_model_is_a_permanent_error(self) -> None:
        registry = widget_registry(WidgetRenamed)
        newer = {"widget_id": "w-1", "display_name": "New", "source": "api"}

        with pytest.raises(PermanentError, match="newer than this service understands"):
            registry.decode(envelope("WidgetRenamed", newer, schema_version=3))

    def test_two_models_with_one_type_are_refused(self) -> None:
        registry = MessageRegistry().register(WidgetRenamed)

        with pytest.raises(ValueError, match="registered twice"):
            registry.register(WidgetRenamedV3)

    def test_registering_the_same_model_again_is_harmless(self) -> None:
        registry = MessageRegistry().register(c.OrgCreated).register(c.OrgCreated)

        assert registry.knows("OrgCreated") is True
        assert registry.knows("AppCreated") is False


class TestDerivedId:
    def test_is_the_same_for_the_same_parent_and_parts(self) -> None:
        assert derived_id("msg-1", "event", 0) == derived_id("msg-1", "event", 0)

    @pytest.mark.parametrize(("parent", "parts"), [("msg-2", ("event", 0)), ("msg-1", ("event", 1)), ("msg-1", ())])
    def test_differs_for_another_parent_or_parts(self, parent: str, parts: tuple[object, ...]) -> None:
        assert derived_id(parent, *parts) != derived_id("msg-1", "event", 0)

    def test_is_a_name_based_uuid(self) -> None:
        assert uuid.UUID(derived_id("msg-1", 0)).version == 5


class TestCanonicalJson:
    def test_sorts_keys_at_every_level_and_drops_whitespace(self) -> None:
        assert canonical_json({"b": 1, "a": {"d": [1, 2], "c": "é"}}) == '{"a":{"c":"é","d":[1,2]},"b":1}'
