"""Bundled cases: sources, Sichuan and the report's own arithmetic, printed vs derived rates."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import numpy as np
import pytest

from gridatlas.app.cases import bundled_case_names, load_case, read_case_raw
from gridatlas.domain.case import case_from_dict
from gridatlas.runners.balance import effective_supply, local_supply_by_technology, run_balance

GW = 1000.0  # MW


def test_four_bundled_cases():
    assert bundled_case_names() == ["anhui", "shanghai", "sichuan", "zhejiang"]


@pytest.mark.parametrize("name", ["anhui", "shanghai", "sichuan", "zhejiang"])
def test_every_block_names_a_registered_source(name):
    raw, _ = read_case_raw(name)
    case = load_case(name)
    assert case.sources, "a bundled case registers its sources"
    for src in case.sources.values():
        assert src.as_of
    blocks = [raw["capacity"], raw["coefficients"], raw["load"], *raw.get("links", [])]
    for block in blocks:
        ref = block.get("source")
        assert ref, f"{name}: block without source: {block}"
        assert ref.split()[0] in case.sources


def test_sichuan_2023_matches_table_40_and_text():
    """§3.4 and table 40, printed in whole GW, so 0.5 GW is the rounding tolerance.

    The case is built from table 44; this checks it also agrees with table 40 and the text.
    """
    case = load_case("sichuan")
    local = {h: sum(local_supply_by_technology(case, h).values())[0] for h in case.hydrologies}
    assert local["normal"] == pytest.approx(97 * GW, abs=0.5 * GW)
    # "枯水年为约68GW": table 40's own rounded parts (98×50% + 18×90% + 8×10% + 6×20%)
    # add to 67.2, so the printed 68 is itself ~0.8 GW off; 1 GW covers that.
    assert local["dry"] == pytest.approx(68 * GW, abs=1.0 * GW)
    assert effective_supply(case, "normal")[0] == pytest.approx(76 * GW, abs=0.5 * GW)
    assert effective_supply(case, "dry")[0] == pytest.approx(59 * GW, abs=0.5 * GW)
    res = run_balance(case)
    i = res.scenario("normal-neutral")
    # "相较于当年最大用电负荷富余约15GW" and "存在近2GW的电力供需缺口" (dry)
    assert res.effective_supply[i, 0] - res.peak_load[i, 0] == pytest.approx(15 * GW, abs=0.5 * GW)
    j = res.scenario("dry-neutral")
    assert res.effective_supply[j, 0] - res.peak_load[j, 0] == pytest.approx(-2 * GW, abs=0.5 * GW)


def _table_44() -> dict[tuple[str, str], list[float]]:
    """Table 44 as transcribed in tests/data/report_tables.csv: (quantity, scenario) → 5 years."""
    path = Path(__file__).parent / "data" / "report_tables.csv"
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    out: dict[tuple[str, str], list[float]] = {}
    for r in rows:
        if r["table"] != "表44":
            continue
        text = r["value"]
        value = float(text.rstrip("%")) / 100 if text.endswith("%") else float(text)
        out.setdefault((r["quantity"], r["scenario"]), []).append(value)
    return out


# The report's own figures quoted in §3.4's text (lines of shared/seeds/004_…txt)
TEXT_MARGIN_2025 = 0.323  # L31 and L703: 中性情景下2025年备用率有望达到32.3%
PEAK_21_AUG_2024 = 6797.0  # L695: 8月21日最大用电负荷已达6797万千瓦, 同比增长约13%
TEXT_GROWTH_2024 = 0.13
TEXT_RATIO_2024 = 2.25  # L695: 与1~7M24四川省累计用电增速的比值达约2.25
# Reproduction tolerance of the reference tests (tests/test_balance_reference.py)
MARGIN_ATOL = 0.004
# A margin recomputed from table 44's whole-万千瓦 supply and peak can differ from the
# printed one by half its last digit (0.05 pp) plus the rounding of supply and peak
# to whole 万千瓦 (≤ 0.5/5907 + 0.5/6107 of a ratio near 1, ≈ 0.02 pp).
OWN_ARITHMETIC_ATOL = 0.0007


def test_table_44_margins_follow_from_its_own_supply_and_peak():
    """Note under table 44 (L734): 系统备用率 = 有效容量供应/最高用电负荷 − 1, in all 10 cells."""
    t = _table_44()
    for scen in ("normal-neutral", "dry-extreme"):
        supply = np.array(t[("effective_supply", scen)])
        peak = np.array(t[("peak_load", scen)])
        printed = np.array(t[("reserve_margin", scen)])
        np.testing.assert_allclose(supply / peak - 1.0, printed, atol=OWN_ARITHMETIC_ATOL)


def test_table_44_supply_needs_gas_at_the_section_3_1_default():
    """Gas at 95% (§3.1, L285) reproduces table 44's supply; table 40's "火电 90%" would not.

    With gas at 90% every year falls short by 0.05 × gas capacity (6, 36, 64, 64,
    64 万千瓦), outside the 0.2% supply tolerance from 2024 on; this is why the
    case keeps the default rather than table 40's thermal label.
    """
    t = _table_44()
    raw, origin = read_case_raw("sichuan")
    raw = copy.deepcopy(raw)
    raw["coefficients"]["gas"] = 0.9
    at_90 = case_from_dict(raw, origin)
    default = load_case("sichuan")
    wan = 10.0  # MW per 万千瓦
    for hydrology, scen in (("normal", "normal-neutral"), ("dry", "dry-extreme")):
        printed = np.array(t[("effective_supply", scen)])
        ok = effective_supply(default, hydrology) / wan
        short = effective_supply(at_90, hydrology) / wan
        np.testing.assert_allclose(ok, printed, rtol=0.002)
        np.testing.assert_allclose(ok - short, 0.05 * default.capacity["gas"] / wan)
        assert np.all(np.abs(short[1:] / printed[1:] - 1) > 0.002)


def test_text_2025_margin_contradicts_table_44():
    """The text's 32.3% (L31, L703) is not table 44's 32.8% (L731).

    Table 44's own 2025 supply and neutral peak give 9742/7334 − 1 = 32.83%, which
    is the printed 32.8% and 0.53 pp above the text, outside the 0.4 pp reproduction
    tolerance. 32.3% would need the 2025 peak at 9742/1.323 = 7364 万千瓦 (+30, 6.7%
    growth over 2024E instead of 6.3%) or supply at 7334 × 1.323 = 9703 (−39). The
    case follows the table.
    """
    t = _table_44()
    supply = t[("effective_supply", "normal-neutral")][2]
    peak = t[("peak_load", "normal-neutral")][2]
    own = supply / peak - 1.0
    assert own == pytest.approx(t[("reserve_margin", "normal-neutral")][2], abs=OWN_ARITHMETIC_ATOL)
    assert own - TEXT_MARGIN_2025 > MARGIN_ATOL
    assert supply / (1 + TEXT_MARGIN_2025) == pytest.approx(7364, abs=0.5)
    assert peak * (1 + TEXT_MARGIN_2025) == pytest.approx(9703, abs=0.5)
    res = run_balance(load_case("sichuan"))
    i = res.scenario("normal-neutral")
    assert res.reserve_margin[i, 2] == pytest.approx(own, abs=MARGIN_ATOL)
    assert abs(res.reserve_margin[i, 2] - TEXT_MARGIN_2025) > MARGIN_ATOL


def test_2024_peak_of_6797_is_not_13_percent_over_table_44s_2023():
    """L695: 6797 万千瓦 on 21 Aug 2024, "同比增长约13%"; table 44: 2023 6107, 2024E 6901 (+13.0%).

    Over the table's 2023 peak, 6797 is +11.3%: "约13%" rounded to whole percent
    allows 12.5-13.5%, so the two disagree by more than rounding. 13% on 6797
    implies a 2023 base of 6015 (92 below the table's 6107, and only +1.8% over
    2022's 5910 where L656 says 约+3%). The table's 2024E 6901 is instead 13.0%
    applied to its own 2023 peak: 104 万千瓦 (1.5%) above the observed 6797.
    """
    t = _table_44()
    peak_2023, peak_2024e = t[("peak_load", "normal-neutral")][:2]
    observed = PEAK_21_AUG_2024 / peak_2023 - 1.0
    assert observed == pytest.approx(0.113, abs=0.0005)
    assert abs(observed - TEXT_GROWTH_2024) > 0.005
    implied_2023 = PEAK_21_AUG_2024 / (1 + TEXT_GROWTH_2024)
    assert implied_2023 == pytest.approx(6015, abs=0.5)
    # 13.0% printed to 0.1%: 6107 × 1.1295…1.1305 brackets 6901
    assert peak_2023 * 1.1295 <= peak_2024e <= peak_2023 * 1.1305
    assert peak_2024e - PEAK_21_AUG_2024 == 104


def test_text_ratio_of_2_25_does_not_follow_from_table_44s_2024_consumption_growth():
    """L695: peak growth / 1-7M24 consumption growth "约2.25"; table 44 (L730) prints 8.1% for 2024.

    If table 44's 8.1% is the 1-7M24 growth (the note under figure 43 says its 2024E
    rate is; the figure itself is not in the text), the ratio is 13.0/8.1 = 1.60, or
    11.3/8.1 = 1.40 with the observed peak, not 2.25. 2.25 needs consumption growth
    of 13/2.25 = 5.8% (or 5.0% with 11.3%). Tolerance: rates printed to 0.1%, so a
    ratio moves by at most ≈ 0.02 either way; the gap is 0.65.
    """
    consumption_2024 = 0.081
    ratio = TEXT_GROWTH_2024 / consumption_2024
    assert ratio == pytest.approx(1.60, abs=0.02)
    assert TEXT_RATIO_2024 - ratio > 0.5
    implied_consumption = TEXT_GROWTH_2024 / TEXT_RATIO_2024
    assert implied_consumption == pytest.approx(0.058, abs=0.0005)


def _derived_vs_printed():
    """(case, weather, year) → printed − derived peak growth, for projected years."""
    out = {}
    for name in ("anhui", "zhejiang", "shanghai", "sichuan"):
        raw, _ = read_case_raw(name)
        case = load_case(name)
        for weather, spec in raw["load"]["weather"].items():
            if "ratio" not in spec:
                continue
            printed = case.weathers[weather].growth
            derived = case.consumption_growth * spec["ratio"]
            for t, year in enumerate(case.years):
                if np.isnan(case.peak_fixed[t]):
                    out[(name, weather, int(year))] = printed[t] - derived[t]
    return out


def test_printed_peak_growth_differs_from_derived_only_in_zhejiang_2026():
    """Derived = consumption growth × the ratio the text states; printed = table rows.

    Rates are printed to 0.1% and the report rounds its intermediate rates, so a
    difference up to 0.15 pp is rounding. One year differs by more: Zhejiang 2026
    (neutral) prints 6.6% where 5.5% × 1.1 = 6.05%. The bundled cases use the
    printed rates. Sichuan's largest is 0.1 pp (2025 extreme: 15.7% vs 2 × 7.8%).
    """
    diffs = _derived_vs_printed()
    # 3 projected years × (1 Anhui + 2 Zhejiang + 2 Shanghai + 2 Sichuan) weathers
    assert len(diffs) == 21
    large = {k: v for k, v in diffs.items() if abs(v) > 0.0015}
    assert set(large) == {("zhejiang", "neutral", 2026)}
    assert large[("zhejiang", "neutral", 2026)] == pytest.approx(0.066 - 0.0605, abs=1e-9)


def test_derived_rates_change_zhejiang_2026_margin():
    """With derived rates Zhejiang's 2026 neutral peak is 0.5% lower and the margin higher."""
    raw, origin = read_case_raw("zhejiang")
    raw["load"]["weather"]["neutral"].pop("peak_growth")
    raw["load"]["peak_load"] = {2023: 11022, 2024: 12333}
    derived = run_balance(case_from_dict(raw, origin))
    printed = run_balance(load_case("zhejiang"))
    i = printed.scenario("wet-neutral")
    assert derived.peak_load[i, 3] < printed.peak_load[i, 3]
    assert derived.peak_load[i, 3] / printed.peak_load[i, 3] == pytest.approx(
        1.0605 / 1.066, rel=1e-9
    )


