"""Bundled cases: sources, Sichuan from the text, printed vs derived growth rates."""

from __future__ import annotations

import numpy as np
import pytest

from gridatlas.app.cases import bundled_case_names, load_case, read_case_raw
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
    """§3.4 and table 40, printed in whole GW, so 0.5 GW is the rounding tolerance."""
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


@pytest.mark.xfail(
    strict=True,
    reason=(
        "§3.4 states a 32.3% neutral reserve margin for Sichuan in 2025. The text gives no "
        "GDP or consumption path for Sichuan, so the case assumes 6% GDP growth × 1.4 "
        "elasticity × 0.8 ratio from the 6797 万千瓦 peak of Aug 2024 and gets 27.7%; "
        "matching 32.3% would need a guessed constant. See docs/method.md."
    ),
)
def test_sichuan_2025_neutral_margin_from_text():
    res = run_balance(load_case("sichuan"))
    i = res.scenario("normal-neutral")
    assert res.reserve_margin[i, 2] == pytest.approx(0.323, abs=0.004)


def _derived_vs_printed():
    """(case, weather, year) → printed − derived peak growth, for projected years."""
    out = {}
    for name in ("anhui", "zhejiang", "shanghai"):
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
    printed rates.
    """
    diffs = _derived_vs_printed()
    assert len(diffs) == 15  # 3 projected years × (1 Anhui + 2 Zhejiang + 2 Shanghai) weathers
    large = {k: v for k, v in diffs.items() if abs(v) > 0.0015}
    assert set(large) == {("zhejiang", "neutral", 2026)}
    assert large[("zhejiang", "neutral", 2026)] == pytest.approx(0.066 - 0.0605, abs=1e-9)


def test_derived_rates_change_zhejiang_2026_margin():
    """With derived rates Zhejiang's 2026 neutral peak is 0.5% lower and the margin higher."""
    raw, origin = read_case_raw("zhejiang")
    raw["load"]["weather"]["neutral"].pop("peak_growth")
    raw["load"]["peak_load"] = {2023: 11022, 2024: 12333}
    from gridatlas.domain.case import case_from_dict

    derived = run_balance(case_from_dict(raw, origin))
    printed = run_balance(load_case("zhejiang"))
    i = printed.scenario("wet-neutral")
    assert derived.peak_load[i, 3] < printed.peak_load[i, 3]
    assert derived.peak_load[i, 3] / printed.peak_load[i, 3] == pytest.approx(
        1.0605 / 1.066, rel=1e-9
    )


@pytest.mark.parametrize(("name", "compounds"), [("anhui", True), ("zhejiang", False)])
def test_extreme_path_conventions_are_distinct(name, compounds):
    """Anhui compounds on the extreme path; Zhejiang shocks the neutral path.

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
