"""National adequacy: firm-capacity search identities, the 31-province system, outputs.

Engine answers are checked against analytic ones (binomial outage states, deterministic
loads) or identities, never against earlier output of the engine.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from openpyxl import Workbook

from gridatlas.app.national import NationalBalance, run_national
from gridatlas.app.national_adequacy import (
    NationalSystem,
    build_national_system,
    run_national_adequacy,
)
from gridatlas.domain.power_system import Interface, PowerSystem, Region, UnitClass
from gridatlas.model.outage_defaults import scale_to_peak, split_units, synthetic_wind
from gridatlas.reports.national_adequacy_report import (
    national_adequacy_figure,
    national_adequacy_sheets,
    to_json_dict,
)
from gridatlas.runners.adequacy import (
    Resource,
    firm_to_target,
    joint_firm_to_target,
    run,
    to_arrays,
    with_resource,
)
from gridatlas.sources.adequacy_defaults import outage_defaults

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _daily_load(peak: float, days: int = 10) -> list[float]:
    hours = np.arange(24 * days)
    return (peak * (0.7 + 0.3 * np.sin(np.pi * (hours % 24) / 24) ** 2)).tolist()


def _two_regions(outages: bool, interface_mw: float = 0.0) -> PowerSystem:
    rate = {"forced_outage_rate": 0.08, "mttr_h": 20.0} if outages else {}
    regions = [
        Region(name="A", load_mw=_daily_load(900.0)),
        Region(name="B", load_mw=_daily_load(500.0)),
    ]
    units = [
        UnitClass(name="a", region="A", count=10, capacity_mw=100.0, **rate),
        UnitClass(name="b", region="B", count=6, capacity_mw=100.0, **rate),
    ]
    ifs = (
        [
            Interface(
                name="AB",
                from_region="A",
                to_region="B",
                limit_forward_mw=interface_mw,
                limit_backward_mw=interface_mw,
            )
        ]
        if interface_mw > 0
        else []
    )
    return PowerSystem(name="two", hours=240, regions=regions, units=units, interfaces=ifs)


def test_no_outages_and_ample_capacity_gives_zero_lole() -> None:
    res = run(_two_regions(outages=False), samples=50, seed=3)
    for area in ("A", "B", "system"):
        assert res.metrics[area]["lole"].value == 0.0
        assert res.metrics[area]["eue"].value == 0.0


def test_adding_firm_capacity_never_raises_a_regions_lole() -> None:
    system = _two_regions(outages=True, interface_mw=100.0)
    base = run(system, samples=200, seed=5).metrics["A"]["lole"].value
    assert base > 0  # the test needs some shortfall to mean anything
    previous = base
    for mw in (25.0, 50.0, 100.0, 200.0, 400.0):
        lole = run(with_resource(system, Resource("firm", mw, "A")), 200, 5).metrics["A"]["lole"]
        assert lole.value <= previous + 1e-12
        previous = lole.value


def test_firm_to_target_matches_the_binomial_answer() -> None:
    # One hour per sample, 10 units of 100 MW with FOR 0.1, load 950 MW: the hour is short
    # when 100·k + x < 950 (k units available). P(k ≤ 7) = 0.0702, P(k ≤ 6) = 0.0128, so for
    # a target of 0.03 the smallest block is x = 250 MW (then only k ≤ 6 is short). Without a
    # block every k ≤ 9 is short: P = 1 − 0.9¹⁰ = 0.651.
    # 4000 samples give a standard error of about 0.004, far from both steps.
    system = PowerSystem(
        name="binomial",
        hours=1,
        regions=[Region(name="R", load_mw=[950.0])],
        units=[
            UnitClass(
                name="u",
                region="R",
                count=10,
                capacity_mw=100.0,
                forced_outage_rate=0.1,
                mttr_h=10.0,
            )
        ],
    )
    need = firm_to_target(
        to_arrays(system),
        "R",
        0.03,
        samples=4000,
        seed=11,
        tolerance_mw=2.0,
        start_mw=50.0,
        upper_mw=2000.0,
    )
    assert need.reached
    # The answer is the bracket's upper end: within the tolerance above the step at 250 MW.
    assert 250.0 <= need.firm_mw <= 252.0
    assert need.base.value == pytest.approx(1 - 0.9**10, abs=0.03)  # P(k ≤ 9); 4 std errors
    assert need.at_need.value <= 0.03


def test_joint_search_meets_the_deterministic_answer_in_each_region() -> None:
    # No outages, no interface: LOLD(x) = days with load > capacity + x, so the block that
    # gives LOLD 0 (< any target) is exactly peak − capacity per region.
    regions = [
        Region(name="A", load_mw=_daily_load(1300.0)),
        Region(name="B", load_mw=_daily_load(500.0)),
    ]
    units = [
        UnitClass(name="a", region="A", count=10, capacity_mw=100.0),
        UnitClass(name="b", region="B", count=4, capacity_mw=100.0),
    ]
    system = PowerSystem(name="det", hours=240, regions=regions, units=units)
    peak_a, peak_b = max(regions[0].load_mw), max(regions[1].load_mw)
    need = joint_firm_to_target(
        to_arrays(system),
        0.1,
        samples=2,
        seed=1,
        tolerance_mw=[5.0, 5.0],
        start_mw=[50.0, 50.0],
        upper_mw=[2000.0, 2000.0],
    )
    assert need.reached == {"A": True, "B": True}
    assert peak_a - 1000.0 <= need.firm_mw["A"] <= peak_a - 1000.0 + 5.0
    assert peak_b - 400.0 <= need.firm_mw["B"] <= peak_b - 400.0 + 5.0


def test_split_units_and_scaling_rules() -> None:
    assert split_units(0.0, 600.0) == (0, 0.0)
    count, size = split_units(1000.0, 600.0)
    assert count == 2 and count * size == pytest.approx(1000.0)
    shape = np.array([0.5, 1.0, 2.0])
    assert scale_to_peak(shape, 300.0).max() == pytest.approx(300.0)
    wind = synthetic_wind(7, 0.23)
    assert wind.shape == (8760,)
    assert wind.mean() == pytest.approx(0.23, abs=1e-6)
    assert wind.min() >= 0.0 and wind.max() <= 1.0


def test_outage_defaults_are_the_cited_rts79_units() -> None:
    # Every default cites an RTS-79 unit type (U350, U197, U400, U50); its MTTF/MTTR/FOR must be
    # the published ones in ../shared/data/rts79/units.csv (exact: transcribed numbers).
    with (SHARED / "rts79" / "units.csv").open(encoding="utf-8") as f:
        rts = {r["unit_type"]: r for r in csv.DictReader(f)}
    for tech, row in outage_defaults().items():
        unit = next(t for t in rts if f"{t} " in row["outage_source"])
        assert "RTS-79" in row["outage_source"]
        assert float(row["mttf_h"]) == float(rts[unit]["mttf_h"]), tech
        assert float(row["mttr_h"]) == float(rts[unit]["mttr_h"]), tech
        assert float(row["forced_outage_rate"]) == float(rts[unit]["forced_outage_rate"]), tech


@pytest.fixture(scope="module")
def national_2025() -> tuple[NationalBalance, NationalSystem]:
    balance = run_national()
    return balance, build_national_system(2025, balance)


def test_national_system_has_31_regions_with_the_balance_peaks(
    national_2025: tuple[NationalBalance, NationalSystem],
) -> None:
    balance, ns = national_2025
    system = ns.system
    assert len(system.regions) == 31
    assert len(system.interfaces) > 0
    for region in system.regions:
        res = balance.results[region.name]
        j, i = res.years.index(2025), res.scenario("normal-neutral")
        assert max(region.load_mw) == pytest.approx(float(res.peak_load[i, j]), rel=1e-9)
        # coal units add up to the case's coal capacity
        coal = sum(u.count * u.capacity_mw for u in system.units if u.name == f"{region.name}-coal")
        assert coal == pytest.approx(float(res.case.capacity["coal"][j]), rel=1e-9, abs=1e-6)


def test_national_run_outputs_cover_31_regions(
    national_2025: tuple[NationalBalance, NationalSystem], tmp_path: Path
) -> None:
    _, ns = national_2025
    na = run_national_adequacy(2025, samples=4, seed=1, firm_samples=None, national=ns)
    doc = to_json_dict(na)
    assert len(doc["regions"]) == 31
    assert doc["synthetic_profiles"] is True
    assert all(math.isfinite(r["lole_h"]) and r["lole_h"] >= 0 for r in doc["regions"])
    json.dumps(doc, allow_nan=False)
    sheets = national_adequacy_sheets(na, "en")
    assert len(sheets) == 1
    wb = Workbook()
    name, writer = sheets[0]
    writer(wb.create_sheet(name))
    assert wb[name].max_row == 31 + 3  # title, note, header, 31 provinces
    fig = national_adequacy_figure(na, "zh")
    fig.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 0


def test_cli_rejects_a_year_outside_the_cases() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "gridatlas", "adequacy", "national", "--year", "2031", "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "--year" in proc.stderr and "Traceback" not in proc.stderr
