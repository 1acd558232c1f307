"""The opportunity assessment over the knowledge base and the balance engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import gridatlas
from gridatlas.app.opportunity import (
    archetypes,
    assess,
    balance_results,
    recommend,
)
from gridatlas.core.errors import InputError
from gridatlas.core.provinces import all_provinces
from gridatlas.domain.opportunity import ARCHETYPES, dimension_names
from gridatlas.reports.recommendations import recommendation_json
from gridatlas.runners.opportunity import (
    sensitivity,
    tightness_value,
)
from gridatlas.sources.opportunity_config import bundled_weights, load_config

GENERAL = assess("general")
CITE = "seed 000 · "


def test_scope_is_the_31_mainland_provinces() -> None:
    codes = [r.code for r in GENERAL.rows]
    assert sorted(codes) == sorted(p.code for p in all_provinces() if p.mainland)
    assert [r.rank for r in GENERAL.rows] == list(range(1, 32))
    assert all(a.score >= b.score for a, b in zip(GENERAL.rows, GENERAL.rows[1:], strict=False))
    # 港澳台 is assessed in words only, and the output says so
    (hmt,) = GENERAL.qualitative
    assert hmt.code == "HMT" and hmt.archetype == "hmt_qualitative"
    assert "定性" in hmt.note and hmt.source.startswith(CITE + "港澳台")
    data = GENERAL.to_json()
    assert data["qualitative"][0]["assessed"] == "qualitative"
    assert "HMT" not in [r["region"] for r in data["regions"]]


def test_contributions_add_up_and_missing_is_not_imputed() -> None:
    for r in GENERAL.rows:
        have = [v for v in r.contributions.values() if v is not None]
        assert sum(have) == pytest.approx(r.score, abs=1e-9)
        assert r.missing == [d for d, v in r.contributions.items() if v is None]
        for d in r.missing:
            assert r.normalised[d] is None and r.raw[d] is None
    # only four provinces have a bundled balance case: tightness is missing elsewhere
    with_case = {r.code for r in GENERAL.rows if "supply_tightness" not in r.missing}
    assert with_case == set(balance_results())
    # 广东 prints no resource figure in the book: missing, not zero
    assert "resource_endowment" in GENERAL.row("GD").missing


def test_renormalised_weights_reproduce_the_score() -> None:
    # recompute one province by hand from its normalised values and the role weights
    w = GENERAL.weights
    r = GENERAL.row("ZJ")
    have = {d: v for d in dimension_names() if (v := r.normalised[d]) is not None}
    by_hand = sum(w[d] * v for d, v in have.items()) / sum(w[d] for d in have) * 100
    assert r.score == pytest.approx(by_hand, rel=1e-12)


def test_every_fact_is_traceable() -> None:
    for r in GENERAL.rows:
        for d, facts in r.facts.items():
            for f in facts:
                assert f.source.startswith(
                    (
                        CITE + r.name,
                        "gridatlas balance case",
                        "gridatlas weights.yaml",
                        "gridatlas economics; tariff",
                    )
                ), (r.code, d, f)
        assert r.facts["load_base"], r.code  # every province prints its GDP


def test_tightness_matches_the_balance_engine() -> None:
    # independent route: the balance engine's long table, filtered by hand
    cfg = load_config()
    res = gridatlas.run_balance(gridatlas.load_case("zhejiang"))
    frame = res.to_frame()
    neutral = {s.name for s in res.scenarios if s.weather == "neutral" and not s.custom}
    window = frame[frame["scenario"].isin(neutral) & frame["year"].between(2025, 2027)]
    want = res.case.band_min - window["reserve_margin"].min()
    got = tightness_value([res], cfg)
    assert got.raw == pytest.approx(want, abs=1e-12)
    assert GENERAL.row("ZJ").raw["supply_tightness"] == pytest.approx(want, abs=1e-12)
    assert "zhejiang" in got.facts[0].source
    assert tightness_value([], cfg).raw is None


def test_archetypes_fill_every_region() -> None:
    arche = archetypes()
    assert len(arche) == 32
    assert all(a in ARCHETYPES for a, _ in arche.values())
    assert arche["HMT"][0] == "hmt_qualitative"
    assert all(r.archetype == arche[r.code][0] for r in GENERAL.rows)


def test_roles_change_the_weights() -> None:
    agg = assess("aggregator")
    inv = assess("investor")
    assert agg.weights["market_maturity"] > inv.weights["market_maturity"]
    assert sum(agg.weights.values()) == pytest.approx(1.0)
    with pytest.raises(InputError):
        assess("banker")


def test_sensitivity_is_seeded_and_consistent() -> None:
    a = sensitivity(GENERAL, draws=300)
    b = sensitivity(GENERAL, draws=300)
    assert [x.to_json() for x in a] == [x.to_json() for x in b]
    for x in a:
        assert x.rank_min <= x.rank_p05 <= x.rank_p50 <= x.rank_p95 <= x.rank_max
        assert x.rank_min <= x.base_rank <= x.rank_max
        assert 0.0 <= x.p_top <= 1.0
    assert sum(x.p_top for x in a) == pytest.approx(10.0)  # ten provinces in every draw's top 10
    u = sensitivity(GENERAL, draws=200, method="uniform")
    assert len(u) == 31
    with pytest.raises(InputError):
        sensitivity(GENERAL, draws=10, method="bootstrap")


def test_recommend_shape_and_traceability() -> None:
    recs = recommend("aggregator", top=5)
    assert [r.rank for r in recs] == [1, 2, 3, 4, 5]
    for r in recs:
        data = recommendation_json(r)
        assert list(data)[:5] == ["region", "score", "contributions", "missing", "reasons"]
        assert set(data["contributions"]) == set(dimension_names())
        assert data["reasons"] and data["risks"] and data["cases"]
        for key in ("entry_scenarios", "cases", "risks"):
            assert all(x["source"].startswith(CITE) for x in data[key])
        json.dumps(data, ensure_ascii=False)
    # an aggregator's entry scenarios fall in its focus (flexible loads, PV-storage-charging)
    gd = next(r for r in recs if r.score.code == "GD")
    assert {s["tag"] for s in gd.scenarios} <= {"flexible_load_pool", "pv_storage_charging_v2g"}
    assert any("坪山" in c["name"] for c in gd.cases)


def test_recommend_scenario_filter() -> None:
    recs = recommend("investor", scenario="remote_weak_grid")
    codes = {r.score.code for r in recs}
    assert "XZ" in codes and "GD" not in codes
    assert all(r.scenarios for r in recs)
    with pytest.raises(InputError) as info:
        recommend("investor", scenario="moon_base")
    assert info.value.field == "scenario"
    with pytest.raises(InputError):
        recommend("banker")


def test_user_weights_file(tmp_path: Path) -> None:
    raw = yaml.safe_load(bundled_weights().read_text(encoding="utf-8"))
    raw["roles"]["general"] = {d: (1.0 if d == "load_base" else 0.0) for d in dimension_names()}
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    a = assess("general", path)
    # load base alone: the ranking is the GDP ranking
    gdp = [float(r.raw["load_base"] or 0.0) for r in a.rows]
    assert all(r.raw["load_base"] is not None for r in a.rows)
    assert gdp == sorted(gdp, reverse=True)
    assert a.rows[0].code == "GD"


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r["roles"]["investor"].pop("load_base"), "roles.investor"),
        (lambda r: r["roles"]["general"].update(load_base=-1), "roles.general"),
        (
            lambda r: r["dimensions"]["supply_tightness"].update(hi=-1),
            "dimensions.supply_tightness.lo",
        ),
        (lambda r: r["archetypes"].update(fallback="castle"), "archetypes.fallback"),
        (lambda r: r.update(schema="x/0"), "schema"),
        (lambda r: r["sensitivity"].update(draws=0), "sensitivity.draws"),
    ],
)
def test_bad_weights_file_names_the_field(tmp_path: Path, mutate, field: str) -> None:
    raw = yaml.safe_load(bundled_weights().read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.source == str(path)
    assert info.value.field == field


def test_missing_weights_file() -> None:
    with pytest.raises(InputError):
        load_config("/nonexistent/weights.yaml")


def test_normalised_values_follow_the_stated_rule_by_hand() -> None:
    """Each dimension's normalised value, recomputed from the raw values in plain Python.

    Independent of :mod:`gridatlas.model.opportunity`: ``rank`` is the percentile
    rank (ties share their mean rank), ``minmax`` the min-max scale, ``fixed`` the
    clipped scale between the configured bounds.
    """
    cfg = GENERAL.config
    for d in dimension_names():
        spec = cfg.dimensions[d]
        present = [(r.code, r.raw[d]) for r in GENERAL.rows if r.raw[d] is not None]
        values = [v for _, v in present]
        for code, x in present:
            if spec.normalise == "rank":
                below = sum(v < x for v in values)
                ties = sum(v == x for v in values)
                want = (below + (ties - 1) / 2) / (len(values) - 1)
            elif spec.normalise == "minmax":
                lo, hi = min(values), max(values)
                want = 0.5 if hi == lo else (x - lo) / (hi - lo)
            else:
                assert spec.lo is not None and spec.hi is not None
                want = min(max((x - spec.lo) / (spec.hi - spec.lo), 0.0), 1.0)
            assert GENERAL.row(code).normalised[d] == pytest.approx(want, abs=1e-12), (d, code)
