"""Synthetic load shapes and the pvlib PV profile."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.model.demand_response import compensation
from gridatlas.model.load_shapes import SHAPES, raw_shape, scale_to_energy_and_peak
from gridatlas.model.pv_profile import clearsky_poa, pv_per_kwp
from gridatlas.model.tariff import calendar
from gridatlas.sources.site_files import holidays

CAL = calendar(2025)


@settings(max_examples=30, deadline=None)
@given(shape=st.sampled_from(sorted(SHAPES)), lf=st.floats(0.15, 0.95), peak=st.floats(10.0, 1e5))
def test_shapes_hit_energy_and_peak(shape, lf, peak):
    s = raw_shape(shape, CAL, holidays(2025), seed=3)
    annual = lf * peak * 8760
    load = scale_to_energy_and_peak(s, annual, peak)
    assert load.max() == pytest.approx(peak, rel=1e-9)  # exact up to float rounding
    assert load.sum() == pytest.approx(annual, rel=1e-9)
    assert (load > 0).all()


def test_load_factor_above_one_is_rejected():
    with pytest.raises(ValueError, match="load factor"):
        scale_to_energy_and_peak(np.ones(8760) + np.arange(8760) * 1e-6, 2e7, 1000.0)


def test_two_shift_factory_rests_on_sundays_and_spring_festival():
    s = raw_shape("two_shift", CAL, holidays(2025), seed=0)
    day = s.reshape(365, 24).mean(axis=1)
    sunday = CAL.weekday[::24] == 6
    assert day[sunday].mean() < 0.5 * day[~sunday].mean()
    assert day[28:36].mean() < day[~sunday].mean() * 0.5  # 01-29..02-05 shutdown


def test_pv_profile_matches_yield_and_follows_the_sun():
    prof = pv_per_kwp(23.0, 113.3, 1100.0)
    assert prof.sum() == pytest.approx(1100.0, rel=1e-9)  # scaled exactly to the yield
    assert prof.max() <= 1.0
    daily = prof.reshape(365, 24)
    # Guangzhou (113.3°E) solar noon is about 12:25 Beijing time: output peaks at 12 h
    assert int(np.argmax(daily.mean(axis=0))) == 12
    assert daily[:, :5].max() == 0 and daily[:, 21:].max() == 0
    # summer days are longer than winter days at 23°N
    assert (daily[170] > 0).sum() > (daily[355] > 0).sum()


def test_clearsky_is_offline_and_cached():
    a = clearsky_poa(31.2, 121.5)
    b = clearsky_poa(31.2, 121.5)
    assert np.array_equal(a, b) and a.max() > 700  # W/m², clear-sky POA near noon


@pytest.mark.parametrize(
    ("unit", "price", "expected"),
    [
        ("yuan_per_kwh", 3.5, 3.5 * 300 * 2 * 10),
        ("yuan_per_kw_event", 4.0, 4.0 * 300 * 10),
        ("yuan_per_kw_month", 5.0, 5.0 * 300 * 12),
        ("yuan_per_mwh", 2000.0, 2.0 * 300 * 2 * 10),
    ],
)
def test_dr_compensation_units(unit, price, expected):
    assert compensation(unit, price, 300.0, 10, 2.0, 12) == pytest.approx(expected)
