"""CLI command ``gridatlas flexibility``: the flexibility gap and what closes it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from gridatlas.app.adequacy_inputs import firm_gaps, national_runs
from gridatlas.app.flexibility import DEFAULT_YEARS, flexibility
from gridatlas.cli.options import (
    Format,
    LangOpt,
    Language,
    OutputOpt,
    ReportFormatOpt,
    adequacy_samples_option,
    output_report,
)
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang
from gridatlas.reports.flexibility_report import (
    flexibility_json,
    rich_tables,
    write_flexibility_workbook,
)

console = Console()


def flexibility_cmd(
    fmt: ReportFormatOpt = Format.table,
    output: OutputOpt = None,
    assumptions: Annotated[
        Path | None,
        typer.Option("--assumptions", help="Assumptions YAML replacing the bundled one."),
    ] = None,
    year: Annotated[
        list[int] | None, typer.Option("--year", "-y", help="Years (default 2025-2027).")
    ] = None,
    adequacy_samples: Annotated[int, adequacy_samples_option("Gap to the LOLD target")] = 0,
    lang: LangOpt = Language.zh,
) -> None:
    """Flexibility gap by province (灵活性缺口): storage, DR, VPP or coal to close it, 亿元/年.

    The firm-capacity gap below the reserve band's lower edge for every
    province with a case, scenario and year; the storage (2 h, 4 h), demand
    response, VPP or new coal that would close it; their annual cost side by
    side; and the national market size (least-cost flexibility mix).
    """
    if fmt == Format.csv:
        raise InputError("--format", "", "table, json or xlsx for flexibility", fmt.value)
    years_ = tuple(year) if year else DEFAULT_YEARS
    runs = national_runs(years_, adequacy_samples) if adequacy_samples else []
    result = flexibility(assumptions, years_, gaps=firm_gaps(runs) or None)
    language: Lang = lang.value
    output_report(
        fmt.value,
        to_json=lambda: flexibility_json(result),
        write_xlsx=lambda target: write_flexibility_workbook(result, target, language),
        tables=lambda: rich_tables(result, language),
        output=output,
        default_xlsx="flexibility.xlsx",
        console=console,
        width=240,
    )


def register(app: typer.Typer) -> None:
    """Add ``flexibility`` to the root app."""
    app.command("flexibility")(flexibility_cmd)
