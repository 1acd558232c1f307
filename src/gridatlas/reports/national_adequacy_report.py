"""The national adequacy comparison as JSON, a terminal table, a workbook sheet and a chart.

Rows: one per province, with the probabilistic metrics (LOLE, LOLD, EUE and their
standard errors), the firm capacity that brings LOLD to the target, and the
balance's reserve margin and tightness class next to them. Capacities in the
table, sheet and chart are 万千瓦; JSON keeps MW (units in ``units``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from rich.table import Table

from gridatlas.core.glossary import Lang, label
from gridatlas.core.provinces import find_province
from gridatlas.core.units import capacity_factor
from gridatlas.reports.atomic import atomic_path
from gridatlas.reports.charts import chart_style
from gridatlas.reports.workbook import write_frame_sheet
from gridatlas.runners.national_adequacy import NationalAdequacy, ProvinceAdequacy

SheetWriter = Callable[[Worksheet], None]
#: Capacity unit of the table, sheet and chart.
UNIT: Final = "万千瓦"
#: Verdict → marker colour of the chart.
VERDICT_COLOURS: Final[dict[str, str]] = {
    "agree": "#4d4d4d",
    "margin_ok_lold_high": "#d7301f",
    "margin_short_lold_ok": "#2b8cbe",
}


def _name(code: str, lang: Lang) -> str:
    p = find_province(code)
    return code if p is None else p.display(lang)


def _clean(v: Any) -> Any:
    return None if isinstance(v, float) and not math.isfinite(v) else v


def to_json_dict(na: NationalAdequacy) -> dict[str, Any]:
    """The comparison as one JSON-ready mapping (MW, MWh; units in ``units``)."""
    return {
        "year": na.year,
        "samples": na.samples,
        "seed": na.seed,
        "target_lold": na.target_lold,
        "firm_search": {
            "samples": na.firm_samples,
            "tolerance_share_of_peak": na.firm_tolerance_share,
            "evaluations": na.firm_evaluations,
            "method": "joint bisection: every province's block added at once",
        },
        "synthetic_profiles": na.synthetic_profiles,
        "units": {
            "peak_mw": "MW",
            "reserve_margin": "p.u.",
            "lole_h": "h/yr",
            "lold_d": "d/yr",
            "eue_mwh": "MWh/yr",
            "firm_need_mw": "MW",
        },
        "system_total": {"lole_h": na.system_lole_h, "eue_mwh": na.system_eue_mwh},
        "interfaces": na.interfaces,
        "regions": [{k: _clean(v) for k, v in asdict(p).items()} for p in na.provinces],
        "sources": na.sources,
        "notes": [label("nat_adequacy_note", "en")],
    }


def _fmt(value: float, stderr: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f} ± {stderr:,.{digits}f}"


def _firm(p: ProvinceAdequacy) -> str:
    if math.isnan(p.firm_need_mw):
        return "–"
    mark = "" if p.firm_reached else "*"
    return f"{p.firm_need_mw / capacity_factor(UNIT):,.0f}{mark}"


def _title(na: NationalAdequacy, lang: Lang) -> str:
    return label(
        "nat_adequacy_title",
        lang,
        year=na.year,
        samples=na.samples,
        seed=na.seed,
        target=f"{na.target_lold:g}",
    )


def rich_table(na: NationalAdequacy, lang: Lang = "zh") -> Table:
    """One row per province: margin, class, LOLE, LOLD, EUE (± s.e.), firm need, verdict."""
    title = _title(na, lang)
    t = Table(title=title, caption=label("nat_adequacy_note", lang))
    t.add_column(label("province", lang))
    t.add_column(label("peak_load", lang, with_unit=True, unit=UNIT), justify="right")
    t.add_column(label("reserve_margin", lang, with_unit=True, unit="%"), justify="right")
    t.add_column(label("tightness", lang))
    t.add_column(label("lole", lang, with_unit=True), justify="right")
    t.add_column(label("lold", lang, with_unit=True), justify="right")
    t.add_column(label("eue", lang, with_unit=True, unit="GWh/yr"), justify="right")
    t.add_column(label("firm_need", lang, with_unit=True), justify="right")
    t.add_column(label("adequacy_verdict", lang))
    for p in na.provinces:
        t.add_row(
            _name(p.province, lang),
            f"{p.peak_mw / capacity_factor(UNIT):,.0f}",
            f"{p.reserve_margin * 100:.1f}",
            label(f"tightness_{p.tightness}", lang),
            _fmt(p.lole_h, p.lole_se, 1),
            _fmt(p.lold_d, p.lold_se),
            _fmt(p.eue_mwh / 1000, p.eue_se / 1000, 1),
            _firm(p),
            label(f"verdict_{p.verdict}", lang),
        )
    return t


def comparison_frame(na: NationalAdequacy, lang: Lang = "zh") -> pd.DataFrame:
    """The comparison as a frame with glossary column labels (万千瓦, %, h, d, MWh)."""
    k = capacity_factor(UNIT)
    rows = [
        {
            label("province", lang): _name(p.province, lang),
            "code": p.province,
            label("peak_load", lang, with_unit=True, unit=UNIT): p.peak_mw / k,
            label("reserve_margin", lang, with_unit=True, unit="%"): p.reserve_margin * 100,
            label("tightness", lang): label(f"tightness_{p.tightness}", lang),
            label("lole", lang, with_unit=True): p.lole_h,
            "LOLE s.e.": p.lole_se,
            label("lold", lang, with_unit=True): p.lold_d,
            "LOLD s.e.": p.lold_se,
            label("eue", lang, with_unit=True): p.eue_mwh,
            "EUE s.e.": p.eue_se,
            label("firm_need", lang, with_unit=True): p.firm_need_mw / k,
            label("lold_at_need", lang, with_unit=True): p.lold_at_need,
            label("adequacy_verdict", lang): label(f"verdict_{p.verdict}", lang),
        }
        for p in na.provinces
    ]
    return pd.DataFrame(rows)


def national_adequacy_sheets(
    na: NationalAdequacy, lang: Lang = "zh"
) -> list[tuple[str, SheetWriter]]:
    """The outlook workbook's adequacy comparison sheet (for app/outlook.py)."""
    frame = comparison_frame(na, lang)
    title = _title(na, lang)

    def write(ws: Worksheet) -> None:
        write_frame_sheet(ws, frame)
        ws.insert_rows(1, 2)
        ws["A1"] = title
        ws["A2"] = label("nat_adequacy_note", lang)

    return [(label("nat_adequacy_sheet", lang)[:31], write)]


