"""Adequacy engine against independent answers: IEEE RTS-79 by COPT, NREL PRAS test systems.

Tolerance everywhere: 3 standard errors of our Monte Carlo estimate, the criterion
PRAS itself uses for these systems (PRASCore.jl/test/Simulations/runtests.jl,
``nstderr_tol = 3``). With ~10 such checks the chance that a correct engine fails
one by noise is about 1 in 40; seeds are fixed, so a pass is reproducible.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from gridatlas.runners.adequacy import SYSTEM, run
from gridatlas.sources.rts79 import build_rts79
from gridatlas.sources.system_files import load_system, system_from_dict

DATA = Path(__file__).parent / "data" / "adequacy"
BUNDLED = Path(__file__).resolve().parents[1] / "src" / "gridatlas" / "data" / "systems"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def rts_exact(src: Path) -> tuple[float, float]:
    """Exact LOLE [h/yr] and EENS [MWh/yr] of RTS-79 by a capacity outage probability table.

    Written independently of gridatlas: the 8736 loads are rebuilt here from the
    CSVs, and the COPT is the convolution of each unit's two-point outage
    distribution (capacities are whole MW, so the table is indexed by MW).
    The sequential Monte Carlo follows each unit's Markov chain through the year,
    which correlates hours, but every hour's unit states are still distributed
    by the stationary forced outage rates (the first hour is drawn from them and
    the chain keeps them). LOLE and EUE are sums over hours of per-hour
    expectations, so by linearity their Monte Carlo expectation is exactly the
    hour-by-hour COPT answer; only LOLF and event durations depend on the chain.
    """
    units = _csv(src / "units.csv")
    total = sum(int(u["count"]) * int(u["capacity_MW"]) for u in units)
    outage = np.zeros(total + 1)
    outage[0] = 1.0
    for u in units:
        cap = int(u["capacity_MW"])
        q = float(u["mttr_h"]) / (float(u["mttf_h"]) + float(u["mttr_h"]))
        for _ in range(int(u["count"])):
            outage = (1 - q) * outage + q * np.concatenate([np.zeros(cap), outage[:-cap]])
    weekly = [float(r["peak_pct_of_annual"]) for r in _csv(src / "weekly_peak_pct.csv")]
    daily = [float(r["peak_pct_of_weekly"]) for r in _csv(src / "daily_peak_pct.csv")]
    hourly = _csv(src / "hourly_peak_pct.csv")
    available = total - np.arange(total + 1)
    lole = eens = 0.0
    for w, wk in enumerate(weekly, start=1):
        season = "winter" if w <= 8 or w >= 44 else "summer" if 18 <= w <= 30 else "spring_fall"
        for d, dy in enumerate(daily):
            col = f"{season}_{'weekday' if d < 5 else 'weekend'}"
            for row in hourly:
                load = 2850.0 * wk * dy * float(row[col]) / 1e6
                short = available < load - 1e-6
                lole += outage[short].sum()
                eens += (outage[short] * (load - available[short])).sum()
    return lole, eens


def test_bundled_rts79_matches_a_rebuild(shared: Path) -> None:
    rebuilt = build_rts79(shared / "data" / "rts79")
    for name, text in rebuilt.items():
        assert (BUNDLED / "ieee-rts79" / name).read_text(encoding="utf-8") == text, name


def test_rts79_lole_and_eens_within_3_se_of_copt(shared: Path) -> None:
    lole, eens = rts_exact(shared / "data" / "rts79")
    # published hourly RTS-79 LOLE: 9.3941 h/yr (R. Billinton, W. Li, Reliability Assessment of
    # Electric Power Systems Using Monte Carlo Methods, Plenum 1994); our COPT must reproduce it
    assert lole == pytest.approx(9.394, abs=0.001)
    res = run(load_system("ieee-rts79"), samples=4_000, seed=11)
    m = res.metrics[SYSTEM]
    assert abs(m["lole"].value - lole) < 3 * m["lole"].stderr, (m["lole"], lole)
    assert abs(m["eue"].value - eens) < 3 * m["eue"].stderr, (m["eue"], eens)
    # NEUE is EUE over the year's energy; the region and the system are the same area here
    assert m["neue"].value == pytest.approx(m["eue"].value / res.load_energy_mwh[SYSTEM] * 1e6)
    assert res.metrics["RTS"]["lole"] == m["lole"]


PRAS = yaml.safe_load((DATA / "pras_test_systems.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", list(PRAS))
def test_pras_test_system_within_3_se(name: str) -> None:
    spec = PRAS[name]
    system = system_from_dict(spec["system"], f"pras:{name}")
    n = 100_000
    res = run(system, samples=n, seed=2024)
    exp = spec["expected"]
    m = res.metrics[SYSTEM]
    assert abs(m["lole"].value - exp["lole"]) < 3 * m["lole"].stderr
    assert abs(m["eue"].value - exp["eue"]) < 3 * m["eue"].stderr
    for region, value in exp.get("lole_by_region", {}).items():
        est = res.metrics[region]["lole"]
        assert abs(est.value - value) < 3 * est.stderr, (region, est, value)
    for region, value in exp.get("eue_by_region", {}).items():
        est = res.metrics[region]["eue"]
        assert abs(est.value - value) < 3 * est.stderr, (region, est, value)
    # Per hour of the horizon (all test horizons lie within one day, so the month × hour
    # tables hold one value per period). LOLP per hour is a Bernoulli mean: SE = sqrt(p(1-p)/n).
    lolp = res.lol_month_hour[SYSTEM][0, : system.hours]
    for p_est, p_exp in zip(lolp, exp.get("lole_by_period", []), strict=False):
        assert abs(p_est - p_exp) < 3 * math.sqrt(p_exp * (1 - p_exp) / n)
    # Hourly unserved energy X lies in [0, load]: Var X ≤ E[X²] ≤ load·E[X] bounds its SE.
    eues = res.eue_month_hour[SYSTEM][0, : system.hours]
    loads = np.sum([r["load_mw"] for r in spec["system"]["regions"]], axis=0)
    for e_est, e_exp, load in zip(eues, exp.get("eue_by_period", []), loads, strict=False):
        assert abs(e_est - e_exp) < 3 * math.sqrt(load * e_exp / n)


def test_pras_threenode_region_c_lolp() -> None:
    """PRAS checks Region C's LOLP = 0.1 in hours 2 and 3 of threenode; our sharing rule gives it too."""
    system = system_from_dict(PRAS["threenode"]["system"], "pras:threenode")
    n = 100_000
    res = run(system, samples=n, seed=7)
    se = 3 * math.sqrt(0.1 * 0.9 / n)
    assert abs(res.lol_month_hour["Region C"][0, 1] - 0.1) < se
    assert abs(res.lol_month_hour["Region C"][0, 2] - 0.1) < se
