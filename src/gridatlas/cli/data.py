"""CLI commands of the national dataset: ``gridatlas data build|sources|capacity|import-gas|import-storage``."""

from __future__ import annotations

import json
import time
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gridatlas.app.data_build import build_national, write_national
from gridatlas.app.data_overlay import import_gas, import_storage, overlay_dir
from gridatlas.app.national_data import PACKAGE_DIR, load_national
from gridatlas.cli.options import Format, LangOpt, Language, output_text, wrote
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import label
from gridatlas.core.provinces import province
from gridatlas.core.units import convert_capacity

console = Console()
err = Console(stderr=True)
data_app = typer.Typer(
    help="全国数据集：构建、来源、分省装机 / The national dataset: build, sources, capacity.",
    no_args_is_help=True,
)


def _bundled_dir() -> Path:
    return Path(str(resources.files("gridatlas.data").joinpath(PACKAGE_DIR)))


@data_app.command("build")
def build(
    raw: Annotated[Path, typer.Option("--from", help="Folder of raw files (like ../shared/data).")],
    out: Annotated[
        Path | None, typer.Option("--out", help="Dataset folder; default: the package's own.")
    ] = None,
) -> None:
    """Rebuild the national dataset from the raw third-party files (developer step)."""
    target = out or _bundled_dir()
    t0 = time.perf_counter()
    result = build_national(raw)
    files = write_national(result, target)
    seconds = time.perf_counter() - t0
    table = Table(title=f"national dataset → {target} ({seconds:.1f} s)")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for f in files:
        frame = result.tables.get(f.name)
        table.add_row(f.name, "" if frame is None else str(len(frame)))
    err.print(table)


@data_app.command("sources")
def sources(
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    lang: LangOpt = Language.zh,
) -> None:
    """List the national dataset's sources: as-of date, licence, rows, citation (数据来源)."""
    frame = load_national().sources
    if fmt == Format.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        output_text(json.dumps({"sources": records}, ensure_ascii=False, indent=2), None, console)
        return
    if fmt == Format.csv:
        output_text(frame.to_csv(index=False, lineterminator="\n"), None, console)
        return
    if fmt == Format.xlsx:
        raise InputError("--format", "", "table, csv or json for data sources", fmt.value)
    table = Table(title=label("data_sources_title", lang))
    keys = ("data_dataset", "data_as_of", "data_licence", "data_rows", "data_citation")
    heads = [label(k, lang) for k in keys]
    for h in ("id", *heads):
        table.add_column(h)
    for r in frame.to_dict("records"):
        cells = (r["id"], r["title"], r["as_of"], r["licence"], r["rows"], r["citation"])
        table.add_row(*[str(c) for c in cells])
    console.print(table)


@data_app.command("capacity")
def capacity(
    year: Annotated[int, typer.Option("--year", "-y", help="Year-end of the capacities.")],
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    lang: LangOpt = Language.zh,
) -> None:
    """Installed capacity by province and technology at a year-end (分省装机).

    json: {"unit":"MW","year":Y,"provinces":{CODE:{TECH:MW or null}}}; the table is in 万千瓦.
    """
    data = load_national(overlay_dir())
    by_province = data.capacity_in(year)
    if fmt == Format.json:
        doc = {"unit": "MW", "year": year, "provinces": by_province}
        output_text(json.dumps(doc, ensure_ascii=False, indent=2), None, console)
        return
    techs = data.technologies()
    if fmt == Format.csv:
        lines = ["province," + ",".join(techs)]
        for code, row in by_province.items():
            cells = ["" if row.get(t) is None else f"{row[t]:.1f}" for t in techs]
            lines.append(",".join([code, *cells]))
        output_text("\n".join(lines) + "\n", None, console)
        return
    if fmt == Format.xlsx:
        raise InputError("--format", "", "table, csv or json for data capacity", fmt.value)
    unit = "万千瓦"
    table = Table(title=label("data_capacity_title", lang, year=year))
    table.add_column(label("cli_province", lang))
    for t in techs:
        table.add_column(label(t, lang), justify="right")
    for code, row in by_province.items():
        p = province(code)
        cells = [
            "—" if row.get(t) is None else f"{convert_capacity(row[t] or 0.0, 'MW', unit):,.0f}"
            for t in techs
        ]
        table.add_row(p.display(lang), *cells)
    Console(width=max(console.width, 150)).print(table)


@data_app.command("peaks")
def peaks(
    year: Annotated[int, typer.Option("--year", "-y", help="A year of the consumption table.")],
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    lang: LangOpt = Language.zh,
) -> None:
    """Annual peak load by province from consumption × load shape (分省最大负荷估算).

    json: {"unit":"MW","year":Y,"method":...,"provinces":{CODE:MW}}; the table is in 万千瓦.
    """
    data = load_national()
    values = {c: round(v, 1) for c, v in data.peak_loads(year).items()}
    kind = str(data.consumption.loc[data.consumption["year"] == year, "kind"].iloc[0])
    method = "consumption × max(shape)/sum(shape); shape year about 2018-19"
    if fmt == Format.json:
        doc = {
            "unit": "MW",
            "year": year,
            "consumption": kind,
            "method": method,
            "provinces": values,
        }
        output_text(json.dumps(doc, ensure_ascii=False, indent=2), None, console)
        return
    if fmt == Format.csv:
        lines = ["province,peak_mw", *(f"{c},{v:.0f}" for c, v in values.items())]
        output_text("\n".join(lines) + "\n", None, console)
        return
    if fmt == Format.xlsx:
        raise InputError("--format", "", "table, csv or json for data peaks", fmt.value)
    table = Table(title=label("data_peaks_title", lang, year=year), caption=f"{kind}; {method}")
    table.add_column(label("cli_province", lang))
    table.add_column(label("data_peak", lang), justify="right")
    for code, v in values.items():
        p = province(code)
        table.add_row(p.display(lang), f"{convert_capacity(v, 'MW', '万千瓦'):,.0f}")
    console.print(table)


@data_app.command("import-gas")
def import_gas_cmd(
    workbook: Annotated[
        Path, typer.Argument(help="Your own copy of GEM's Global Gas Plant Tracker (.xlsx).")
    ],
) -> None:
    """Read your GEM gas tracker into a user-local overlay (not bundled: CC BY-NC-SA)."""
    target = import_gas(workbook)
    wrote(target)


@data_app.command("import-storage")
def import_storage_cmd(
    table: Annotated[Path, typer.Argument(help="CSV: province,year,mw[,source,as_of].")],
) -> None:
    """Read your new-type storage capacities (CSV) into a user-local overlay."""
    target = import_storage(table)
    wrote(target)


def register(app: typer.Typer) -> None:
    """Add the ``data`` command group to the root app."""
    app.add_typer(data_app, name="data")