@pytest.mark.parametrize(
    ("name", "compounds"), [("anhui", True), ("zhejiang", False), ("sichuan", False)]
)
def test_extreme_path_conventions_are_distinct(name, compounds):
    """Anhui compounds on the extreme path; Zhejiang and Sichuan (note under table 44) shock
    the neutral path.

    Checked by behaviour, not by reading the case's rates back: raising the
    extreme growth of one year moves the next year's extreme peak only when the
    path compounds, and never moves the neutral path.
    """
    from gridatlas.domain.case import case_from_dict

    raw, origin = read_case_raw(name)
    base = run_balance(case_from_dict(raw, origin))
    growth = raw["load"]["weather"]["extreme"]["peak_growth"]
    growth[2] = "20%"
    bumped = run_balance(case_from_dict(raw, origin))
    ext = next(s.name for s in base.scenarios if s.weather == "extreme" and not s.custom)
    neu = next(s.name for s in base.scenarios if s.weather == "neutral" and not s.custom)
    e0, e1 = base.peak_load[base.scenario(ext)], bumped.peak_load[bumped.scenario(ext)]
    assert e1[2] > e0[2]
    assert bool(e1[3] > e0[3]) == compounds
    if not compounds:
        assert e1[3] == pytest.approx(e0[3], rel=1e-12)
    np.testing.assert_array_equal(
        base.peak_load[base.scenario(neu)], bumped.peak_load[bumped.scenario(neu)]
    )
