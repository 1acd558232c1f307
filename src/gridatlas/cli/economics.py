"""CLI command ``gridatlas economics``: microgrid project economics by province."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from gridatlas.app.province_economics import provincial_economics
from gridatlas.cli.options import (
    Format,
    LangOpt,
    Language,
    OutputOpt,
    ReportFormatOpt,
    output_report,
    progress_bar,
)
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang
from gridatlas.reports.economics_report import economics_json, rich_table, write_economics_workbook

console = Console()


def economics_cmd(
    fmt: ReportFormatOpt = Format.table,
    output: OutputOpt = None,
    tariffs: Annotated[
        Path | None,
        typer.Option(
            "--tariffs",
            help="Folder of your tariff files (gridatlas.tariff/1), added to the bundled ones.",
        ),
    ] = None,
    optimize: Annotated[
        bool, typer.Option("--optimize", help="Size PV and storage for every screen.")
    ] = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, max=64, help="Screen on a local Dask cluster."),
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Screen on this Dask scheduler.")
    ] = None,
    archetype: Annotated[
        list[str] | None,
        typer.Option("--archetype", "-a", help="Bundled site to screen (repeatable; default all)."),
    ] = None,
    lang: LangOpt = Language.zh,
) -> None:
    """Microgrid economics by province (分省微电网经济性): best IRR of the archetypes.

    Screens every bundled site archetype under every 10 kV 工商业 tariff of
    every province; a province without such a tariff is shown as missing.
    """
    if fmt == Format.csv:
        raise InputError("--format", "", "table, json or xlsx for economics", fmt.value)
    with progress_bar("economics") as update:
        result = provincial_economics(
            tariffs,
            optimize=optimize,
            workers=workers,
            scheduler=scheduler,
            progress=update,
            archetypes=archetype,
        )
    language: Lang = lang.value
    output_report(
        fmt.value,
        to_json=lambda: economics_json(result),
        write_xlsx=lambda target: write_economics_workbook(result, target, language),
        tables=lambda: [rich_table(result, language)],
        output=output,
        default_xlsx="economics.xlsx",
        console=console,
        width=200,
    )


def register(app: typer.Typer) -> None:
    """Add ``economics`` to the root app."""
    app.command("economics")(economics_cmd)
