"""Pure model functions: hand-computable values and properties."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.domain.case import case_from_dict
from gridatlas.model import adequacy, links, load
from gridatlas.runners.balance import run_balance


def test_effective_capacity_and_margin_by_hand():
    # Anhui 2025 neutral from table 22's own printed parts: 7152 / 6811 − 1 = 5.0%
    assert adequacy.reserve_margin(7152, 6811) == pytest.approx(0.05007, abs=1e-5)
    assert adequacy.effective_capacity([100, 200], [0.9, 0.2]).tolist() == [90.0, 40.0]
    assert adequacy.surplus(1150, 1000, 0.13) == pytest.approx(20.0)


def test_tightness_thresholds():
    m = np.array([-0.01, 0.0, 0.05, 0.13, 0.1699, 0.17, 0.30])
    classes = adequacy.tightness(m, 0.13, 0.14, 0.03).tolist()
    assert classes == ["deficit", "tight", "tight", "balanced", "balanced", "ample", "ample"]


def test_fleet_equivalent_jiquan_and_lingshao():
    # 吉泉 2023, Anhui's half: (924×0.9 + 300×0.1 + 700×0.2) × 0.5 = 500.8 万千瓦 (table 22: 501)
    coefs = {"coal": 0.9, "wind": 0.1, "solar": 0.2}
    got = links.fleet_equivalent({"coal": 924, "wind": 300, "solar": 700}, coefs, 0.5, 1200)
    assert got == pytest.approx(500.8)
    # 灵绍: 860×0.9 + 200×0.2 = 814, capped by the 800 rating (table 33)
    assert links.fleet_equivalent({"coal": 860, "solar": 200}, coefs, 1.0, 800) == pytest.approx(
        800
    )


def test_hydro_and_contract_links():
    assert links.hydro_link_equivalent(800, 0.3) == pytest.approx(240)
    assert links.contract_equivalent(680, 0.5) == pytest.approx(340)
    assert links.in_service([2024, 2025, 2026], 2026, None).tolist() == [0.0, 0.0, 1.0]


def test_peak_path_conventions():
    fixed = np.array([100.0, np.nan, np.nan])
    g = np.array([np.nan, 0.1, 0.1])
    np.testing.assert_allclose(load.peak_path(g, fixed), [100, 110, 121])
    neutral = np.array([100.0, 105.0, 110.25])
    np.testing.assert_allclose(load.peak_path(g, fixed, reference=neutral), [100, 110, 115.5])
    with pytest.raises(ValueError):
        load.peak_path(g, np.array([np.nan, np.nan, np.nan]))


def test_consumption_growth_from_gdp():
    assert load.consumption_growth(0.06, 1.4) == pytest.approx(0.084)
    assert load.peak_growth(0.055, 1.1) == pytest.approx(0.0605)


# --- properties on a case built in memory ---------------------------------------

# A made-up province (numbers chosen for the test, not from any file) with every
# kind of supply the properties touch: seven technologies, three hydrologies, a
# fleet link, a hydro link and an export contract.
BASE_ORIGIN = "in-memory test case"
BASE_RAW = {
    "name": "synthetic",
    "province": "AH",
    "unit": "万千瓦",
    "years": [2023, 2024, 2025, 2026, 2027],
    "capacity": {
        "coal": [5000, 5200, 5500, 5800, 6000],
        "gas": [300, 300, 400, 400, 500],
        "nuclear": [0, 0, 0, 100, 100],
        "hydro": [100, 100, 100, 100, 100],
        "pumped_storage": [200, 300, 300, 400, 400],
        "wind": [500, 600, 700, 800, 900],
        "solar": [2500, 3000, 3500, 4000, 4500],
    },
    "hydrologies": ["wet", "normal", "dry"],
    "links": [
        {"name": "fleet", "type": "fleet", "rating": 800, "fleet": {"coal": 860, "solar": 200}},
        {"name": "hydro", "type": "hydro", "rating": 700},
        {"name": "out", "type": "contract", "direction": "export", "rating": 300, "fraction": 0.5},
    ],
    "load": {
        "peak_load": {2023: 6000, 2024: 6500},
        "consumption_growth": [None, None, 0.06, 0.055, 0.05],
        "weather": {"neutral": {"ratio": 1.1}, "extreme": {"ratio": 1.3}},
    },
}
TECHS = ["coal", "gas", "nuclear", "hydro", "pumped_storage", "wind", "solar"]


def _margins(raw):
    return run_balance(case_from_dict(raw, BASE_ORIGIN)).reserve_margin


BASE_MARGINS = _margins(BASE_RAW)


@settings(max_examples=40, deadline=None)
@given(
    tech=st.sampled_from(TECHS),
    year=st.integers(0, 4),
    extra=st.floats(min_value=0.0, max_value=5000.0, allow_nan=False),
)
def test_adding_capacity_never_lowers_any_margin(tech, year, extra):
    raw = copy.deepcopy(BASE_RAW)
    series = list(raw["capacity"][tech])
    series[year] = series[year] + extra
    raw["capacity"][tech] = series
    assert np.all(_margins(raw) >= BASE_MARGINS - 1e-12)


@settings(max_examples=25, deadline=None)
@given(k=st.floats(min_value=0.01, max_value=100.0, allow_nan=False))
def test_scaling_every_quantity_leaves_margins_unchanged(k):
    raw = copy.deepcopy(BASE_RAW)
    for tech in TECHS:
        raw["capacity"][tech] = [v * k for v in raw["capacity"][tech]]
    for link in raw["links"]:
        if "rating" in link:
            link["rating"] *= k
        for tech, v in link.get("fleet", {}).items():
            link["fleet"][tech] = [x * k for x in v] if isinstance(v, list) else v * k
    raw["load"]["peak_load"] = {y: v * k for y, v in raw["load"]["peak_load"].items()}
    np.testing.assert_allclose(_margins(raw), BASE_MARGINS, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(("unit", "factor"), [("MW", 10.0), ("GW", 0.01)])
def test_declared_unit_is_honoured(unit, factor):
    raw = copy.deepcopy(BASE_RAW)
    raw["unit"] = unit
    for tech in TECHS:
        raw["capacity"][tech] = [v * factor for v in raw["capacity"][tech]]
    for link in raw["links"]:
        if "rating" in link:
            link["rating"] *= factor
        for tech, v in link.get("fleet", {}).items():
            link["fleet"][tech] = [x * factor for x in v] if isinstance(v, list) else v * factor
    raw["load"]["peak_load"] = {y: v * factor for y, v in raw["load"]["peak_load"].items()}
    res = run_balance(case_from_dict(raw, BASE_ORIGIN))
    base = run_balance(case_from_dict(BASE_RAW, BASE_ORIGIN))
    np.testing.assert_allclose(res.effective_supply, base.effective_supply, rtol=1e-12)
    np.testing.assert_allclose(res.reserve_margin, base.reserve_margin, rtol=1e-12)


@settings(max_examples=30, deadline=None)
@given(g=st.floats(min_value=0.0, max_value=0.2), dg=st.floats(min_value=0.0, max_value=0.1))
def test_higher_growth_never_raises_a_margin(g, dg):
    raw = copy.deepcopy(BASE_RAW)
    raw["load"]["weather"]["neutral"]["peak_growth"] = [None, None, g, g, g]
    low = _margins(raw)
    raw["load"]["weather"]["neutral"]["peak_growth"] = [None, None, g + dg, g + dg, g + dg]
    assert np.all(_margins(raw) <= low + 1e-12)
