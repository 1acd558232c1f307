"""The ``gridatlas`` command line: a thin adapter over the Python API.

Each subject registers its commands from its own module. Errors raised on
purpose (:class:`gridatlas.core.errors.GridatlasError`) are printed as one line on
stderr with exit status 2; there is no traceback for bad input.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.markup import escape

from gridatlas.core.errors import GridatlasError

app = typer.Typer(
    name="gridatlas",
    help="中国分省电力供需、火电管线、区域机会与微电网项目测算 / China power adequacy and microgrid screening.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except GridatlasError as exc:
        err_console.print(
            f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(2)


def _register_all() -> None:
    from gridatlas.cli import balance, microgrid, pipeline, regions

    balance.register(app)
    pipeline.register(app)
    regions.register(app)
    microgrid.register(app)


_register_all()
