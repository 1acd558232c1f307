"""The ``gridatlas`` command line: a thin adapter over the Python API.

Each subject registers its commands from its own module. The root group knows
the command names and their modules (:data:`COMMANDS`) and imports a module
only when one of its commands runs (or ``--help`` lists them), so that a
light command such as ``gridatlas cases`` does not load pandas, openpyxl or
matplotlib. Errors raised on purpose (:class:`gridatlas.core.errors.GridatlasError`)
are printed as one line on stderr with exit status 2; there is no traceback
for bad input.
"""

from __future__ import annotations

import importlib
import sys
from functools import cache
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from gridatlas.core.errors import GridatlasError

#: Every top-level command and the module whose ``register(app)`` adds it, in help order
#: (commands, then command groups, as typer lists them).
COMMANDS: dict[str, str] = {
    "cases": "gridatlas.cli.cases",
    "balance": "gridatlas.cli.balance",
    "simulate": "gridatlas.cli.balance",
    "template": "gridatlas.cli.balance",
    "outlook": "gridatlas.cli.balance",
    "capacity-cost": "gridatlas.cli.pipeline",
    "regions": "gridatlas.cli.regions",
    "region": "gridatlas.cli.regions",
    "search": "gridatlas.cli.regions",
    "assess": "gridatlas.cli.regions",
    "recommend": "gridatlas.cli.regions",
    "pipeline": "gridatlas.cli.pipeline",
    "microgrid": "gridatlas.cli.microgrid",
}


@cache
def _module_group(module: str) -> TyperGroup:
    """The click group of the commands that ``module.register`` adds (imported on first use).

    The import is deferred for start-up speed only; the command modules import
    nothing from this package module, so no cycle is hidden here.
    """
    sub = typer.Typer()
    sub.callback()(lambda: None)
    importlib.import_module(module).register(sub)
    group = typer.main.get_command(sub)
    assert isinstance(group, TyperGroup)
    return group


class LazyGroup(TyperGroup):
    """The root group: lists :data:`COMMANDS` and imports a command's module on dispatch."""

    # ctx and the command are typer's vendored click types (typer._click), not public API.
    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(n for n in super().list_commands(ctx) if n not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return super().get_command(ctx, cmd_name)
        return _module_group(module).commands.get(cmd_name)


app = typer.Typer(
    name="gridatlas",
    cls=LazyGroup,
    help="中国分省电力供需、火电管线、区域机会与微电网项目测算 / China power adequacy and microgrid screening.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """中国分省电力供需、火电管线、区域机会与微电网项目测算 / China power adequacy and microgrid screening."""


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
