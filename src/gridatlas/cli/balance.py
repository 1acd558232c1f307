"""CLI commands of the balance engine: balance, simulate, template, outlook (``cases`` is in
:mod:`gridatlas.cli.cases`, which stays light)."""

from __future__ import annotations

import json
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from gridatlas.app import balance as bal
from gridatlas.app.outlook import OUTLOOK_DRAWS, run_outlook
from gridatlas.cli.options import (
    Format,
    LangOpt,
    Language,
    TemplateFormat,
    output_tables,
    output_template,
    output_text,
    wrote,
)
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang, label
from gridatlas.core.units import CAPACITY_UNITS
from gridatlas.reports.balance_report import rich_table, to_csv
from gridatlas.reports.case_xlsx_writer import write_case_xlsx
from gridatlas.reports.workbook import balance_provenance, write_balance_workbook

console = Console()


class PipelineKind(StrEnum):
    template = "template"
    gem = "gem"


UnitOpt = Annotated[
    str | None,
    typer.Option(
        "--unit",
        help="Capacity unit of the output: 万千瓦, MW or GW. "
        "Default: MW for json/csv, 万千瓦 for table/xlsx.",
    ),
]


def _unit(unit: str | None, fmt: Format) -> str:
    if unit is None:
        return "MW" if fmt in (Format.json, Format.csv) else "万千瓦"
    if unit not in CAPACITY_UNITS:
        raise InputError("--unit", "", "one of " + ", ".join(CAPACITY_UNITS), unit)
    return unit


def balance(
    case: Annotated[str, typer.Argument(help="A bundled case name or a .yaml/.xlsx case file.")],
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", "-s", help="Scenario name(s); default all.")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    unit: UnitOpt = None,
    lang: LangOpt = Language.zh,
    pipeline: Annotated[
        Path | None,
        typer.Option(
            "--pipeline",
            help="Take coal/gas capacity after the first year from this unit list's commissioning forecast.",
        ),
    ] = None,
    pipeline_kind: Annotated[
        PipelineKind,
        typer.Option(
            "--pipeline-kind", help="template (CSV/Excel unit list) or gem (GEM tracker workbook)."
        ),
    ] = PipelineKind.template,
) -> None:
    """Supply/demand balance of one province (省级电力供需平衡).

    Effective supply, peak load, reserve margin, surplus against the required
    band and a tightness class for every year and scenario.
    """
    result = bal.balance(case, scenario, pipeline, pipeline_kind.value)
    the_case = result.case
    u = _unit(unit, fmt)
    language: Lang = lang.value
    if fmt == Format.json:
        doc = {**result.to_json_dict(u), "provenance": balance_provenance([result])}
        output_text(json.dumps(doc, ensure_ascii=False, indent=2), output)
    elif fmt == Format.csv:
        output_text(to_csv(result, u, language), output, console)
    elif fmt == Format.xlsx:
        target = output or Path(f"{the_case.name}_balance.xlsx")
        write_balance_workbook([result], target, unit=u, lang=language)
        wrote(target)
    else:
        output_tables([rich_table(result, u, language)], output, console, width=160)


def simulate_cmd(
    case: Annotated[str, typer.Argument(help="A bundled case name or a case file.")],
    weather: Annotated[str, typer.Option("--weather", "-w")] = "neutral",
    draws: Annotated[int, typer.Option("--draws", "-n")] = 100_000,
    seed: Annotated[int, typer.Option("--seed")] = 20241,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    lang: LangOpt = Language.zh,
) -> None:
    """Monte Carlo of the reserve margin (备用率蒙特卡洛): quantiles and P(below band)."""
    the_case = bal.load_case(case)
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Monte Carlo", total=draws)
        result = bal.simulate(the_case, weather, draws, seed, lambda n: progress.advance(task, n))
    if fmt == Format.json:
        doc = {**result.to_json_dict(), "provenance": balance_provenance([], [result])}
        output_text(json.dumps(doc, ensure_ascii=False, indent=2), output)
        return
    frame = result.to_frame()
    if fmt == Format.csv:
        output_text(frame.to_csv(index=False, float_format="%.6g"), output, console)
        return
    if fmt == Format.xlsx:
        raise InputError("--format", "", "table, csv or json for simulate", fmt.value)
    title = label(
        "simulate_title",
        lang,
        title=the_case.title,
        province=the_case.province.name_en,
        weather=weather,
        draws=f"{draws:,}",
    )
    table = Table(title=escape(title), caption=f"{label('below', lang)} {the_case.band_min:.0%}")
    for col in frame.columns:
        table.add_column(col, justify="right")
    for row in frame.itertuples(index=False):
        table.add_row(str(row[0]), *[f"{v:.1%}" for v in row[1:]])
    console.print(table)


def template(
    fmt: Annotated[TemplateFormat, typer.Option("--format", "-f")] = TemplateFormat.yaml,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
) -> None:
    """Write a blank, commented case template (案例模板) as YAML or Excel."""
    text = resources.files("gridatlas.data").joinpath("templates", "case.yaml").read_text("utf-8")
    output_template(text, fmt, output, console, "case_template.xlsx", write_case_xlsx)


def outlook(
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    unit: Annotated[str, typer.Option("--unit")] = "万千瓦",
    draws: Annotated[
        int, typer.Option("--draws", help="Monte Carlo draws per case and weather.")
    ] = OUTLOOK_DRAWS,
    lang: LangOpt = Language.zh,
) -> None:
    """Run every bundled case; write summary, workbook and charts (全国展望)."""
    if unit not in CAPACITY_UNITS:
        raise InputError("--unit", "", "one of " + ", ".join(CAPACITY_UNITS), unit)
    language: Lang = lang.value
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("outlook", total=None)
        result = run_outlook(
            out,
            unit=unit,
            lang=language,
            draws=draws,
            step=lambda s: progress.update(task, description=s),
        )
    table = Table(title=label("cli_outlook_written", lang))
    table.add_column("file")
    for f in result.files:
        table.add_row(escape(str(f)))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the balance commands to the root app."""
    app.command("balance")(balance)
    app.command("simulate")(simulate_cmd)
    app.command("template")(template)
    app.command("outlook")(outlook)
