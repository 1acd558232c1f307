"""Pure model functions: build cycles, slip, commissioning, Monte Carlo, capacity price."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.domain.pipeline import month_index, parse_period, parse_period_range
from gridatlas.model import approvals as ap
from gridatlas.model.capacity_price import ShareSchedule, added_cost, capacity_charge
from gridatlas.model.commissioning import (
    CycleRule,
    CycleUncertainty,
    SlipRule,
    annual_totals,
    commissioning_month,
    commissioning_samples,
    cycle_months,
)


# --- periods
@pytest.mark.parametrize(
    ("text", "first", "n", "precision"),
    [
        ("2023", (2023, 1), 12, "year"),
        ("2023H2", (2023, 7), 6, "half"),
        ("2023Q4", (2023, 10), 3, "quarter"),
        ("2023-12", (2023, 12), 1, "month"),
        ("2023-2-5", (2023, 2), 1, "day"),
    ],
)
def test_parse_period(text: str, first: tuple[int, int], n: int, precision: str) -> None:
    p = parse_period(text)
    assert (p.first_month, p.n_months, p.precision) == (month_index(*first), n, precision)


@pytest.mark.parametrize("bad", ["23", "2023Q5", "2023-13", "2023-02-30", "late 2023"])
def test_parse_period_rejects(bad: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        parse_period(bad)


def test_period_range_spans_both_ends() -> None:
    p = parse_period_range("2022-07..2023-06")
    assert (p.first_month, p.n_months) == (month_index(2022, 7), 12)
    with pytest.raises(ValueError, match="end is after"):
        parse_period_range("2023..2022")


# --- cycles
def test_cycle_defaults_and_first_matching_rule() -> None:
    fuel = ["coal", "gas", "coal", "coal"]
    size = [660.0, 400.0, 1000.0, np.nan]
    prov = ["AH", "ZJ", "ZJ", "ZJ"]
    rules = [CycleRule(30, fuel="coal", min_mw=1000), CycleRule(20, province="ZJ")]
    got = cycle_months(fuel, size, prov, rules)
    # 24/18 months: report 004 §二
    np.testing.assert_array_equal(got, [24, 20, 30, 20])


def test_cycle_unknown_fuel_is_an_error() -> None:
    with pytest.raises(ValueError, match="oil"):
        cycle_months(["oil"], [np.nan], [""])


def test_start_plus_cycle_gives_the_commissioning_month() -> None:
    start = [month_index(2023, 12), month_index(2022, 7), np.nan]
    got = commissioning_month(start, [24, 18, 24], fixed_month=[np.nan, np.nan, 5.0])
    np.testing.assert_array_equal(got, [month_index(2025, 12), month_index(2024, 1), 5.0])


def test_slip_moves_late_starts_only() -> None:
    rule = SlipRule(from_month=12, delay_months=2, years=(2023,))
    start = [month_index(2023, 12), month_index(2022, 12), month_index(2023, 11)]
    got = commissioning_month(start, [24, 24, 24], rule)
    np.testing.assert_array_equal(
        got, [month_index(2026, 2), month_index(2024, 12), month_index(2025, 11)]
    )


def test_annual_totals_by_group() -> None:
    months = [month_index(2024, 1), month_index(2024, 12), month_index(2025, 6), np.nan]
    got = annual_totals(months, [1.0, 2.0, 4.0, 8.0], [2024, 2025], [0, 1, 1, 0], 2)
    np.testing.assert_array_equal(got, [[1.0, 0.0], [2.0, 4.0]])


cohorts = st.lists(
    st.tuples(
        st.integers(2018 * 12, 2030 * 12),  # start month
        st.floats(0.1, 2000.0),  # MW
        st.sampled_from([12.0, 18.0, 24.0, 36.0]),  # cycle
    ),
    min_size=1,
    max_size=40,
)


@given(cohorts, st.integers(1, 12), st.integers(0, 14))
def test_forecast_conserves_capacity(rows: list, from_month: int, delay: int) -> None:
    start, cap, cyc = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    month = commissioning_month(start, cyc, SlipRule(from_month, delay))
    years = list(range(2015, 2035))
    total = annual_totals(month, cap, years).sum()
    assert total == pytest.approx(cap.sum(), rel=1e-9)


@given(cohorts, st.integers(-5, 5))
def test_shifting_starts_by_years_shifts_commissioning(rows: list, shift: int) -> None:
    start, cap, cyc = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    slip = SlipRule(12, 2)  # every December: shifts with the start
    years = list(range(2010, 2040))
    base = annual_totals(commissioning_month(start, cyc, slip), cap, years)[0]
    moved = annual_totals(commissioning_month(start + 12 * shift, cyc, slip), cap, years)[0]
    np.testing.assert_allclose(np.roll(base, shift), moved)


@given(cohorts)
def test_slip_never_brings_commissioning_forward(rows: list) -> None:
    start, _, cyc = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    assert (
        commissioning_month(start, cyc, SlipRule(10, 3)) >= commissioning_month(start, cyc)
    ).all()


# --- Monte Carlo
def test_samples_without_spread_equal_the_central_case() -> None:
    start = np.array([month_index(2022, 3), month_index(2023, 12)], dtype=float)
    cap, cyc, years = np.array([100.0, 50.0]), np.array([24.0, 24.0]), [2024, 2025, 2026]
    draws = commissioning_samples(
        start, cap, cyc, years, uncertainty=CycleUncertainty(0, 0), n_samples=5
    )
    central = annual_totals(commissioning_month(start, cyc), cap, years)
    np.testing.assert_array_equal(draws, np.broadcast_to(central, draws.shape))


@settings(max_examples=25, deadline=None)
@given(cohorts, st.integers(0, 2**32 - 1))
def test_each_sample_conserves_capacity(rows: list, seed: int) -> None:
    start, cap, cyc = (np.array(c, dtype=float) for c in zip(*rows, strict=True))
    years = list(range(2015, 2035))
    draws = commissioning_samples(
        start, cap, cyc, years, n_samples=20, rng=np.random.default_rng(seed)
    )
    np.testing.assert_allclose(draws.sum(axis=(1, 2)), cap.sum(), rtol=1e-9)


def test_samples_are_late_skewed_and_seeded() -> None:
    start = np.full(50, float(month_index(2023, 6)))
    cap, cyc = np.ones(50), np.full(50, 24.0)
    years = list(range(2024, 2028))
    a = commissioning_samples(start, cap, cyc, years, rng=np.random.default_rng(1), n_samples=200)
    b = commissioning_samples(start, cap, cyc, years, rng=np.random.default_rng(1), n_samples=200)
    np.testing.assert_array_equal(a, b)
    share = a.mean(axis=0)[0] / 50
    # A June-2023 start reaches 2026 when day + cycle >= 31 months, cycle ~
    # triangular(21, 24, 33), day ~ U(0, 1): P = ∫0^1 (2 + d)^2 / 108 dd = 19/324.
    # 10,000 draws: standard error 0.0024; atol 0.012 is five of them.
    assert share[2] == pytest.approx(19 / 324, abs=0.012)
    assert share[0] == 0  # the shortest cycle (21) cannot reach 2024
    assert share.sum() == pytest.approx(1.0)


# --- capacity price
def test_capacity_charge_units() -> None:
    # 1 GW x 330 元/kW x 0.3 x 1.0 = 9.9e7 元
    assert capacity_charge(1000.0, 0.3, 1.0) == pytest.approx(9.9e7)


def test_share_schedule_steps_and_overrides() -> None:
    s = ShareSchedule({2024: 0.3, 2026: 0.5}, {"YN": {2024: 0.5}})
    np.testing.assert_array_equal(s.national_share([2023, 2024, 2025, 2026]), [0, 0.3, 0.3, 0.5])
    np.testing.assert_array_equal(s.share([2025, 2026], ["AH", "YN"]), [[0.3, 0.5], [0.5, 0.5]])


@given(
    st.lists(st.tuples(st.integers(2024, 2028), st.floats(0, 5000)), min_size=0, max_size=20),
    st.floats(0, 2e6),
)
def test_added_cost_parts_sum_to_the_change_in_charge(rows: list, fleet: float) -> None:
    years = [2025, 2026, 2027, 2028]
    span = [2024, *years]
    schedule = ShareSchedule({2024: 0.3, 2026: 0.5, 2028: 0.6})
    cy = np.array([r[0] for r in rows], dtype=float)
    cap = np.array([r[1] for r in rows], dtype=float)
    share = schedule.share(span, [""] * len(rows))
    parts = added_cost(
        years, cy, cap, share, np.ones(len(rows)), fleet, schedule.national_share(span)
    )

    # the charge in each year, computed directly
    def charge(y: int) -> float:
        sh = schedule.national_share([y])[0]
        new = cap[cy < y].sum() * 1e3 * 330 * sh
        return float(new + fleet * 1e3 * 330 * sh * 0.8)

    direct = [charge(y) - charge(y - 1) for y in years]
    np.testing.assert_allclose(parts["total"], direct, rtol=1e-9, atol=1e-3)
    np.testing.assert_allclose(
        parts["new_units"] + parts["existing_fleet"] + parts["share_step_up"], parts["total"]
    )


# --- approvals
def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "capacity_nom": [660.0, 1000.0, 350.0, 200.0, 660.0, 460.0],
            "approval_year": [2022, 2022, 2023, 2023, np.nan, 2023],
            "approval_quarter": [1, np.nan, 3, 3, np.nan, 2],
            "chp": [False, False, True, False, False, False],
            "fuel": ["coal", "coal", "coal", "coal", "coal", "gas"],
            "province": ["AH", "GD", "AH", "AH", "ZJ", "ZJ"],
            "parent": ["甲", "乙", "甲", "甲", "乙", "丙"],
        }
    )


def test_report_filters_drop_small_chp_undated_and_gas() -> None:
    sel = ap.filter_approvals(_frame(), [2022, 2023])
    assert sel["capacity_nom"].tolist() == [660.0, 1000.0]
    with_chp = ap.filter_approvals(_frame(), [2022, 2023], exclude_chp=False, fuels=None)
    assert with_chp["capacity_nom"].sum() == 660 + 1000 + 350 + 460


def test_ranking_and_shares() -> None:
    sel = ap.filter_approvals(_frame(), None, exclude_chp=False, fuels=None, min_unit_mw=0)
    r = ap.ranking(sel, "province")
    assert r["province"].tolist() == ["AH", "GD", "ZJ"]
    assert r["rank"].tolist() == [1, 2, 3]
    assert r["share"].sum() == pytest.approx(1.0)
    by_q = ap.approvals_by(sel, ["year", "quarter"])
    assert by_q["quarter"].isna().sum() == 1  # 2022 unit known to the year only
