"""Errors as ``application/problem+json`` (RFC 9457) and the JSON response class.

Every error the API gives is a :class:`Problem` body with the HTTP status,
a short title and a ``detail`` sentence; input errors name the field
(``InputError`` → 422 with ``source``, ``field``, ``expected``, ``got``).
:data:`PROBLEM_RESPONSES` declares them in the OpenAPI schema.
"""

from __future__ import annotations

import json
import math
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from gridatlas.app.jobs import QueueFull
from gridatlas.core.errors import InputError

PROBLEM = "application/problem+json"


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = None


def clean(obj: Any) -> Any:
    """``obj`` with NaN and ±inf floats as ``None`` (JSON has no NaN)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean(v) for v in obj]
    return obj


class SafeJSONResponse(JSONResponse):
    """JSON with Chinese kept as text and non-finite floats written as ``null``."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            clean(content), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        ).encode("utf-8")


def problem(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> JSONResponse:
    """A problem response."""
    body = Problem(title=HTTPStatus(status).phrase, status=status, detail=detail, errors=errors)
    return SafeJSONResponse(
        body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM
    )


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for these error statuses."""
    return {
        s: {
            "description": HTTPStatus(s).phrase,
            "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for s in statuses
    }


#: Statuses any API route may answer: bad body size, wrong method or media type, bad input.
COMMON = (400, 404, 405, 413, 415, 422, 500)
PROBLEM_RESPONSES = responses(*COMMON)


async def input_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InputError)
    errors = [{"source": exc.source, "field": exc.field, "expected": exc.expected}]
    if exc.got is not None:
        errors[0]["got"] = repr(exc.got)
    return problem(422, str(exc), errors)


async def validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": [str(x) for x in e.get("loc", ())],
            "msg": str(e.get("msg", "")),
            "type": e.get("type"),
        }
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    detail = f"{'.'.join(first['loc'])}: {first['msg']}"
    return problem(422, detail, errors)


async def http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    resp = problem(exc.status_code, detail)
    if exc.headers:
        resp.headers.update(exc.headers)
    if exc.status_code == 405:
        resp.headers["Allow"] = ", ".join(_allowed(request))
    return resp


def _allowed(request: Request) -> list[str]:
    """Every method some route serves at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.routes:
        match, _ = route.matches({**request.scope, "method": "GET"})
        route_methods = getattr(route, "methods", None)
        if match != Match.NONE and route_methods:
            methods.update(route_methods)
        elif route_methods:
            for m in route_methods:
                if route.matches({**request.scope, "method": m})[0] == Match.FULL:
                    methods.add(m)
    return sorted(methods)


async def queue_full_handler(request: Request, exc: Exception) -> JSONResponse:
    resp = problem(429, "the job queue is full; retry later")
    resp.headers["Retry-After"] = "5"
    return resp


async def server_error_handler(request: Request, exc: Exception) -> JSONResponse:
    return problem(500, f"internal error ({type(exc).__name__}); please report it")


HANDLERS: dict[Any, Any] = {
    InputError: input_error_handler,
    RequestValidationError: validation_handler,
    StarletteHTTPException: http_handler,
    QueueFull: queue_full_handler,
    Exception: server_error_handler,
}
