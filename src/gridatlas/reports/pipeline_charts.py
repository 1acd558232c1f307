"""Charts and workbook sheets of the thermal pipeline for the national outlook."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from gridatlas.core.glossary import Lang, label
from gridatlas.reports.charts import figure, styled
from gridatlas.reports.workbook import SheetWriter, write_frame_sheet
from gridatlas.runners.pipeline import CapacityCost, Forecast

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_PARTS = ("new_units", "existing_fleet", "share_step_up", "total")


def commissioning_frame(
    central: Forecast, alternative: Forecast, lang: Lang = "zh"
) -> pd.DataFrame:
    """National commissioning by fuel and year, central and alternative case. [GW]"""
    rows = []
    for name, fc in (("central", central), ("alternative", alternative)):
        fuel = fc.by_fuel() / 1000.0
        for f in fuel.index:
            row: dict[str, object] = {"case": name, "fuel": label(str(f), lang)}
            row.update({str(y): float(fuel.loc[f, y]) for y in fc.years})
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["unit"] = "GW"
    return frame


def cost_frame(cost: CapacityCost, lang: Lang = "zh") -> pd.DataFrame:
    """Added system operating cost by part and year. [亿元]"""
    f = cost.frame()
    labels = {p: label(f"cost_part_{p}", lang) for p in _PARTS}
    out = f.rename(index=labels).reset_index(names="part")
    out.columns = [str(c) for c in out.columns]
    out.attrs["unit"] = "亿元"
    return out


def pipeline_figure(
    central: Forecast, alternative: Forecast, cost: CapacityCost, lang: Lang = "zh"
) -> Figure:
    """Two panels: commissioning by fuel (central vs alternative) and added cost by part."""
    with styled(lang):
        fig = figure((12.8, 4.4))
        a1, a2 = fig.subplots(1, 2)
        years = np.array(central.years)
        width = 0.38
        for k, (fc, name) in enumerate(
            (
                (central, label("forecast_central", lang)),
                (alternative, label("forecast_alternative", lang)),
            )
        ):
            fuel = fc.by_fuel() / 1000.0
            bottom = np.zeros(len(years))
            for f, color in (("coal", "#555555"), ("gas", "#4c9be8")):
                vals = fuel.loc[f].to_numpy()
                a1.bar(
                    years + (k - 0.5) * width,
                    vals,
                    width,
                    bottom=bottom,
                    color=color,
                    alpha=1.0 if k == 0 else 0.55,
                    label=f"{label(f, lang)}·{name}",
                )
                bottom += vals
        a1.set_xticks(years)
        a1.set_ylabel("GW")
        a1.set_title(label("chart_commissioning_title", lang))
        a1.legend(fontsize=8)
        parts = cost.frame()
        cy = np.array(cost.years)
        bottom = np.zeros(len(cy))
        for part in ("new_units", "existing_fleet", "share_step_up"):
            vals = parts.loc[part].to_numpy()
            a2.bar(cy, vals, 0.6, bottom=bottom, label=label(f"cost_part_{part}", lang))
            bottom += vals
        for x, v in zip(cy, bottom, strict=True):
            a2.text(x, v, f"{v:.1f}", ha="center", va="bottom", fontsize=8)
        a2.set_xticks(cy)
        a2.set_ylabel("亿元")
        a2.set_title(label("chart_cost_title", lang))
        a2.legend(fontsize=8)
        fig.text(0.01, 0.01, label("chart_pipeline_foot", lang), fontsize=7)
        fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def _titled_sheet(frame: pd.DataFrame, title: str) -> SheetWriter:
    """A sheet writer: ``frame`` (year columns to one decimal) under the title in A1."""

    def write(ws: Worksheet) -> None:
        write_frame_sheet(ws, frame, {c: "0.0" for c in frame.columns if c.isdigit()})
        ws.insert_rows(1)
        ws["A1"] = title

    return write


def pipeline_sheets(
    central: Forecast, alternative: Forecast, cost: CapacityCost, lang: Lang = "zh"
) -> list[tuple[str, SheetWriter]]:
    """Sheets for the outlook workbook: commissioning (GW) and capacity cost (亿元)."""
    write_comm = _titled_sheet(
        commissioning_frame(central, alternative, lang),
        label("sheet_commissioning_title", lang, source=central.source),
    )
    write_cost = _titled_sheet(
        cost_frame(cost, lang),
        label("sheet_cost_title", lang),
    )
    return [
        (label("sheet_pipeline", lang), write_comm),
        (label("sheet_capacity_cost", lang), write_cost),
    ]
