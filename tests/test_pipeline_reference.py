"""The report-2024 input reproduces seed report 004 §二's national figures.

Expected numbers live in tests/data/pipeline_report_figures.yaml with their
source lines. The report prints commissioning in whole GW, so those checks use
an absolute tolerance of 0.5 GW (the rounding of a printed integer, boundary
included); the capacity cost is checked within the issue's 2 % (rtol=0.02).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from gridatlas.app import pipeline as pl
from gridatlas.sources.pipeline_input import load_starts

DATA = Path(__file__).parent / "data"
FIGURES = yaml.safe_load((DATA / "pipeline_report_figures.yaml").read_text("utf-8"))
INPUT = DATA / "pipeline_report-2024.yaml"
GW = 1e3  # MW per GW
ROUNDING_GW = 0.5  # the report prints whole GW


def test_bundled_input_matches_the_test_copy() -> None:
    from importlib import resources

    bundled = resources.files("gridatlas.data").joinpath("pipeline", "report-2024.yaml")
    assert bundled.read_text("utf-8") == INPUT.read_text("utf-8")
    assert load_starts("report-2024") == load_starts(INPUT)


def test_central_case_reproduces_coal_and_gas() -> None:
    fig = FIGURES["commissioning"]
    f = pl.forecast(INPUT)
    assert f.years == fig["years"]
    by_fuel = f.by_fuel() / GW
    np.testing.assert_allclose(by_fuel.loc["coal"], fig["coal"], atol=ROUNDING_GW, rtol=0)
    np.testing.assert_allclose(by_fuel.loc["gas"], fig["gas"], atol=ROUNDING_GW, rtol=0)


def test_thermal_total_matches_chart_12() -> None:
    fig = FIGURES["thermal_commissioning"]
    total = pl.forecast(INPUT).by_fuel().sum() / GW
    np.testing.assert_allclose(total, fig["total"], atol=ROUNDING_GW, rtol=0)


def test_alternative_case_reproduces_the_december_slip() -> None:
    fig = FIGURES["commissioning"]
    f = pl.forecast(INPUT, case="alternative")
    coal = f.by_fuel().loc["coal"] / GW
    np.testing.assert_allclose(coal, fig["coal_slipped"], atol=ROUNDING_GW, rtol=0)
    # gas has no slip in the report
    np.testing.assert_allclose(f.by_fuel().loc["gas"] / GW, fig["gas"], atol=ROUNDING_GW, rtol=0)


def test_input_totals_match_the_started_capacity() -> None:
    starts = FIGURES["starts_since_2022"]
    inp = load_starts(INPUT)
    total = {s.fuel.value: sum(r.capacity for r in s.starts) for s in inp.series}
    # "约1.81亿千瓦" and "约49GW": rounded to 1 GW
    assert total["coal"] == pytest.approx(starts["coal_300mw_plus"], abs=ROUNDING_GW)
    assert total["gas"] == pytest.approx(starts["gas"], abs=ROUNDING_GW)
    december = [r for r in inp.series[0].starts if r.period == "2023-12"]
    assert december[0].capacity == pytest.approx(starts["coal_december_2023"], abs=ROUNDING_GW)


def test_capacity_cost_within_two_percent() -> None:
    fig = FIGURES["capacity_cost"]
    cost = pl.capacity_cost(INPUT)
    assert cost.years == fig["years"]
    # issue 3: "within 2%"; see docs/pipeline.md for the residual of each year
    np.testing.assert_allclose(cost.total, fig["total"], rtol=0.02)


def test_capacity_cost_parts_follow_the_report_text() -> None:
    # §二 ¶5: 2025 = the 2024 units' first year; 2026 = 2025 units plus the
    # share step-up of the existing fleet; 2027 = the 2026 units.
    cost = pl.capacity_cost(INPUT).frame()
    assert cost.loc["existing_fleet", 2025] == 0
    assert cost.loc["existing_fleet", 2027] == 0
    # 1160 GW x 330 元/kW x (0.5 - 0.3) x 0.8 = 612.48 亿元 (footnote 3)
    assert cost.loc["existing_fleet", 2026] == pytest.approx(612.48, rel=1e-12)
    assert cost.loc["share_step_up", 2025] == 0


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("years: [2024, 2025, 2026]", "years: [2024, 2026]", "years"),
        ("capacity: 24.3", "capacity: -1", "series[0].starts[2].capacity"),
        ("period: 2023-12", "period: Dec 2023", "series[0].starts[2].period"),
        ("unit: GW", "unit: furlongs", "unit"),
        ("fuel: gas", "fuel: oil", "series[1].fuel"),
    ],
)
def test_bad_aggregate_input_names_the_field(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    from gridatlas.core.errors import InputError

    path = tmp_path / "bad.yaml"
    path.write_text(INPUT.read_text("utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_starts(path)
    assert str(info.value).startswith(f"{path}: {where}: expected")
