"""The national balance as a workbook sheet and a province × year chart.

The chart shows at a glance which provinces are short in which years: one
panel per scenario, a cell per province and year, coloured by the engine's
tightness class and labelled with the margin.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from openpyxl.worksheet.worksheet import Worksheet

from gridatlas.core.glossary import Lang, label
from gridatlas.core.provinces import find_province
from gridatlas.model.adequacy import TIGHTNESS_CLASSES
from gridatlas.reports.charts import chart_style
from gridatlas.reports.workbook import write_frame_sheet

#: Colour of each tightness class, deficit to ample.
CLASS_COLOURS: dict[str, str] = {
    "deficit": "#d7301f",
    "tight": "#fc8d59",
    "balanced": "#d9f0a3",
    "ample": "#41ab5d",
}
#: The scenarios the chart shows: the base and the stress case of the report.
CHART_SCENARIOS: tuple[str, ...] = ("normal-neutral", "dry-extreme")

SheetWriter = Callable[[Worksheet], None]


def _name(code: str, lang: Lang) -> str:
    p = find_province(code)
    if p is None:
        return code
    return p.display(lang)


def national_frame(table: pd.DataFrame, lang: Lang = "zh", unit: str = "MW") -> pd.DataFrame:
    """The national long table with glossary column labels (``table`` from
    :meth:`gridatlas.app.national.NationalBalance.frame`, in MW)."""
    cols = {
        "province": label("province", lang),
        "province_zh": label("province", "zh"),
        "case": "case",
        "kind": label("case_kind", lang),
        "scenario": label("scenario", lang),
        "label": label("scenario_label", lang),
        "year": label("year", lang),
        "effective_supply": label("effective_supply", lang, with_unit=True, unit=unit),
        "peak_load": label("peak_load", lang, with_unit=True, unit=unit),
        "reserve_margin": label("reserve_margin", lang, with_unit=True),
        "surplus": label("surplus", lang, with_unit=True, unit=unit),
        "tightness": label("tightness", lang),
        "missing": label("missing_sources", lang),
    }
    out = table.rename(columns={k: v for k, v in cols.items() if k in table.columns})
    return out


def national_sheets(table: pd.DataFrame, lang: Lang = "zh") -> list[tuple[str, SheetWriter]]:
    """The outlook workbook's national sheet: 31 provinces × scenarios × years (MW)."""
    frame = national_frame(table, lang)

    def write(ws: Worksheet) -> None:
        write_frame_sheet(ws, frame)
        ws.insert_rows(1)
        ws["A1"] = (
            f"{label('national_margin_chart', lang)} · MW · {label('missing_source_mark', lang)}"
        )

    return [(label("national_sheet", lang), write)]


def national_figure(
    table: pd.DataFrame, lang: Lang = "zh", scenarios: Sequence[str] = CHART_SCENARIOS
) -> Figure:
    """Province (rows) × year (columns) panels coloured by tightness class."""
    provinces = list(dict.fromkeys(table["province"]))
    years = sorted(int(y) for y in table["year"].unique())
    missing = dict(zip(table["province"], table["missing"], strict=False))
    cmap = ListedColormap([CLASS_COLOURS[c] for c in TIGHTNESS_CLASSES]).with_extremes(
        bad="#dddddd"
    )
    index = {c: i for i, c in enumerate(TIGHTNESS_CLASSES)}
    with rc_context(chart_style(lang)):  # type: ignore[arg-type]
        fig = Figure(figsize=(4.2 * len(scenarios) + 1.2, 0.32 * len(provinces) + 1.8))
        axes = fig.subplots(1, len(scenarios), sharey=True, squeeze=False)[0]
        for ax, scen in zip(axes, scenarios, strict=True):
            sel = table.loc[table["scenario"] == scen]
            cls = sel.pivot(index="province", columns="year", values="tightness").reindex(
                index=provinces, columns=years
            )
            val = sel.pivot(index="province", columns="year", values="reserve_margin").reindex(
                index=provinces, columns=years
            )
            codes = cls.apply(lambda col: col.map(index)).astype(float)
            margins = val.to_numpy(dtype=float)
            ax.imshow(codes.to_numpy(), cmap=cmap, vmin=-0.5, vmax=3.5, aspect="auto")
            for i in range(len(provinces)):
                for j in range(len(years)):
                    v = float(margins[i, j])
                    text = label("not_available", lang) if np.isnan(v) else f"{v * 100:.0f}%"
                    ax.text(j, i, text, ha="center", va="center", fontsize=6.5)
            ax.set_xticks(range(len(years)), [str(y) for y in years])
            labels_here = sel.drop_duplicates("scenario")["label"]
            ax.set_title(labels_here.iloc[0] if len(labels_here) else scen, fontsize=9)
        names = [
            _name(c, lang) + ("*" if "gas" in str(missing.get(c, "")) else "") for c in provinces
        ]
        axes[0].set_yticks(range(len(provinces)), names, fontsize=7)
        handles = [
            _patch(CLASS_COLOURS[c], label(f"tightness_{c}", lang)) for c in TIGHTNESS_CLASSES
        ]
        fig.legend(handles=handles, loc="upper right", ncols=4, fontsize=7, frameon=False)
        fig.suptitle(label("national_margin_chart", lang), x=0.02, ha="left", fontsize=10)
        fig.text(0.01, 0.005, label("missing_source_mark", lang), fontsize=6.5)
        fig.tight_layout(rect=(0, 0.02, 1, 0.95))
    return fig


def _patch(colour: str, text: str) -> Patch:
    return Patch(facecolor=colour, edgecolor="none", label=text)
