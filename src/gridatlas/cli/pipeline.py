"""CLI of the thermal pipeline: import, template, stats, forecast, capacity-cost.

``register(app)`` adds the ``pipeline`` sub-app and the ``capacity-cost``
command. An imported unit list lives in a file: ``pipeline import … -o
units.csv`` writes the normalised list, and ``stats``/``forecast``/
``capacity-cost`` read it back with ``--units units.csv`` (or read a GEM
workbook directly with ``--gem FILE``).
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console

from gridatlas.app import pipeline as pl
from gridatlas.app.pipeline import (
    COLUMNS,
    CapacityPriceParams,
    CycleRule,
    PipelineUnit,
    ShareSchedule,
    SlipRule,
    template_rows,
    write_units,
)
from gridatlas.cli.options import Format, LangOpt, Language, output_text, wrote
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import label
from gridatlas.core.provinces import find_province
from gridatlas.core.units import capacity_factor
from gridatlas.reports.pipeline_output import emit
from gridatlas.reports.provenance import provenance

err = Console(stderr=True)


class CaseName(StrEnum):
    central = "central"
    alternative = "alternative"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, csv, json or xlsx.")]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]
InputOpt = Annotated[
    str | None,
    typer.Option("--input", "-i", help="Aggregate input: report-2024 (bundled) or a YAML file."),
]
UnitsOpt = Annotated[
    Path | None, typer.Option("--units", help="Unit list (template CSV/xlsx, e.g. from import).")
]
GemOpt = Annotated[Path | None, typer.Option("--gem", help="GEM Coal Plant Tracker workbook.")]
CaseOpt = Annotated[
    CaseName, typer.Option("--case", help="central, or alternative (late-year slip).")
]
YearsOpt = Annotated[str | None, typer.Option("--years", help="Years, e.g. 2024-2026.")]
UnitOpt = Annotated[
    str | None, typer.Option("--unit", help="Capacity unit: GW (table/xlsx default) or MW.")
]
PlannedOpt = Annotated[
    bool, typer.Option("--include-planned", help="Also schedule units not yet started.")
]

pipeline_app = typer.Typer(
    help="火电项目管线：核准统计、投产预测 / thermal pipeline: approvals and commissioning.",
    no_args_is_help=True,
)
import_app = typer.Typer(help="导入机组清单 / import a unit list.", no_args_is_help=True)
pipeline_app.add_typer(import_app, name="import")

_FUEL_EN = {"coal": "coal", "gas": "gas"}
_PART_GLOSSARY = {
    "new_units": "capacity_cost_new_units",
    "existing_fleet": "capacity_cost_existing_fleet",
    "share_step_up": "capacity_cost_share_step_up",
    "total": "capacity_cost_added",
}


def _lang(lang: Language) -> Any:
    return lang.value


def _years(text: str | None, flag: str = "--years") -> list[int] | None:
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*", text)
    if not m or (m[2] and int(m[2]) < int(m[1])):
        raise InputError(flag, "", "a year or a range like 2024-2026", text)
    return list(range(int(m[1]), int(m[2] or m[1]) + 1))


def _source(input_: str | None, units: Path | None, gem: Path | None) -> Any:
    given = [x for x in (input_, units, gem) if x is not None]
    if len(given) > 1:
        raise InputError("command line", "--input/--units/--gem", "only one source")
    if units is not None:
        return pl.load_units(units, "template")
    if gem is not None:
        return pl.load_units(gem, "gem")
    return input_ or "report-2024"


def _prov(src: Any, units: Path | None, gem: Path | None, **options: Any) -> dict[str, Any]:
    """Provenance of a pipeline output: the resolved input, the options, the sources."""
    resolved = pl.resolve(src)
    sources: Any = getattr(resolved, "sources", None) or {}
    if units is not None:
        sources = {"units": {"title": f"unit list {units.name}"}}
    elif gem is not None:
        sources = {"gem": {"title": f"GEM Global Coal Plant Tracker ({gem.name})"}}
    return provenance({"input": resolved, "options": options}, sources)


def _out_unit(unit: str | None, fmt: Format) -> str:
    u = unit or ("MW" if fmt in (Format.json, Format.csv) else "GW")
    try:
        capacity_factor(u)
    except ValueError:
        raise InputError("--unit", "", "a capacity unit such as GW, MW or 万千瓦", u) from None
    return u


def _province_label(code: str, lang: str) -> str:
    p = find_province(code)
    if p is None:
        return code
    return p.display(lang)


def _finish(text: str | None, output: Path | None) -> None:
    if text is not None:
        typer.echo(text, nl=not text.endswith("\n"))
    elif output is not None:
        wrote(output)


# --- import
def _summary(units: list[PipelineUnit], lang: Language) -> str:
    frame = pd.DataFrame([(u.status.value, u.capacity_nom) for u in units], columns=["s", "mw"])
    by = frame.groupby("s")["mw"].agg(["count", "sum"]).sort_values("sum", ascending=False)
    head = label("n_units", lang, n=len(units))
    lines = [head] + [
        f"  {s:<13} {int(r['count']):>5}  {r['sum'] / 1e3:>9.1f} GW" for s, r in by.iterrows()
    ]
    return "\n".join(lines)


@import_app.command("gem")
def import_gem(file: Path, output: OutOpt = None, lang: LangOpt = Language.zh) -> None:
    """Read a GEM Global Coal Plant Tracker workbook (sheet Units, China rows).

    With -o, write the normalised unit list (CSV or xlsx). Do not commit it:
    it is a unit-level copy of GEM data (CC BY 4.0).
    """
    _import(file, "gem", output, lang)


@import_app.command("template")
def import_template(file: Path, output: OutOpt = None, lang: LangOpt = Language.zh) -> None:
    """Validate a filled-in unit template (CSV or xlsx); with -o, write it normalised."""
    _import(file, "template", output, lang)


def _import(file: Path, kind: Any, output: Path | None, lang: Language) -> None:
    units = pl.load_units(file, kind)
    if output is not None:
        write_units(units, output)
        wrote(output)
    typer.echo(_summary(units, lang))


@pipeline_app.command("template")
def template(
    output: OutOpt = None,
    example: Annotated[bool, typer.Option("--example", help="Add two example rows.")] = False,
) -> None:
    """Write the unit-list template (CSV to stdout, or -o FILE.csv / FILE.xlsx)."""
    rows = template_rows(example)
    if output is None:
        frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object).fillna("")
        typer.echo(frame.to_csv(index=False, lineterminator="\n"), nl=False)
        return
    write_units(rows, output)
    wrote(output)


# --- stats
class ByKey(StrEnum):
    year = "year"
    quarter = "quarter"
    province = "province"
    fuel = "fuel"
    parent = "parent"


@pipeline_app.command("stats")
def stats(
    units: UnitsOpt = None,
    gem: GemOpt = None,
    by: Annotated[
        list[ByKey] | None,
        typer.Option(
            "--by",
            help="Group by (repeatable): year, quarter, province, fuel, parent. Default province.",
        ),
    ] = None,
    years: Annotated[str, typer.Option("--years", help="Approval years.")] = "2022-2023",
    top: Annotated[int, typer.Option("--top", help="Rank and keep the top N (0 = all).")] = 0,
    min_unit_mw: Annotated[
        float, typer.Option("--min-unit-mw", help="Drop smaller units [MW].")
    ] = 300.0,
    include_chp: Annotated[
        bool, typer.Option("--include-chp", help="Keep heat-oriented CHP.")
    ] = False,
    fuel: Annotated[str, typer.Option("--fuel", help="coal, gas or all.")] = "coal",
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
    lang: LangOpt = Language.zh,
    unit: UnitOpt = None,
) -> None:
    """Approval statistics (核准统计): approved capacity by province, parent, year, quarter, fuel."""
    if units is None and gem is None:
        raise InputError(
            "command line", "--units/--gem", "a unit list (--units FILE or --gem FILE)"
        )
    unit_list = _source(None, units, gem)
    keys = [b.value for b in (by or [ByKey.province])]
    if fuel not in ("coal", "gas", "all"):
        raise InputError("--fuel", "", "coal, gas or all", fuel)
    fuels = None if fuel == "all" else (fuel,)
    ys = _years(years)
    kwargs: dict[str, Any] = {
        "min_unit_mw": min_unit_mw,
        "exclude_chp": not include_chp,
        "fuels": fuels,
    }
    if top and len(keys) == 1 and keys[0] in ("province", "parent"):
        frame = pl.approval_ranking(unit_list, keys[0], ys, top, **kwargs).set_index("rank")
    else:
        frame = pl.approval_stats(unit_list, keys, ys, **kwargs)
        frame = frame.head(top) if top else frame
    if "province" in frame.columns:
        frame["province"] = [_province_label(str(c), _lang(lang)) for c in frame["province"]]
    out_unit = _out_unit(unit, fmt)
    frame["capacity_nom"] = frame["capacity_nom"] / capacity_factor(out_unit)
    frame = frame.rename(columns={"capacity_nom": "capacity"})
    title = label("capacity_approved", _lang(lang)) + f" {years}"
    ranked = "rank" in frame.index.names
    records = frame.reset_index() if ranked else frame
    rows = json.loads(records.to_json(orient="records", force_ascii=False))
    json_obj = {"unit": out_unit, "years": ys, "rows": rows}
    if not ranked:
        frame = frame.set_index(keys)
        frame.index.name = " / ".join(keys)
    text = emit(
        fmt.value,
        output,
        sheets={"approvals": frame},
        unit=out_unit,
        title=title,
        json_obj=json_obj,
        digits=2,
        prov=_prov(unit_list, units, gem, by=keys, years=ys, top=top, **kwargs),
    )
    _finish(text, output)


# --- forecast
def _cycle_rule(text: str) -> CycleRule:
    """``[SELECTOR,…]=MONTHS``; selectors: coal/gas, a province, >=N / <N (MW)."""
    sel, _, months = text.rpartition("=")
    try:
        value = float(months)
    except ValueError:
        value = -1.0
    if "=" not in text or value <= 0:
        raise InputError(
            "--cycle", "", "SELECTORS=MONTHS, e.g. coal=24, gas,ZJ=20, coal,>=1000=30", text
        )
    kw: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in sel.split(","))):
        if part in ("coal", "gas"):
            kw["fuel"] = part
        elif m := re.fullmatch(r">=\s*([\d.]+)", part):
            kw["min_mw"] = float(m[1])
        elif m := re.fullmatch(r"<\s*([\d.]+)", part):
            kw["max_mw"] = float(m[1])
        elif (p := find_province(part)) is not None:
            kw["province"] = p.code
        else:
            raise InputError("--cycle", text, "selectors coal, gas, a province, >=MW or <MW", part)
    return CycleRule(months=value, **kw)


def _slip(from_month: int | None, delay: int | None, years: list[int] | None) -> SlipRule | None:
    if from_month is None and delay is None and not years:
        return None
    return SlipRule(
        from_month=12 if from_month is None else from_month,
        delay_months=2 if delay is None else delay,
        years=tuple(years) if years else None,
    )


@pipeline_app.command("forecast")
def forecast(
    input_: InputOpt = None,
    units: UnitsOpt = None,
    gem: GemOpt = None,
    province: Annotated[str | None, typer.Option("--province", "-p", help="One province.")] = None,
    case: CaseOpt = CaseName.central,
    years: YearsOpt = None,
    cycle: Annotated[
        list[str] | None,
        typer.Option(
            "--cycle",
            help="Build cycle rule, e.g. coal=24, gas,ZJ=20, coal,>=1000=30 (months; repeatable).",
        ),
    ] = None,
    slip_from_month: Annotated[
        int | None,
        typer.Option(min=1, max=12, help="Alternative case: starts from this month slip."),
    ] = None,
    slip_delay: Annotated[int | None, typer.Option(min=0, help="Slip delay [months].")] = None,
    slip_year: Annotated[
        list[int] | None, typer.Option(help="Slip only starts of this year.")
    ] = None,
    include_planned: PlannedOpt = False,
    samples: Annotated[int, typer.Option(min=0, help="Monte Carlo draws of the build cycle.")] = 0,
    seed: Annotated[int, typer.Option(help="Monte Carlo seed.")] = 0,
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
    lang: LangOpt = Language.zh,
    unit: UnitOpt = None,
) -> None:
    """Commissioning forecast (投产预测) by year and fuel (and province for unit lists)."""
    src = _source(input_, units, gem)
    options: dict[str, Any] = {
        "case": case.value,
        "years": _years(years),
        "cycles": [_cycle_rule(c) for c in cycle or []],
        "slip": _slip(slip_from_month, slip_delay, slip_year),
        "province": province,
        "include_planned": include_planned,
        "samples": samples,
        "seed": seed,
    }
    f = pl.forecast(src, **options)
    if units is not None or gem is not None:
        f.source = Path(units or gem).name  # type: ignore[arg-type]
    out_unit = _out_unit(unit, fmt)
    k = capacity_factor(out_unit)
    lg = _lang(lang)
    by_fuel = f.by_fuel() / k
    by_fuel.index = [label(x, lg) for x in by_fuel.index]
    by_fuel.index.name = label("pl_fuel", lg)
    sheets = {"by_fuel": by_fuel}
    prov = f.by_province()
    if len(prov):
        prov = prov / k
        prov.index = [f"{_province_label(p, lg)} / {label(fu, lg)}" for p, fu in prov.index]
        prov.index.name = label("pl_province_fuel", lg)
        sheets["by_province"] = prov
    if f.samples is not None:
        q = f.quantiles().set_index(["fuel", "year"])
        sheets["monte_carlo"] = q / k
    notes = pd.DataFrame(
        {"value": [f.source, f.case, f.total_mw / k, f.outside_mw / k, f.unscheduled_mw / k]},
        index=["source", "case", "total", "outside_years", "unscheduled"],
    )
    sheets["notes"] = notes
    title = label("commissioning_forecast", lg) + f" · {f.source} · {f.case}"
    if fmt == Format.table:
        sheets.pop("notes")
        text = emit("table", None, sheets=sheets, unit=out_unit, title=title)
        assert text is not None
        text += (
            f"\n{label('commissioning_unscheduled', lg)}: {f.unscheduled_mw / k:,.1f} {out_unit}; "
            f"{label('outside_years', lg)}: {f.outside_mw / k:,.1f} {out_unit}\n"
        )
        output_text(text, output, err)
        return
    text = emit(
        fmt.value,
        output,
        sheets=sheets,
        unit=out_unit,
        title=title,
        json_obj=_round(f.to_json(), 3),
        prov=_prov(src, units, gem, **options),
    )
    _finish(text, output)


def _round(obj: Any, digits: int) -> Any:
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, dict):
        return {k: _round(v, digits) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_round(v, digits) for v in obj]
    return obj


# --- capacity-cost
def _shares(items: list[str] | None, flag: str) -> dict[int, float]:
    out: dict[int, float] = {}
    for item in items or []:
        m = re.fullmatch(r"\s*(\d{4})\s*=\s*([\d.]+)\s*", item)
        if not m or not 0 <= float(m[2]) <= 1:
            raise InputError(flag, "", "YEAR=SHARE with a share in 0-1, e.g. 2026=0.5", item)
        out[int(m[1])] = float(m[2])
    return out


def capacity_cost(
    input_: InputOpt = None,
    units: UnitsOpt = None,
    gem: GemOpt = None,
    case: CaseOpt = CaseName.central,
    years: YearsOpt = None,
    fixed_cost: Annotated[
        float | None, typer.Option(help="Fixed-cost standard [元/kW·yr].")
    ] = None,
    share: Annotated[
        list[str] | None,
        typer.Option(help="National share from a year, YEAR=SHARE (repeatable), e.g. 2026=0.5."),
    ] = None,
    province_share: Annotated[
        list[str] | None, typer.Option(help="Province override P:YEAR=SHARE, e.g. YN:2024=0.5.")
    ] = None,
    existing_fleet: Annotated[
        float | None, typer.Option(help="Existing coal fleet at the reference year's end [GW].")
    ] = None,
    include_planned: PlannedOpt = False,
    fmt: FormatOpt = Format.table,
    output: OutOpt = None,
    lang: LangOpt = Language.zh,
) -> None:
    """Added system operating cost of the coal capacity price (容量电价新增系统运行费用), 亿元."""
    src = _source(input_, units, gem)
    base = pl.capacity_params(src)
    national = {**base.schedule.national, **_shares(share, "--share")}
    provinces: dict[str, dict[int, float]] = {
        k: dict(v) for k, v in base.schedule.provinces.items()
    }
    for item in province_share or []:
        prov, _, rest = item.partition(":")
        p = find_province(prov)
        if p is None or not rest:
            raise InputError("--province-share", "", "PROVINCE:YEAR=SHARE, e.g. YN:2024=0.5", item)
        provinces.setdefault(p.code, {}).update(_shares([rest], "--province-share"))
    params = CapacityPriceParams(
        fixed_cost=fixed_cost if fixed_cost is not None else base.fixed_cost,
        schedule=ShareSchedule(national=national, provinces=provinces),
        existing_fleet_mw=existing_fleet * 1e3
        if existing_fleet is not None
        else base.existing_fleet_mw,
        fleet_year=base.fleet_year,
        recovery_existing=base.recovery_existing,
        recovery_new_large=base.recovery_new_large,
        large_unit_mw=base.large_unit_mw,
    )
    cost = pl.capacity_cost(
        src,
        case=case.value,
        years=_years(years),
        params=params,
        include_planned=include_planned,
    )
    lg = _lang(lang)
    frame = cost.frame()
    frame.index = [label(_PART_GLOSSARY[i], lg) for i in frame.index]
    frame.index.name = label("cli_part", lg)
    title = label("capacity_cost_added", lg) + f" · {cost.source} · {cost.case}"
    text = emit(
        fmt.value,
        output,
        sheets={"capacity_cost": frame},
        unit="亿元",
        title=title,
        json_obj=_round(cost.to_json(), 4),
        prov=_prov(
            src,
            units,
            gem,
            case=case.value,
            years=_years(years),
            params=params,
            include_planned=include_planned,
        ),
    )
    _finish(text, output)


def register(app: typer.Typer) -> None:
    """Add ``pipeline`` (import, template, stats, forecast) and ``capacity-cost`` to ``app``."""
    app.add_typer(pipeline_app, name="pipeline")
    app.command("capacity-cost")(capacity_cost)
