"""Cross-cutting HTTP concerns: errors in Humanitec's shape, request ids in the log context."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aiohttp import web
from opentelemetry import trace
from pydantic import ValidationError

from shared.errors import OrchestratorError

log = structlog.get_logger(__name__)
_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> web.Response:
    return web.json_response({"error": code, "message": message, "details": details or {}}, status=status)


def _validation_details(exc: ValidationError) -> dict[str, Any]:
    return {
        "errors": [
            {"path": ".".join(str(p) for p in err["loc"]), "message": err["msg"], "type": err["type"]}
            for err in exc.errors(include_url=False, include_input=False)
        ]
    }


@web.middleware
async def trace_id_middleware(request: web.Request, handler: _Handler) -> web.StreamResponse:
    """Tell the caller which trace their request started, so they can find it in the traces."""
    response = await handler(request)
    ctx = trace.get_current_span().get_span_context()
    if ctx.is_valid:
        response.headers["X-Trace-Id"] = format(ctx.trace_id, "032x")
    return response


@web.middleware
async def errors_middleware(request: web.Request, handler: _Handler) -> web.StreamResponse:
    structlog.contextvars.bind_contextvars(request_id=request.headers.get("X-Request-Id") or str(uuid.uuid4()))
    try:
        return await handler(request)
    except OrchestratorError as exc:
        if exc.http_status >= 500:
            log.warning("request failed", path=request.path, error=exc.message)
        return error_response(exc.http_status, exc.code, exc.message, exc.details)
    except ValidationError as exc:
        return error_response(400, "API-400", "The request body is not valid.", _validation_details(exc))
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return error_response(exc.status, f"API-{exc.status}", exc.reason)
    except Exception:
        log.exception("unhandled error", path=request.path)
        return error_response(500, "API-500", "Internal error; the request's effect, if any, is durable.")
    finally:
        structlog.contextvars.unbind_contextvars("request_id")
