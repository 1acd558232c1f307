"""CLI of the microgrid screening: ``gridatlas microgrid template|examples|evaluate|sweep``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gridatlas.app import microgrid as mg
from gridatlas.cli.options import (
    LangOpt,
    Language,
    TemplateFormat,
    output_tables,
    output_template,
    output_text,
    progress_bar,
    wrote,
)
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang, label
from gridatlas.reports.microgrid_report import rich_tables, to_json_dict, write_charts, write_xlsx

console = Console()


class Format(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def template(
    fmt: Annotated[TemplateFormat, typer.Option("--format", "-f")] = TemplateFormat.yaml,
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
) -> None:
    """Write a commented site template (站点模板) as YAML or Excel."""
    text = mg.template_yaml()
    output_template(text, fmt, output, console, "microgrid_site_template.xlsx", mg.write_site_xlsx)


def examples(lang: LangOpt = Language.zh) -> None:
    """List the bundled example sites and tariffs (内置示例站点与电价)."""
    t = Table(title=label("cli_bundled_example_sites_illustrative", lang))
    t.add_column("name", no_wrap=True)
    for c in (
        label("cli_province", lang),
        label("cli_title", lang),
        label("cli_load", lang),
        label("cli_tariff", lang),
        label("cli_business_model", lang),
    ):
        t.add_column(c)
    for name in mg.bundled_site_names():
        s = mg.load_site(name)
        load = s.spec.load.shape or "profile"
        t.add_row(
            *map(
                escape,
                (
                    name,
                    s.province.display(lang),
                    s.title,
                    load,
                    s.tariff_spec.name,
                    s.spec.finance.business_model,
                ),
            )
        )
    console.print(t)
    tt = Table(title=label("cli_bundled_tariffs", lang))
    tt.add_column("name", no_wrap=True)
    for c in (label("cli_province", lang), "as_of", "illustrative", label("cli_source", lang)):
        tt.add_column(c)
    for name in mg.bundled_tariff_names():
        raw, _ = mg.read_tariff_raw(name)
        src = raw.get("sources", {}).get(raw.get("source") or "", {})
        cite = " ".join(str(x) for x in (src.get("document"), src.get("title")) if x) or "—"
        tt.add_row(
            *map(
                escape,
                (
                    name,
                    str(raw.get("province", "")),
                    str(raw.get("as_of")),
                    str(raw.get("illustrative")),
                    cite,
                ),
            )
        )
    console.print(tt)


def evaluate(
    site: Annotated[str, typer.Argument(help="A bundled site name or a .yaml/.xlsx site file.")],
    optimize: Annotated[
        bool, typer.Option("--optimize", help="Size PV and storage with the LP.")
    ] = False,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    charts: Annotated[
        Path | None,
        typer.Option("--charts", help="Also write the three charts (PNG) to this folder."),
    ] = None,
    sensitivity: Annotated[bool, typer.Option("--sensitivity/--no-sensitivity")] = True,
    lang: LangOpt = Language.zh,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="Show the solver's log (on stderr).")
    ] = False,
) -> None:
    """Screen one site (项目测算): sizes, bills, revenue stack, NPV/IRR/payback."""
    language: Lang = lang.value
    ev = mg.evaluate(site, optimize=optimize, sensitivity=sensitivity, verbose=verbose)
    if fmt == Format.json:
        output_text(json.dumps(to_json_dict(ev), ensure_ascii=False, indent=2), output, console)
    elif fmt == Format.xlsx:
        target = output or Path(f"{ev.site.name}_microgrid.xlsx")
        write_xlsx(ev, target, language)
        wrote(target)
    else:
        output_tables(rich_tables(ev, language), output, console, width=140)
    if charts is not None:
        for p in write_charts(ev, charts, language):
            wrote(p)


def sweep(
    sites_dir: Annotated[Path, typer.Argument(help="Folder of .yaml/.xlsx site files.")],
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address; default: a local cluster."),
    ] = None,
    optimize: Annotated[bool, typer.Option("--optimize")] = False,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="JSON file for all results.")
    ] = None,
    lang: LangOpt = Language.zh,
) -> None:
    """Screen every site in a folder in parallel on Dask (批量测算)."""
    files = mg.site_files(sites_dir)
    with progress_bar("sweep", len(files)) as update:
        results = mg.sweep(
            sites_dir, scheduler=scheduler, optimize=optimize, progress=update, files=files
        )
    if output is not None:
        output_text(json.dumps(results, ensure_ascii=False, indent=2), output, console)
    t = Table(title=label("cli_sweep_money_in_10k_cny", lang))
    t.add_column("site", no_wrap=True)
    for c in (
        "PV kWp",
        "kW",
        "kWh",
        "NPV",
        "IRR",
        label("cli_payback_yr", lang),
        label("cli_error", lang),
    ):
        t.add_column(c)
    for r in results:
        if "error" in r:
            t.add_row(escape(Path(r["file"]).name), "", "", "", "", "", "", escape(r["error"]))
            continue
        s = r["sizes"]
        irr = "—" if r["irr"] is None else f"{r['irr']:.1%}"
        pb = "—" if r["payback_years"] is None else f"{r['payback_years']:.1f}"
        t.add_row(
            escape(r["site"]),
            f"{s['pv_kw']:.0f}",
            f"{s['battery_kw']:.0f}",
            f"{s['battery_kwh']:.0f}",
            f"{r['npv'] / 1e4:,.1f}",
            irr,
            pb,
            "",
        )
    console.print(t)
    if all("error" in r for r in results):
        raise InputError(str(sites_dir), "SITES_DIR", "at least one site that passes its checks")


def register(app: typer.Typer) -> None:
    """Add the ``microgrid`` sub-app (template, examples, evaluate, sweep) to the root app."""
    sub = typer.Typer(
        name="microgrid",
        help="智能微电网项目测算：光伏+储能+需求响应 / Microgrid project screening (PV, storage, DR).",
        no_args_is_help=True,
    )
    sub.command("template")(template)
    sub.command("examples")(examples)
    sub.command("evaluate")(evaluate)
    sub.command("sweep")(sweep)
    app.add_typer(sub, name="microgrid")
