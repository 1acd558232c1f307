"""Bill engine: hand-computable cases (closed form) and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.model.tariff import (
    PERIODS,
    HoursError,
    Tariff,
    bill,
    calendar,
    hour_map,
    price_series,
)

CAL = calendar(2025)
H = CAL.hours


def flat_tariff(
    price: float = 0.5,
    basis: str = "demand",
    demand: float = 30.0,
    capacity: float = 0.0,
    kva: float = 0.0,
    export_price: float = 0.0,
    export: bool = False,
) -> Tariff:
    maps = np.tile(hour_map({"flat": "0-24"}), (12, 1)).astype(np.int8)
    prices = np.full((12, len(PERIODS)), price)
    period, p = price_series(CAL, maps, prices)
    return Tariff(
        "flat", CAL, period, p, basis, demand, capacity, kva, export, export_price, math.inf
    )  # type: ignore[arg-type]


def test_flat_load_one_price_and_demand_charge_closed_form():
    # 100 kW all year at 0.5 元/kWh with 30 元/kW·月 on monthly max demand:
    # energy = 100 × 8760 × 0.5 = 438,000; demand = 30 × 100 × 12 = 36,000
    b = bill(np.full(H, 100.0), np.zeros(H), flat_tariff())
    assert b.summary()["energy"] == pytest.approx(438_000.0, rel=1e-12)  # float sums only
    assert b.summary()["demand"] == pytest.approx(36_000.0, rel=1e-12)
    assert b.total == pytest.approx(474_000.0, rel=1e-12)


def test_demand_charge_uses_each_months_maximum():
    load = np.full(H, 100.0)
    load[CAL.month == 6] = 150.0  # July
    load[100] = 400.0  # one January hour sets January's demand
    b = bill(load, np.zeros(H), flat_tariff(price=0.0))
    expected = 30.0 * (400 + 150 + 100 * 10)
    assert b.demand.sum() == pytest.approx(expected, rel=1e-12)
    assert b.max_demand_kw[0] == 400.0 and b.max_demand_kw[6] == 150.0


def test_capacity_basis_ignores_demand():
    # 20 元/kVA·月 × 1,000 kVA × 12 months = 240,000
    t = flat_tariff(price=0.0, basis="capacity", demand=30.0, capacity=20.0, kva=1000.0)
    b = bill(np.full(H, 300.0), np.zeros(H), t)
    assert b.demand.sum() == 0.0
    assert b.summary()["demand"] == pytest.approx(240_000.0, rel=1e-12)


def test_export_credit_and_no_export():
    exp = np.full(H, 10.0)
    on = bill(np.zeros(H), exp, flat_tariff(export=True, export_price=0.4))
    assert on.summary()["export_credit"] == pytest.approx(10 * 8760 * 0.4, rel=1e-12)
    assert on.total == pytest.approx(-10 * 8760 * 0.4, rel=1e-12)
    off = bill(np.zeros(H), exp, flat_tariff(export=False, export_price=0.4))
    assert off.summary()["export_credit"] == 0.0


def test_two_period_tariff_by_hand():
    # valley 0-8 at 0.3, peak 8-24 at 1.0; 1 kW flat: per day 8×0.3 + 16×1.0 = 18.4 元
    maps = np.tile(hour_map({"valley": "0-8", "peak": "8-24"}), (12, 1)).astype(np.int8)
    prices = np.zeros((12, len(PERIODS)))
    prices[:, PERIODS.index("valley")] = 0.3
    prices[:, PERIODS.index("peak")] = 1.0
    period, p = price_series(CAL, maps, prices)
    t = Tariff("two", CAL, period, p, "none", 0.0, 0.0, 0.0, False, 0.0, math.inf)
    b = bill(np.ones(H), np.zeros(H), t)
    assert b.total == pytest.approx(18.4 * 365, rel=1e-12)
    assert b.energy_by_period[:, PERIODS.index("valley")].sum() == pytest.approx(
        0.3 * 8 * 365, rel=1e-12
    )


def test_holiday_map_replaces_the_day():
    maps = np.tile(hour_map({"peak": "0-24"}), (12, 1)).astype(np.int8)
    prices = np.zeros((12, len(PERIODS)))
    prices[:, PERIODS.index("peak")] = 1.0
    prices[:, PERIODS.index("valley")] = 0.2
    holidays = np.zeros(365, dtype=bool)
    holidays[0] = True
    _, p = price_series(CAL, maps, prices, holidays, hour_map({"valley": "0-24"}))
    assert (p[:24] == 0.2).all() and (p[24:] == 1.0).all()


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ({"valley": "0-8", "peak": "8-20"}, "missing hours 20, 21, 22, 23"),
        ({"valley": "0-8", "peak": "7-24"}, "hour 7 in both"),
        ({"valley": "0-8,x", "peak": "8-24"}, "hour ranges"),
        ({"valley": "8-0", "peak": "0-24"}, "start before end"),
    ],
)
def test_hour_maps_must_cover_the_day_once(periods, message):
    with pytest.raises(HoursError) as exc:
        hour_map(periods)
    assert message in str(exc.value.got) or message in exc.value.expected


@settings(max_examples=30, deadline=None)
@given(
    scale=st.floats(0.1, 10.0),
    seed=st.integers(0, 10_000),
)
def test_bill_is_linear_in_load(scale, seed):
    rng = np.random.default_rng(seed)
    load = rng.uniform(0, 500, H)
    t = flat_tariff(price=0.7, demand=25.0)
    a, b = bill(load, np.zeros(H), t), bill(load * scale, np.zeros(H), t)
    assert b.total == pytest.approx(scale * a.total, rel=1e-9)  # float rounding only
    assert a.energy.sum() == pytest.approx(float((t.price * load).sum()), rel=1e-12)
