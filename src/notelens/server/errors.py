"""One place that turns errors into HTTP responses with one JSON shape.

Every error body is ``{"error": {"type", "stage", "message", "hint", "status"}}``; a
user's mistake is a 4xx with a sentence, never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from notelens.errors import (
    ConfigError,
    EmbedderError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    NotelensError,
    SearchError,
)

log = logging.getLogger(__name__)

# Most specific first: the first isinstance match wins.
_STATUS: tuple[tuple[type[NotelensError], int], ...] = (
    (IndexNotFoundError, 404),
    (IndexMismatchError, 409),
    (IndexLockedError, 409),
    (SearchError, 400),
    (ConfigError, 400),
    (EmbedderError, 503),
)


def status_for(exc: NotelensError) -> int:
    """HTTP status of a notelens error (500 for the ones that are not the caller's doing)."""
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


class ApiError(StarletteHTTPException):
    """An HTTP-only refusal (403 outside the note folders, 409 busy, ...)."""

    def __init__(self, status: int, message: str, *, hint: str | None = None) -> None:
        super().__init__(status_code=status, detail=message)
        self.message = message
        self.hint = hint


def error_body(
    status: int, kind: str, stage: str, message: str, hint: str | None = None
) -> dict[str, Any]:
    return {
        "error": {"type": kind, "stage": stage, "message": message, "hint": hint, "status": status}
    }


def notelens_error_body(exc: NotelensError) -> dict[str, Any]:
    message = exc.message + (f": {exc.path}" if exc.path else "")
    return error_body(status_for(exc), type(exc).__name__, exc.stage, message, exc.hint)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    async def on_notelens(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, NotelensError)
        body = notelens_error_body(exc)
        return JSONResponse(body, status_code=body["error"]["status"])

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        body = error_body(422, "ValidationError", "request", _validation_message(exc))
        return JSONResponse(body, status_code=422)

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        hint = exc.hint if isinstance(exc, ApiError) else None
        body = error_body(exc.status_code, "HTTPError", "server", str(exc.detail), hint)
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error while serving a request")
        body = error_body(
            500,
            type(exc).__name__,
            "server",
            "unexpected error (a bug; the server log has details)",
        )
        return JSONResponse(body, status_code=500)

    app.add_exception_handler(NotelensError, on_notelens)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
