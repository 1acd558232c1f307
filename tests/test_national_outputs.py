"""National outputs: the long table covers 31 provinces; the chart shows the engine's classes."""

from __future__ import annotations

import numpy as np
import pytest
from openpyxl import Workbook

from gridatlas.app.national import NationalBalance, run_national
from gridatlas.model.adequacy import TIGHTNESS_CLASSES
from gridatlas.reports.national_report import CHART_SCENARIOS, national_figure, national_sheets


@pytest.fixture(scope="module")
def national() -> NationalBalance:
    return run_national()


def test_table_covers_31_provinces_and_both_case_kinds(national: NationalBalance) -> None:
    f = national.frame()
    assert f["province"].nunique() == 31
    assert set(f["kind"]) == {"report", "generated"}
    # the report's own case is used where it has one
    assert set(f.loc[f["kind"] == "report", "case"]) == {"anhui", "zhejiang", "shanghai", "sichuan"}


def test_lowest_is_sorted_and_consistent_with_the_table(national: NationalBalance) -> None:
    low = national.lowest("normal-neutral", 2025, n=5)
    assert len(low) == 5
    assert list(low["reserve_margin"]) == sorted(low["reserve_margin"])
    f = national.frame()
    sel = f.loc[(f["scenario"] == "normal-neutral") & (f["year"] == 2025), "reserve_margin"]
    assert low["reserve_margin"].iloc[0] == sel.min()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chart_cells_show_the_engine_classes(national: NationalBalance, lang: str) -> None:
    table = national.frame(lang)  # type: ignore[arg-type]
    fig = national_figure(table, lang)  # type: ignore[arg-type]
    for ax, scen in zip(fig.axes, CHART_SCENARIOS, strict=False):
        shown = np.ma.filled(ax.images[0].get_array().astype(float), np.nan)
        sel = table.loc[table["scenario"] == scen]
        provinces = list(dict.fromkeys(table["province"]))
        for i, code in enumerate(provinces):
            for j, year in enumerate(sorted(table["year"].unique())):
                row = sel.loc[(sel["province"] == code) & (sel["year"] == year), "tightness"]
                expected = TIGHTNESS_CLASSES.index(row.iloc[0]) if len(row) else np.nan
                assert shown[i, j] == pytest.approx(expected, nan_ok=True), (code, year)


def test_sheet_writer_writes_every_row(national: NationalBalance) -> None:
    table = national.frame()
    ((name, write),) = national_sheets(table)
    ws = Workbook().active
    assert ws is not None
    write(ws)
    assert ws.max_row == len(table) + 2  # title row + header row
    assert name
