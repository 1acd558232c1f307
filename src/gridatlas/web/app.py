"""The FastAPI application: REST API v1, the atlas page and local API docs.

:func:`create_app` builds it; ``gridatlas serve`` runs it under uvicorn. No
asset comes from a CDN: ECharts and Swagger UI are served from
``web/static/vendor`` (see the README there for versions and licences).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gridatlas.app import atlas
from gridatlas.app.atlas_adequacy import SAMPLES as ADEQUACY_SAMPLES
from gridatlas.app.atlas_adequacy import AdequacyJobs
from gridatlas.app.jobs import JobPool
from gridatlas.app.scenario_store import ScenarioStore, default_db_path
from gridatlas.core.errors import GridatlasError, InputError
from gridatlas.core.fonts import bundled_cjk_font
from gridatlas.core.version import __version__
from gridatlas.web import api
from gridatlas.web.problems import (
    COMMON,
    HANDLERS,
    Problem,
    SafeJSONResponse,
    problem,
    responses,
)

#: Threads that run the (synchronous) handlers.
HANDLER_THREADS = 4
#: Largest request body accepted. [bytes]
MAX_BODY = 256 * 1024

STATIC = Path(str(resources.files("gridatlas.web").joinpath("static")))


class BodyLimit:
    """ASGI middleware: a body over ``limit`` bytes gets 413 before any handler runs."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await problem(413, f"request body over {self.limit} bytes")(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking_send)
        except _TooLarge:
            if not started:
                await problem(413, f"request body over {self.limit} bytes")(scope, receive, send)


class _TooLarge(StarletteHTTPException):
    """A streamed body went over the limit (an HTTP error, so FastAPI keeps its 413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


def _warm() -> None:
    # a bad case shows up, with its message, when it is asked for
    with contextlib.suppress(GridatlasError):
        atlas.layer()


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    comps = schema.setdefault("components", {}).setdefault("schemas", {})
    comps["Problem"] = Problem.model_json_schema()
    common = responses(*COMMON)
    for path, ops in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for op in ops.values():
            resp = op.setdefault("responses", {})
            for status, spec in common.items():
                key = str(status)
                if key == "422" and key in resp:
                    resp[key] = spec  # our 422 is a problem document, not FastAPI's default
                resp.setdefault(key, spec)
    app.openapi_schema = schema
    return schema


def create_app(
    db: str | Path | None = None,
    workers: int = 2,
    queue: int = 8,
    adequacy_samples: int = ADEQUACY_SAMPLES,
    adequacy_at_start: bool = False,
) -> FastAPI:
    """The application with its scenario store at ``db`` (default: the user data dir).

    ``adequacy_samples``: sample years of the atlas's LOLE/EUE run (≥ 2; fewer is quicker
    and less precise). ``adequacy_at_start``: start that run when the server starts
    (``gridatlas serve`` does), not at the first request for it.
    """
    if adequacy_samples < 2:
        raise InputError("--adequacy-samples", "", "a whole number ≥ 2", adequacy_samples)
    db_path = db if db is not None else default_db_path()
    ScenarioStore(db_path).close()  # a bad --db fails here, before the server starts

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Handlers are CPU-bound Python: a few threads serve more requests per second than
        # anyio's default 40, which mostly wait for the GIL and for each other.
        to_thread.current_default_thread_limiter().total_tokens = HANDLER_THREADS
        app.state.store = ScenarioStore(db_path)
        app.state.jobs = JobPool(workers=workers, queue=queue)
        app.state.adequacy = AdequacyJobs(app.state.jobs, samples=adequacy_samples)
        if adequacy_at_start:
            app.state.adequacy.state()  # the pool is empty: this only submits the run
        # balance every listed case once in the background, so the first page is quick
        threading.Thread(target=_warm, name="gridatlas-warm", daemon=True).start()
        try:
            yield
        finally:
            app.state.jobs.shutdown()
            app.state.store.close()

    app = FastAPI(
        title="gridatlas",
        version=__version__,
        description=(
            "China provincial power balance, thermal pipeline, region opportunity and microgrid "
            "screening. Errors are application/problem+json. Capacities in 万千瓦 unless a `unit` "
            "says otherwise; margins as fractions."
        ),
        docs_url=None,
        redoc_url=None,
        default_response_class=SafeJSONResponse,
        lifespan=lifespan,
    )
    for exc, handler in HANDLERS.items():
        app.add_exception_handler(exc, handler)
    app.add_exception_handler(api._NotFound, api.not_found_handler)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse((STATIC / "index.html").read_text("utf-8"))

    @app.get("/fonts/cjk.otf", include_in_schema=False)
    def cjk_font() -> Response:
        # The Noto Sans CJK file the charts already use (runtime dependency), so Chinese
        # labels show on a machine with no CJK font installed.
        font = bundled_cjk_font()
        if font is None:
            return problem(404, "no CJK font file installed")
        return FileResponse(font, media_type="font/otf")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="gridatlas API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(BodyLimit)
    return app
