"""Charts and workbook sheets of the thermal pipeline for the national outlook."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from gridatlas.core.glossary import Lang
from gridatlas.reports.charts import figure, styled
from gridatlas.reports.workbook import SheetWriter, write_frame_sheet
from gridatlas.runners.pipeline import CapacityCost, Forecast

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_FUEL = {"zh": {"coal": "煤电", "gas": "气电"}, "en": {"coal": "coal", "gas": "gas"}}
_PART = {
    "zh": {
        "new_units": "新投产机组",
        "existing_fleet": "存量机组回收比例提升",
        "share_step_up": "已投产新机组比例提升",
    },
    "en": {
        "new_units": "new units",
        "existing_fleet": "existing fleet, share step-up",
        "share_step_up": "recent units, share step-up",
    },
}


def commissioning_frame(
    central: Forecast, alternative: Forecast, lang: Lang = "zh"
) -> pd.DataFrame:
    """National commissioning by fuel and year, central and alternative case. [GW]"""
    rows = []
    for name, fc in (("central", central), ("alternative", alternative)):
        fuel = fc.by_fuel() / 1000.0
        for f in fuel.index:
            row: dict[str, object] = {"case": name, "fuel": _FUEL[lang][str(f)]}
            row.update({str(y): float(fuel.loc[f, y]) for y in fc.years})
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["unit"] = "GW"
    return frame


def cost_frame(cost: CapacityCost, lang: Lang = "zh") -> pd.DataFrame:
    """Added system operating cost by part and year. [亿元]"""
    f = cost.frame()
    labels = {**_PART[lang], "total": "合计" if lang == "zh" else "total"}
    out = f.rename(index=labels).reset_index(names="part")
    out.columns = [str(c) for c in out.columns]
    out.attrs["unit"] = "亿元"
    return out


def pipeline_figure(
    central: Forecast, alternative: Forecast, cost: CapacityCost, lang: Lang = "zh"
) -> Figure:
    """Two panels: commissioning by fuel (central vs alternative) and added cost by part."""
    zh = lang == "zh"
    with styled(lang):
        fig = figure((12.8, 4.4))
        a1, a2 = fig.subplots(1, 2)
        years = np.array(central.years)
        width = 0.38
        for k, (fc, name) in enumerate(
            (
                (central, "基准" if zh else "central"),
                (alternative, "12月开工顺延" if zh else "Dec-2023 slip"),
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
                    label=f"{_FUEL[lang][f]}·{name}",
                )
                bottom += vals
        a1.set_xticks(years)
        a1.set_ylabel("GW")
        a1.set_title("全国火电投产预测 (GW)" if zh else "National thermal commissioning (GW)")
        a1.legend(fontsize=8)
        parts = cost.frame()
        cy = np.array(cost.years)
        bottom = np.zeros(len(cy))
        for part in ("new_units", "existing_fleet", "share_step_up"):
            vals = parts.loc[part].to_numpy()
            a2.bar(cy, vals, 0.6, bottom=bottom, label=_PART[lang][part])
            bottom += vals
        for x, v in zip(cy, bottom, strict=True):
            a2.text(x, v, f"{v:.1f}", ha="center", va="bottom", fontsize=8)
        a2.set_xticks(cy)
        a2.set_ylabel("亿元")
        a2.set_title(
            "容量电价新增系统运行费用 (亿元)"
            if zh
            else "Added system cost of the capacity price (亿元)"
        )
        a2.legend(fontsize=8)
        fig.text(
            0.01,
            0.01,
            (
                "输入：report-2024（据国金证券2024-09报告第二部分重建），见 docs/pipeline.md"
                if zh
                else "input: report-2024, rebuilt from seed report 004 §2; see docs/pipeline.md"
            ),
            fontsize=7,
        )
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
        ("全国火电投产预测 (GW)，输入 " if lang == "zh" else "National commissioning (GW), input ")
        + central.source,
    )
    write_cost = _titled_sheet(
        cost_frame(cost, lang),
        "容量电价新增系统运行费用 (亿元)" if lang == "zh" else "Added system operating cost (亿元)",
    )
    return [
        ("火电投产 pipeline" if lang == "zh" else "pipeline", write_comm),
        ("容量电费 capacity cost" if lang == "zh" else "capacity cost", write_cost),
    ]
