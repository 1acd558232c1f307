"""Monte Carlo: reproducible, degenerates to the deterministic answer, sensible limits."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from gridatlas.app.cases import load_case, read_case_raw
from gridatlas.domain.case import case_from_dict
from gridatlas.runners.balance import run_balance
from gridatlas.runners.uncertainty import simulate


def _case(name: str, **uncertainty):
    raw, origin = read_case_raw(name)
    raw = copy.deepcopy(raw)
    raw["uncertainty"] = uncertainty
    return case_from_dict(raw, origin)


# Every property holds for both engines (NumPy PCG64 and the compiled kernel).
ENGINES = pytest.mark.parametrize("engine", ["numpy", "kernel"])


@ENGINES
@pytest.mark.parametrize(
    ("name", "weather"), [("anhui", "extreme"), ("zhejiang", "extreme"), ("sichuan", "neutral")]
)
def test_no_spread_reproduces_the_driest_deterministic_scenario(name, weather, engine):
    case = _case(
        name, consumption_growth_sd=0.0, ratio_spread=0.0, slip_probability=0.0, hydro="fixed"
    )
    sim = simulate(case, weather, draws=500, engine=engine)
    det = run_balance(case)
    driest = next(h for h in ("dry", "normal", "wet") if h in case.hydrologies)
    i = det.scenario(f"{driest}-{weather}")
    # float32 kernel: margins agree to ~1e-6
    np.testing.assert_allclose(sim.mean, det.reserve_margin[i], atol=2e-6)
    np.testing.assert_allclose(sim.quantiles[0.05], sim.quantiles[0.95], atol=2e-6)


@ENGINES
def test_same_seed_same_answer_and_seed_matters(engine):
    case = load_case("zhejiang")
    a = simulate(case, "neutral", draws=20_000, seed=7, engine=engine)
    b = simulate(case, "neutral", draws=20_000, seed=7, engine=engine)
    c = simulate(case, "neutral", draws=20_000, seed=8, engine=engine)
    np.testing.assert_array_equal(a.p_below_band, b.p_below_band)
    assert not np.array_equal(a.mean, c.mean)


@ENGINES
def test_distribution_is_centred_and_ordered(engine):
    case = load_case("zhejiang")
    sim = simulate(case, "neutral", draws=50_000, engine=engine)
    det = run_balance(case)
    lo, hi = (
        det.reserve_margin[det.scenario("dry-neutral")],
        det.reserve_margin[det.scenario("wet-neutral")],
    )
    # hydro drawn uniformly between dry and wet; the median of the margin sits between them
    assert np.all(sim.quantiles[0.5] >= lo - 0.01) and np.all(sim.quantiles[0.5] <= hi + 0.01)
    assert np.all(sim.quantiles[0.05] <= sim.quantiles[0.5])
    assert np.all(sim.quantiles[0.5] <= sim.quantiles[0.95])
    assert np.all(sim.p_deficit <= sim.p_below_band)
    # Zhejiang's margin is below 13% in 2024 in every draw (at most 6.6% even when wet)
    assert sim.p_below_band[1] == 1.0


@ENGINES
def test_slips_only_lower_margins(engine):
    anhui = [_case("anhui", slip_probability=p) for p in (0.0, 0.5)]
    base = simulate(anhui[0], "neutral", draws=20_000, seed=3, engine=engine)
    slip = simulate(anhui[1], "neutral", draws=20_000, seed=3, engine=engine)
    assert np.all(slip.mean <= base.mean + 1e-9)
    assert slip.mean[3] < base.mean[3] - 0.01  # 2026 brings 陕北-安徽 and 864 万千瓦 of coal


def test_simulate_cli_json(cli):
    runner, app = cli
    res = runner.invoke(app, ["simulate", "anhui", "-w", "extreme", "-n", "5000", "-f", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["draws"] == 5000 and doc["unit"] == "p.u."
    assert set(doc["quantiles"]) == {"p05", "p50", "p95"}
    assert len(doc["p_below_band"]) == len(doc["years"]) == 5
