"""CLI of the microgrid screening: ``gridatlas microgrid template|examples|evaluate|sweep``."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gridatlas.cli.options import (
    LangOpt,
    Language,
    TemplateFormat,
    output_tables,
    output_template,
    output_text,
)
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang

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
    from gridatlas.reports.site_template import write_site_xlsx
    from gridatlas.sources.site_files import template_yaml

    text = template_yaml()
    output_template(text, fmt, output, console, "microgrid_site_template.xlsx", write_site_xlsx)


def examples(lang: LangOpt = Language.zh) -> None:
    """List the bundled example sites and tariffs (内置示例站点与电价)."""
    from gridatlas.sources.site_files import (
        bundled_site_names,
        bundled_tariff_names,
        load_site,
        read_tariff_raw,
    )

    zh = lang == Language.zh
    t = Table(
        title="内置示例站点（均为示意数据）" if zh else "Bundled example sites (illustrative)"
    )
    t.add_column("name", no_wrap=True)
    for c in (
        "省份" if zh else "province",
        "标题" if zh else "title",
        "负荷" if zh else "load",
        "电价" if zh else "tariff",
        "商业模式" if zh else "business model",
    ):
        t.add_column(c)
    for name in bundled_site_names():
        s = load_site(name)
        load = s.spec.load.shape or "profile"
        t.add_row(
            name,
            s.province.short_zh if zh else s.province.name_en,
            s.title,
            load,
            s.tariff_spec.name,
            s.spec.finance.business_model,
        )
    console.print(t)
    tt = Table(title="内置电价" if zh else "Bundled tariffs")
    tt.add_column("name", no_wrap=True)
    for c in ("省份" if zh else "province", "as_of", "illustrative", "来源" if zh else "source"):
        tt.add_column(c)
    for name in bundled_tariff_names():
        raw, _ = read_tariff_raw(name)
        src = raw.get("sources", {}).get(raw.get("source") or "", {})
        cite = " ".join(str(x) for x in (src.get("document"), src.get("title")) if x) or "—"
        tt.add_row(
            name,
            str(raw.get("province", "")),
            str(raw.get("as_of")),
            str(raw.get("illustrative")),
            cite,
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
) -> None:
    """Screen one site (项目测算): sizes, bills, revenue stack, NPV/IRR/payback."""
    from gridatlas.reports.microgrid_report import (
        rich_tables,
        to_json_dict,
        write_charts,
        write_xlsx,
    )
    from gridatlas.runners.microgrid import evaluate as run
    from gridatlas.sources.site_files import load_site

    language: Lang = lang.value
    ev = run(load_site(site), optimize=optimize, sensitivity=sensitivity)
    if fmt == Format.json:
        output_text(json.dumps(to_json_dict(ev), ensure_ascii=False, indent=2), output, console)
    elif fmt == Format.xlsx:
        target = output or Path(f"{ev.site.name}_microgrid.xlsx")
        write_xlsx(ev, target, language)
        console.print(f"wrote {target}")
    else:
        output_tables(rich_tables(ev, language), output, console, width=140)
    if charts is not None:
        for p in write_charts(ev, charts, language):
            console.print(f"wrote {p}")


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
    from gridatlas.runners.microgrid import site_files
    from gridatlas.runners.microgrid import sweep as run_sweep

    files = site_files(sites_dir)
    zh = lang == Language.zh
    with Progress(
        TextColumn("[bold]sweep"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("sweep", total=len(files))
        results = run_sweep(
            sites_dir,
            scheduler=scheduler,
            optimize=optimize,
            progress=lambda done, total: progress.update(task, completed=done),
            files=files,
        )
    if output is not None:
        output_text(json.dumps(results, ensure_ascii=False, indent=2), output, console)
    t = Table(title="批量测算（金额：万元）" if zh else "Sweep (money in 10k CNY)")
    t.add_column("site", no_wrap=True)
    for c in (
        "PV kWp",
        "kW",
        "kWh",
        "NPV",
        "IRR",
        "回收期 (年)" if zh else "payback (yr)",
        "错误" if zh else "error",
    ):
        t.add_column(c)
    for r in results:
        if "error" in r:
            t.add_row(Path(r["file"]).name, "", "", "", "", "", "", r["error"])
            continue
        s = r["sizes"]
        irr = "—" if r["irr"] is None else f"{r['irr']:.1%}"
        pb = "—" if r["payback_years"] is None else f"{r['payback_years']:.1f}"
        t.add_row(
            r["site"],
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
