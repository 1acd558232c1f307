"""CLI command ``gridatlas exposure``: listed companies' exposure to tight provinces."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from gridatlas.app.adequacy_inputs import lole_by_province, national_runs
from gridatlas.app.exposure import DEFAULT_YEARS, exposure
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
from gridatlas.reports.exposure_report import exposure_json, rich_tables, write_exposure_workbook

console = Console()


def exposure_cmd(
    fmt: ReportFormatOpt = Format.table,
    output: OutputOpt = None,
    companies: Annotated[
        Path | None,
        typer.Option(
            "--companies", help="Company list YAML adding to (or replacing) the defaults."
        ),
    ] = None,
    ownership: Annotated[
        Path | None,
        typer.Option(
            "--ownership", help="CSV company,province,technology,mw overriding the trackers."
        ),
    ] = None,
    no_defaults: Annotated[
        bool, typer.Option("--no-defaults", help="Only the companies of --companies.")
    ] = False,
    year: Annotated[
        list[int] | None, typer.Option("--year", "-y", help="Years (default 2025-2027).")
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", "-s", help="Balance scenario (default normal-neutral)."),
    ] = None,
    adequacy_samples: Annotated[int, adequacy_samples_option("Also weight by LOLE")] = 0,
    lang: LangOpt = Language.zh,
) -> None:
    """Listed companies' exposure to tight provinces (上市公司供需偏紧暴露度).

    Attributable capacity by province and technology (GEM trackers), the
    capacity-weighted reserve-margin shortfall of the provinces it sits in,
    the share in deficit/tight provinces and coal capacity-price revenue (亿元).
    """
    if no_defaults and companies is None:
        raise InputError("--no-defaults", "", "a --companies file to go with it")
    if fmt == Format.csv:
        raise InputError("--format", "", "table, json or xlsx for exposure", fmt.value)
    years_ = tuple(year) if year else DEFAULT_YEARS
    runs = national_runs(years_, adequacy_samples) if adequacy_samples else []
    result = exposure(
        lole=lole_by_province(runs) or None,
        companies_file=companies,
        ownership_file=ownership,
        years=years_,
        scenario=scenario,
        defaults=not no_defaults,
    )
    language: Lang = lang.value
    output_report(
        fmt.value,
        to_json=lambda: exposure_json(result),
        write_xlsx=lambda target: write_exposure_workbook(result, target, language),
        tables=lambda: rich_tables(result, language),
        output=output,
        default_xlsx="exposure.xlsx",
        console=console,
        width=220,
    )


def register(app: typer.Typer) -> None:
    """Add ``exposure`` to the root app."""
    app.command("exposure")(exposure_cmd)
