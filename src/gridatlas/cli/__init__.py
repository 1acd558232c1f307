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
from typer.core import TyperCommand, TyperGroup

from gridatlas.core.errors import GridatlasError

#: Every top-level command: the module whose ``register(app)`` adds it, and the first
#: paragraph of its help (what ``gridatlas --help`` lists without importing the module;
#: a test checks it against the command's own help). In help order: commands, then groups.
COMMANDS: dict[str, tuple[str, str]] = {
    "cases": ("gridatlas.cli.cases", "List the bundled balance cases (列出内置案例)."),
    "balance": (
        "gridatlas.cli.balance",
        "Supply/demand balance of one province (省级电力供需平衡).",
    ),
    "simulate": (
        "gridatlas.cli.balance",
        "Monte Carlo of the reserve margin (备用率蒙特卡洛): quantiles and P(below band).",
    ),
    "template": (
        "gridatlas.cli.balance",
        "Write a blank, commented case template (案例模板) as YAML or Excel.",
    ),
    "outlook": (
        "gridatlas.cli.balance",
        "Run every bundled case; write summary, workbook and charts (全国展望).",
    ),
    "capacity-cost": (
        "gridatlas.cli.pipeline",
        "Added system operating cost of the coal capacity price (容量电价新增系统运行费用), 亿元.",
    ),
    "regions": (
        "gridatlas.cli.regions",
        "List the regions with their stage and archetype (列出全部地区、发展阶段与区域原型).",
    ),
    "region": ("gridatlas.cli.regions", "Show one region's brief (显示一个地区的简报)."),
    "search": (
        "gridatlas.cli.regions",
        "Search facts, policies, cases, scenarios, risks and judgments (全文检索，附出处).",
    ),
    "assess": (
        "gridatlas.cli.regions",
        "The opportunity index over the 31 provinces, its contributions and rank stability "
        "(机会指数).",
    ),
    "recommend": (
        "gridatlas.cli.regions",
        "Rank regions for one kind of market player, with entry scenarios, cases and risks (推荐).",
    ),
    "pipeline": (
        "gridatlas.cli.pipeline",
        "火电项目管线：核准统计、投产预测 / thermal pipeline: approvals and commissioning.",
    ),
    "exposure": (
        "gridatlas.cli.exposure",
        "Listed companies' exposure to tight provinces (上市公司供需偏紧暴露度).",
    ),
    "flexibility": (
        "gridatlas.cli.flexibility",
        "Flexibility gap by province (灵活性缺口): storage, DR, VPP or coal to close it, 亿元/年.",
    ),
    "economics": (
        "gridatlas.cli.economics",
        "Microgrid economics by province (分省微电网经济性): best IRR of the archetypes.",
    ),
    "microgrid": (
        "gridatlas.cli.microgrid",
        "智能微电网项目测算：光伏+储能+需求响应 / Microgrid project screening (PV, storage, DR).",
    ),
    "data": (
        "gridatlas.cli.data",
        "全国数据集：构建、来源、分省装机 / The national dataset: build, sources, capacity.",
    ),
    "serve": (
        "gridatlas.cli.serve",
        "Serve the web atlas and REST API (网页地图与接口): http://HOST:PORT/ and /docs.",
    ),
    "adequacy": (
        "gridatlas.cli.adequacy",
        "Probabilistic adequacy: LOLE/EUE by sequential Monte Carlo, ELCC (概率充裕度).",
    ),
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
    """The root group: lists :data:`COMMANDS` and imports a command's module on dispatch.

    While the root help is formatted, :meth:`get_command` answers with a stand-in
    that carries only the name and the help summary, so ``gridatlas --help``
    imports no command module either.
    """

    _listing = False

    # ctx and the command are typer's vendored click types (typer._click), not public API.
    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(n for n in super().list_commands(ctx) if n not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return super().get_command(ctx, cmd_name)
        module, summary = entry
        if self._listing:
            return TyperCommand(name=cmd_name, help=summary)
        return _module_group(module).commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


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
