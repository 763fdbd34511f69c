"""OpenTelemetry set-up and W3C trace context carried in Kafka headers."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
)

from shared.settings import TelemetrySettings

KafkaHeaders = Sequence[tuple[str, bytes]]


def _one_line(span: ReadableSpan) -> str:
    return str(span.to_json(indent=None)) + "\n"


def configure_tracing(settings: TelemetrySettings) -> TracerProvider:
    """Build the process's tracer provider; the caller shuts it down on exit."""
    provider = TracerProvider(resource=Resource.create({"service.name": settings.service_name}))
    if settings.otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otlp_endpoint.rstrip("/") + "/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    if settings.traces_file:
        # Line-buffered append: each span is one JSON line, readable while the service runs.
        stream: IO[str] = Path(settings.traces_file).open("a", buffering=1, encoding="utf-8")  # noqa: SIM115
        provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter(out=stream, formatter=_one_line)))
    if settings.console_traces:
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter(formatter=_one_line)))
    trace.set_tracer_provider(provider)
    return provider


def instrument_libraries() -> None:
    """Server spans for every aiohttp application, client spans and context injection for every
    aiohttp client session created after this call."""
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.instrumentation.aiohttp_server import AioHttpServerInstrumentor

    # Health probes would each start a trace of their own; leave them out unless told otherwise.
    os.environ.setdefault("OTEL_PYTHON_AIOHTTP_SERVER_EXCLUDED_URLS", "healthz,readyz")
    AioHttpServerInstrumentor().instrument()
    AioHttpClientInstrumentor().instrument()


def current_trace_carrier() -> dict[str, str]:
    """The active context as W3C headers (``traceparent``, ``tracestate``)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def context_from_carrier(carrier: dict[str, str]) -> Context:
    return propagate.extract(carrier)


def headers_from_carrier(carrier: dict[str, str]) -> list[tuple[str, bytes]]:
    return [(k, v.encode()) for k, v in carrier.items()]


def carrier_from_headers(headers: KafkaHeaders | None) -> dict[str, str]:
    return {k: v.decode(errors="replace") for k, v in headers or () if k in ("traceparent", "tracestate")}