def write_xlsx(na: NationalAdequacy, target: Path, lang: Lang = "zh") -> None:
    """A one-sheet workbook of the comparison, written atomically."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, writer in national_adequacy_sheets(na, lang):
        writer(wb.create_sheet(name))
    with atomic_path(target) as tmp:
        wb.save(tmp)


def national_adequacy_figure(na: NationalAdequacy, lang: Lang = "zh") -> Figure:
    """Reserve margin (x) against LOLD (y, symmetric log) per province, coloured by verdict.

    The horizontal line is the LOLD target, the vertical one a zero margin; provinces
    where the two methods disagree are the red and blue points.
    """
    with rc_context(chart_style(lang)):  # type: ignore[arg-type]
        fig = Figure(figsize=(8.0, 6.0))
        ax = fig.subplots()
        x = np.array([p.reserve_margin * 100 for p in na.provinces])
        y = np.array([p.lold_d for p in na.provinces])
        colours = [VERDICT_COLOURS[p.verdict] for p in na.provinces]
        ax.scatter(x, y, c=colours, s=22, zorder=3)
        for p, xi, yi in zip(na.provinces, x, y, strict=True):
            ax.annotate(
                _name(p.province, lang),
                (xi, yi),
                fontsize=6.5,
                xytext=(3, 2),
                textcoords="offset points",
            )
        ax.set_yscale("symlog", linthresh=0.01)
        ax.axhline(na.target_lold, color="#d7301f", lw=0.8, ls="--")
        ax.axvline(0.0, color="#888888", lw=0.8)
        ax.set_xlabel(label("reserve_margin", lang, with_unit=True, unit="%"))
        ax.set_ylabel(label("lold", lang, with_unit=True))
        handles = [
            ax.scatter([], [], c=c, s=22, label=label(f"verdict_{v}", lang))
            for v, c in VERDICT_COLOURS.items()
        ]
        ax.legend(handles=handles, fontsize=7, frameon=False, loc="upper right")
        ax.set_title(f"{label('nat_adequacy_chart', lang)} · {na.year}", fontsize=10)
        fig.text(0.01, 0.005, label("nat_adequacy_note", lang), fontsize=5.5, wrap=True)
        fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
