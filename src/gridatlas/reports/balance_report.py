"""Balance results laid out the way the report prints its tables.

:func:`report_rows` gives the rows of one case's table (capacity by
technology, link equivalents, supply by hydrology, peak load by weather,
growth rates, margins, surplus, tightness); the CSV, the terminal table and
the workbook all take their rows from it, so they never disagree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from rich.markup import escape
from rich.table import Table

from gridatlas.core.glossary import Lang, label, localized
from gridatlas.core.units import capacity_factor
from gridatlas.domain.case_spec import TECHNOLOGIES
from gridatlas.runners.balance import BalanceResult

Kind = Literal["capacity", "fraction", "text"]


@dataclass(frozen=True)
class Row:
    """One printed row: its section, label, kind and one value per year."""

    section: str
    label: str
    kind: Kind
    values: list[float | str]


def _section(key: str, lang: Lang, unit: str | None = None) -> str:
    text = label(f"section_{key}", lang)
    return f"{text} ({unit})" if unit else text


def _weather(result: BalanceResult, weather: str, lang: Lang) -> str:
    """A weather as the table names it: the case's own (Chinese) label in zh, the key in en."""
    return localized(lang, result.case.weathers[weather].label or weather, weather)


def report_rows(result: BalanceResult, unit: str = "万千瓦", lang: Lang = "zh") -> list[Row]:
    """The rows of the report-style table for one case."""
    case = result.case
    k = 1.0 / capacity_factor(unit)
    rows: list[Row] = []
    sec = _section("capacity", lang, unit)
    for tech in TECHNOLOGIES:
        cap = case.capacity[tech]
        if np.any(cap):
            rows.append(Row(sec, label(tech, lang), "capacity", list(cap * k)))
    sec = _section("links", lang, unit)
    for link in case.links:
        values = result.link_equivalents[link.name]
        first = values[case.hydrologies[0]]
        if all(np.allclose(v, first) for v in values.values()):
            rows.append(Row(sec, link.name, "capacity", list(first * k)))
        else:
            for h, v in values.items():
                rows.append(Row(sec, f"{link.name} ({label(h, lang)})", "capacity", list(v * k)))
    sec = _section("supply", lang, unit)
    seen: set[str] = set()
    for i, s in enumerate(result.scenarios):
        if s.custom or s.hydrology in seen:
            continue
        seen.add(s.hydrology)
        rows.append(
            Row(sec, label(s.hydrology, lang), "capacity", list(result.effective_supply[i] * k))
        )
    sec = _section("demand", lang)
    peak_label = label("peak_load", lang)
    for w, p in result.peak_paths.items():
        wl = _weather(result, w, lang)
        rows.append(Row(sec, f"{peak_label}-{wl} ({unit})", "capacity", list(p * k)))
    rows.append(
        Row(sec, label("consumption_growth", lang), "fraction", list(case.consumption_growth))
    )
    for w, g in result.peak_growth.items():
        wl = _weather(result, w, lang)
        rows.append(Row(sec, f"{label('peak_growth', lang)}-{wl}", "fraction", list(g)))
    sec = _section("result", lang)
    for i, s in enumerate(result.scenarios):
        rows.append(
            Row(
                sec,
                f"{label('reserve_margin', lang)}-{s.label(lang)}",
                "fraction",
                list(result.reserve_margin[i]),
            )
        )
    for i, s in enumerate(result.scenarios):
        rows.append(
            Row(
                sec,
                f"{label('surplus', lang)}-{s.label(lang)} ({unit})",
                "capacity",
                list(result.surplus[i] * k),
            )
        )
    for i, s in enumerate(result.scenarios):
        rows.append(
            Row(
                sec,
                f"{label('tightness', lang)}-{s.label(lang)}",
                "text",
                [label(str(t), lang) for t in result.tightness[i]],
            )
        )
    return rows


def _fmt(value: float | str, kind: Kind) -> str:
    if kind == "text":
        return str(value)
    if isinstance(value, str) or not np.isfinite(value):
        return ""
    return f"{value:.1%}" if kind == "fraction" else f"{value:,.0f}"


def rich_table(result: BalanceResult, unit: str = "万千瓦", lang: Lang = "zh") -> Table:
    """The report-style table for the terminal."""
    case = result.case
    title = label("balance_title", lang, title=case.title, province=case.province.name_en)
    table = Table(title=escape(f"{title} [{case.origin}]"), show_lines=False)
    table.add_column("")
    for y in result.years:
        table.add_column(str(y), justify="right")
    section = None
    for row in report_rows(result, unit, lang):
        if row.section != section:
            section = row.section
            table.add_row(f"[bold]{escape(section)}[/]", *[""] * len(result.years))
        table.add_row(escape("  " + row.label), *[escape(_fmt(v, row.kind)) for v in row.values])
    band = f"{case.band_min:.0%}–{case.band_max:.0%}"
    notes = "".join(f"\n{n}" for n in case.notes)
    table.caption = escape(notes.lstrip("\n")) + "\n" if notes else ""
    table.caption += label("balance_caption", lang, band=band)
    return table


def long_frame(result: BalanceResult, unit: str = "MW", lang: Lang = "zh") -> pd.DataFrame:
    """One row per scenario and year, column names carrying their units."""
    frame = result.to_frame(unit, lang)
    frame.insert(0, "case", result.case.name)
    return frame.rename(
        columns={
            "effective_supply": f"effective_supply ({unit})",
            "peak_load": f"peak_load ({unit})",
            "surplus": f"surplus ({unit})",
            "reserve_margin": "reserve_margin (p.u.)",
        }
    )


def to_csv(result: BalanceResult, unit: str = "MW", lang: Lang = "zh") -> str:
    """CSV text of :func:`long_frame`."""
    buf = io.StringIO()
    long_frame(result, unit, lang).to_csv(buf, index=False, float_format="%.6g")
    return buf.getvalue()
