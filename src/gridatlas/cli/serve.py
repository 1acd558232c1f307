"""``gridatlas serve``: the web atlas and REST API under uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from gridatlas.app.atlas_adequacy import SAMPLES as ADEQUACY_SAMPLES
from gridatlas.core.errors import InputError
from gridatlas.web.app import create_app


def serve(
    host: Annotated[
        str,
        typer.Option("--host", help="Address to bind; 127.0.0.1 (this machine only) by default."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="SQLite file of saved scenarios; default "
            "$XDG_DATA_HOME/gridatlas/scenarios.sqlite (~/.local/share/gridatlas/…).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--jobs", help="Worker threads for jobs.")] = 2,
    queue: Annotated[int, typer.Option("--queue", help="Jobs that may wait; more get 429.")] = 8,
    adequacy_samples: Annotated[
        int,
        typer.Option(
            "--adequacy-samples",
            help="Sample years of the atlas's 2025 LOLE/EUE run (computed once, in the background).",
        ),
    ] = ADEQUACY_SAMPLES,
    adequacy_at_start: Annotated[
        bool,
        typer.Option(
            "--adequacy-at-start/--adequacy-on-demand",
            help="Start the LOLE/EUE run with the server, or at the first request for it.",
        ),
    ] = True,
) -> None:
    """Serve the web atlas and REST API (网页地图与接口): http://HOST:PORT/ and /docs."""
    if not 0 < port < 65536:
        raise InputError("--port", "", "a port in 1–65535", port)
    if workers < 1 or queue < 0:
        raise InputError("--jobs/--queue", "", "--jobs ≥ 1 and --queue ≥ 0", (workers, queue))
    app = create_app(
        db,
        workers=workers,
        queue=queue,
        adequacy_samples=adequacy_samples,
        adequacy_at_start=adequacy_at_start,
    )
    # Idle keep-alive connections stay open 30 s (uvicorn's 5 s default races with clients
    # that reuse a connection just as the server closes it: a read error on their side).
    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=30)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the root app."""
    app.command("serve")(serve)


if __name__ == "__main__":  # ``python -m gridatlas.cli.serve`` (used by ``make serve``)
    typer.run(serve)
