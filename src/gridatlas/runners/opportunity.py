"""The smart-microgrid opportunity assessment: facts → dimensions → index, archetypes, advice.

Orchestrates the knowledge base (:mod:`gridatlas.sources.region_files`, seed 000,
as-of 2026-04), the balance engine (bundled cases, seed 004, as-of 2024-09) and
the pure model functions of :mod:`gridatlas.model.opportunity`, with the
weights and thresholds of :mod:`gridatlas.sources.opportunity_config`.

Scope: the 31 mainland provinces are scored; the 港澳台 special edition (HMT) is
assessed qualitatively only (the book gives no comparable figures for it) and
every output says so. Every dimension value lists the facts behind it, each
with a citation (seed, region, section, line) or the balance case it came from.
Method and rules: ``docs/opportunity.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang
from gridatlas.core.provinces import all_provinces
from gridatlas.core.units import CAPACITY_UNITS, MONEY_UNITS
from gridatlas.domain.opportunity import (
    ARCHETYPES,
    DIMENSIONS,
    AssessmentConfig,
    dimension_names,
)
from gridatlas.domain.region import (
    HMT_CODE,
    Indicator,
    Region,
    cite,
    cite_at,
    cite_case,
    scenario_json,
)
from gridatlas.domain.region_vocab import (
    ROLE_TAGS,
    ROLES,
    SCENARIO_TAGS,
    STAGES,
    tag_label,
)
from gridatlas.model import opportunity as om
from gridatlas.runners.balance import BalanceResult
from gridatlas.sources.opportunity_config import load_config
from gridatlas.sources.region_files import load_regions

#: Scale of the published index and contributions: points of 100.
SCORE_SCALE = 100.0

_RESOURCE_METRICS = (
    "new_energy_share",
    "clean_share",
    "new_energy_capacity",
    "wind_capacity",
    "pv_capacity",
    "hydro_capacity",
    "wind_resource",
    "hydro_resource",
)
_LOAD_METRICS = (
    "gdp",
    "consumption",
    "peak_load",
    "industrial_consumption",
    "manufacturing_consumption",
)
_MARKET_FLAGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # flag: (policy tags, indicator metrics) that show it
    "spot": (frozenset({"spot_market"}), frozenset()),
    "vpp_dr": (
        frozenset({"vpp", "demand_response"}),
        frozenset({"vpp_capacity", "dr_capacity"}),
    ),
    "green_trading": (frozenset({"green_power_trading"}), frozenset({"green_power_trading"})),
    "price_signals": (frozenset({"new_energy_pricing", "tou_tariff"}), frozenset()),
}
_FLAG_LABELS: dict[str, tuple[str, str]] = {
    "spot": ("现货/市场交易规则", "spot / market trading rules"),
    "vpp_dr": ("虚拟电厂/需求响应", "VPP / demand response"),
    "green_trading": ("绿电交易", "green-power trading"),
    "price_signals": (
        "价格信号（新能源入市/分时电价）",
        "price signals (new-energy pricing / TOU)",
    ),
    "stage": ("发展阶段", "development stage"),
}


_L: dict[str, tuple[str, str]] = {
    "missing": (
        "缺数据，未计入（权重按其余维度重新归一）",
        "no data: left out, weights rescaled over the rest",
    ),
    "no_case": ("该省无内置电力平衡算例", "no bundled balance case for this province"),
    "no_resource": (
        "知识库中无资源/可再生占比指标",
        "no resource or renewable-share figure in the KB",
    ),
    "no_gdp": ("知识库中无地区生产总值", "no GDP figure in the KB"),
    "entry": ("入口场景", "entry scenario"),
    "case": ("案例", "case"),
    "risk": ("风险", "risk"),
    "focus": ("切入重点", "focus"),
    "avoid": ("避免", "avoid"),
    "generic": ("原书多省通用表述", "generic wording repeated across regions"),
    "hmt": (
        "港澳台（HMT）仅作定性评估：原书特别版没有与内地可比的指标，不参与31省指数排名。",
        "Hong Kong, Macau and Taiwan (HMT) are assessed qualitatively only: the book's special"
        " edition has no figures comparable with the mainland, so HMT is not ranked in the index.",
    ),
    "points": ("分", "pts"),
}


def _t(key: str, lang: Lang) -> str:
    zh, en = _L[key]
    return zh if lang == "zh" else en


@dataclass(frozen=True)
class Fact:
    """One fact behind a dimension value, with where it comes from."""

    text: str
    source: str

    def to_json(self) -> dict[str, str]:
        """``{"text","source"}``."""
        return {"text": self.text, "source": self.source}


@dataclass(frozen=True)
class DimensionValue:
    """A region's raw value on one dimension (None = missing) and the facts behind it."""

    raw: float | None
    facts: tuple[Fact, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class RegionFeatures:
    """Everything the index and the archetype rules read from one region."""

    code: str
    name: str
    name_en: str
    kind: str
    stage: str
    dims: dict[str, DimensionValue]
    market_points: float
    resource_points: float | None
    clean_share: float | None
    hydro_facts: tuple[Fact, ...]
    judgment_tags: frozenset[str]
    scenario_tags: tuple[str, ...]
    all_tags: frozenset[str]


@dataclass(frozen=True)
class RegionScore:
    """One mainland province in the index."""

    code: str
    name: str
    name_en: str
    rank: int
    score: float
    contributions: dict[str, float | None]
    normalised: dict[str, float | None]
    raw: dict[str, float | None]
    missing: list[str]
    facts: dict[str, list[Fact]]
    archetype: str
    archetype_rule: str
    stage: str

    def to_json(self) -> dict[str, Any]:
        """``{"region","score","contributions","missing", …}`` (points of 100)."""
        return {
            "region": self.code,
            "name": self.name,
            "rank": self.rank,
            "score": round(self.score, 2),
            "contributions": {
                d: (None if v is None else round(v, 2)) for d, v in self.contributions.items()
            },
            "missing": list(self.missing),
            "normalised": {
                d: (None if v is None else round(v, 4)) for d, v in self.normalised.items()
            },
            "raw": self.raw,
            "facts": {d: [f.to_json() for f in fs] for d, fs in self.facts.items()},
            "archetype": self.archetype,
            "archetype_rule": self.archetype_rule,
            "stage": self.stage,
        }


@dataclass(frozen=True)
class QualitativeNote:
    """A region assessed in words only (the 港澳台 special edition)."""

    code: str
    name: str
    archetype: str
    stage: str
    note: str
    conclusion: str
    source: str

    def to_json(self) -> dict[str, Any]:
        """``{"region","name","assessed":"qualitative", …}``."""
        return {
            "region": self.code,
            "name": self.name,
            "assessed": "qualitative",
            "archetype": self.archetype,
            "stage": self.stage,
            "note": self.note,
            "conclusion": self.conclusion,
            "source": self.source,
        }


@dataclass
class Assessment:
    """The index for one role: ranked provinces, the matrix behind them, HMT in words."""

    role: str
    weights: dict[str, float]
    config: AssessmentConfig
    rows: list[RegionScore]
    scores: np.ndarray  # (31, d) normalised, NaN = missing, in ``codes`` order
    codes: list[str]
    qualitative: list[QualitativeNote] = field(default_factory=list)

    def row(self, code: str) -> RegionScore:
        """The row of one province by code."""
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def to_json(self) -> dict[str, Any]:
        """The whole assessment as plain JSON."""
        return {
            "as_of": self.config.as_of,
            "role": self.role,
            "scale": "points of 100",
            "weights": {d: round(w, 4) for d, w in self.weights.items()},
            "regions": [r.to_json() for r in self.rows],
            "qualitative": [q.to_json() for q in self.qualitative],
        }


# ---------------------------------------------------------------- facts


def _ind_fact(region: Region, ind: Indicator) -> Fact:
    year = f"{ind.year}年 " if ind.year and str(ind.year) not in ind.label else ""
    return Fact(f"{year}{ind.label}：{ind.display()}", str(cite_at(region, ind.section, ind.line)))


def _numeric(region: Region, metric: str) -> list[Indicator]:
    return [i for i in region.indicators if i.metric == metric and i.value is not None]


def _converted(ind: Indicator, table: dict[str, float], to_unit: str) -> float | None:
    unit = (ind.unit or "").strip()
    if ind.value is None or unit not in table:
        return None
    return float(ind.value) * table[unit] / table[to_unit]


def _to_wkw(ind: Indicator) -> float | None:
    return _converted(ind, CAPACITY_UNITS, "万千瓦")


def _to_yi_yuan(ind: Indicator) -> float | None:
    return _converted(ind, MONEY_UNITS, "亿元")


def _load_base(region: Region) -> DimensionValue:
    gdp = [(v, i) for i in _numeric(region, "gdp") if (v := _to_yi_yuan(i)) is not None]
    facts = tuple(_ind_fact(region, i) for i in region.indicators if i.metric in _LOAD_METRICS)
    if not gdp:
        return DimensionValue(None, facts, "no_gdp")
    # the key-indicator GDP (first printed) is the load proxy every province has
    return DimensionValue(gdp[0][0], facts)


def _market(region: Region, cfg: AssessmentConfig, lang: Lang) -> tuple[float, tuple[Fact, ...]]:
    points = 0.0
    facts: list[Fact] = []
    for flag, (ptags, metrics) in _MARKET_FLAGS.items():
        label = _FLAG_LABELS[flag][0 if lang == "zh" else 1]
        pols = [p for p in region.policies if ptags & set(p.tags)]
        inds = [i for i in region.indicators if i.metric in metrics]
        if not (pols or inds):
            continue
        points += 1.0
        if pols:
            shown = "；".join(f"{p.date} {p.theme}" for p in pols)
            facts.append(Fact(f"+1 {label}：{shown}", str(cite(region, "policies"))))
        for i in inds:
            f = _ind_fact(region, i)
            facts.append(Fact(f"{'' if pols else '+1 '}{label}：{f.text}", f.source))
    stage_pts = cfg.market.stage_points[region.stage]
    points += stage_pts
    facts.append(
        Fact(
            f"+{stage_pts:g} {_FLAG_LABELS['stage'][0 if lang == 'zh' else 1]}："
            f"{STAGES[region.stage].label(lang)}（{region.stage_basis}）",
            str(cite_at(region, region.stage_basis, None)),
        )
    )
    return points, tuple(facts)


def _resource(region: Region, cfg: AssessmentConfig) -> tuple[DimensionValue, float | None]:
    rp = cfg.resource
    inds = [i for i in region.indicators if i.metric in _RESOURCE_METRICS]
    clean = [float(i.value) for i in _numeric(region, "clean_share") if i.value is not None]
    clean_share = max(clean) if clean else None
    if not inds:
        return DimensionValue(None, (), "no_resource"), clean_share
    facts = [_ind_fact(region, i) for i in inds]
    share = [
        float(i.value) / rp.new_energy_share_full
        for i in _numeric(region, "new_energy_share")
        if i.value is not None
    ]
    share += [c / rp.clean_share_full for c in clean]
    caps = [v for i in _numeric(region, "new_energy_capacity") if (v := _to_wkw(i)) is not None]
    share_pts = rp.share_points * min(max(share), 1.0) if share else 0.0
    cap_pts = rp.capacity_points * min(max(caps) / rp.capacity_full, 1.0) if caps else 0.0
    words = any(i.value_text in rp.rich_words for i in inds if i.value_text)
    words_pts = rp.words_points if words else 0.0
    total = share_pts + cap_pts + words_pts
    facts.append(
        Fact(
            f"share {share_pts:.2f} + capacity {cap_pts:.2f} + words {words_pts:.2f}"
            f" = {total:.2f} points",
            "gridatlas weights.yaml · resource",
        )
    )
    return DimensionValue(total, tuple(facts)), clean_share


def _policy_age_years(date: str, as_of: str, year_only_month: int) -> float:
    y, _, m = date.partition("-")
    month = int(m) if m else year_only_month
    ay, am = (int(x) for x in as_of.split("-"))
    return ((ay * 12 + am) - (int(y) * 12 + month)) / 12.0


def _momentum(region: Region, cfg: AssessmentConfig) -> DimensionValue:
    pp = cfg.policy
    ages = np.array(
        [_policy_age_years(p.date, cfg.as_of, pp.year_only_month) for p in region.policies]
    )
    rel = np.array(
        [pp.other_tag_weight if set(p.tags) <= {"other"} else 1.0 for p in region.policies]
    )
    w = om.recency_weight(ages, pp.half_life_years) * rel if len(ages) else np.zeros(0)
    facts = tuple(
        Fact(
            f"{p.date} {p.theme}（{', '.join(p.tags)}; age {max(a, 0):.1f} y）→ {wi:.2f}",
            str(cite(region, "policies")),
        )
        for p, a, wi in zip(region.policies, ages, w, strict=True)
    )
    return DimensionValue(float(w.sum()), facts)


def _tags(region: Region) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    scen = tuple(s.tag for s in region.scenarios)
    judg = frozenset(t for j in region.judgments for t in j.tags)
    cases = frozenset(t for c in region.cases for t in c.tags)
    return scen, judg, frozenset(scen) | judg | cases


def _breadth(region: Region, lang: Lang) -> DimensionValue:
    scen, judg, all_tags = _tags(region)
    facts = []
    for tag in sorted(all_tags, key=list(SCENARIO_TAGS).index):
        where = [
            k
            for k, present in (
                ("scenarios", tag in scen),
                ("judgments", tag in judg),
                ("cases", any(tag in c.tags for c in region.cases)),
            )
            if present
        ]
        facts.append(Fact(tag_label(tag, lang, "scenario_tag"), str(cite(region, where[0]))))
    return DimensionValue(float(len(all_tags)), tuple(facts))


def tightness_value(results: Iterable[BalanceResult], cfg: AssessmentConfig) -> DimensionValue:
    """Supply tightness from balance results: ``band_min − worst margin`` in the window. [p.u.]

    The worst (lowest) reserve margin over the scenarios of the configured
    weather (neutral) and the configured years (2025-2027), against the lower
    edge of the case's required band. Positive = below the band (tight).
    """
    tp = cfg.tightness
    best: tuple[float, Fact] | None = None
    for res in results:
        years = np.asarray(res.years)
        cols = (years >= tp.years[0]) & (years <= tp.years[1])
        rows = [
            i
            for i, s in enumerate(res.scenarios)
            if s.weather == tp.weather and (tp.include_custom or not s.custom)
        ]
        if not rows or not cols.any():
            continue
        block = np.asarray(res.reserve_margin)[
            np.ix_(np.asarray(rows, dtype=np.int64), np.flatnonzero(cols))
        ]
        i, j = np.unravel_index(int(np.argmin(block)), block.shape)
        worst = float(block[i, j])
        gap = float(res.case.band_min) - worst
        scen = res.scenarios[rows[i]]
        year = int(years[np.flatnonzero(cols)[j]])
        src = ", ".join(f"{k} {s.publisher} {s.as_of}" for k, s in res.case.sources.items())
        fact = Fact(
            f"{res.case.name}: worst {tp.weather} reserve margin {tp.years[0]}–{tp.years[1]}"
            f" = {worst:.1%} ({scen.name}, {year}) vs band lower edge {res.case.band_min:.0%}"
            f" → shortfall {gap:+.1%}",
            f"gridatlas balance case '{res.case.name}' ({src})",
        )
        if best is None or gap > best[0]:
            best = (gap, fact)
    if best is None:
        return DimensionValue(None, (), "no_case")
    return DimensionValue(best[0], (best[1],))


def region_features(
    region: Region,
    cfg: AssessmentConfig,
    balances: Iterable[BalanceResult] = (),
    lang: Lang = "zh",
) -> RegionFeatures:
    """The raw dimension values (with facts) and the archetype inputs of one region."""
    kinds = {p.code: p.kind for p in all_provinces()}
    market_pts, market_facts = _market(region, cfg, lang)
    resource, clean_share = _resource(region, cfg)
    scen, judg, all_tags = _tags(region)
    hydro = tuple(
        _ind_fact(region, i)
        for i in region.indicators
        if i.metric in cfg.archetypes.hydro_based.hydro_metrics
    )
    dims = {
        "load_base": _load_base(region),
        "market_maturity": DimensionValue(market_pts, market_facts),
        "resource_endowment": resource,
        "policy_momentum": _momentum(region, cfg),
        "scenario_breadth": _breadth(region, lang),
        "supply_tightness": tightness_value(balances, cfg),
    }
    return RegionFeatures(
        code=region.code,
        name=region.name,
        name_en=region.name_en,
        kind=kinds.get(region.code, "special"),
        stage=region.stage,
        dims=dims,
        market_points=market_pts,
        resource_points=resource.raw,
        clean_share=clean_share,
        hydro_facts=hydro,
        judgment_tags=judg,
        scenario_tags=scen,
        all_tags=all_tags,
    )


# ---------------------------------------------------------------- archetypes


def archetype_of(f: RegionFeatures, load_pct: float, cfg: AssessmentConfig) -> tuple[str, str]:
    """The first archetype rule (in the configured order) that ``f`` satisfies, and why.

    ``load_pct`` is the province's GDP percentile over the 31 [p.u.].
    """
    a = cfg.archetypes
    checks: dict[str, tuple[bool, str]] = {
        "mega_city_demand": (
            f.kind in a.mega_city_demand.kinds
            and bool(f.judgment_tags & set(a.mega_city_demand.judgment_tags_any)),
            f"kind={f.kind}; judgment tags ∩ {a.mega_city_demand.judgment_tags_any}",
        ),
        "weak_grid_resilience": (
            bool(f.judgment_tags & set(a.weak_grid_resilience.judgment_tags_any))
            and f.scenario_tags.count("remote_weak_grid") >= a.weak_grid_resilience.min_scenarios,
            f"judgment tags ∩ {a.weak_grid_resilience.judgment_tags_any}; "
            f"{f.scenario_tags.count('remote_weak_grid')} remote_weak_grid scenarios"
            f" >= {a.weak_grid_resilience.min_scenarios}",
        ),
        "hydro_based": (
            bool(f.hydro_facts)
            and f.clean_share is not None
            and f.clean_share >= a.hydro_based.min_clean_share,
            f"hydro fact present; clean share {f.clean_share} >= {a.hydro_based.min_clean_share}",
        ),
        "load_dense_market": (
            load_pct >= a.load_dense_market.min_load_pct
            and f.market_points >= a.load_dense_market.min_market_points,
            f"load percentile {load_pct:.2f} >= {a.load_dense_market.min_load_pct};"
            f" market points {f.market_points:.2f} >= {a.load_dense_market.min_market_points}",
        ),
        "resource_rich_organising": (
            f.resource_points is not None
            and f.resource_points >= a.resource_rich_organising.min_resource_points
            and load_pct <= a.resource_rich_organising.max_load_pct
            and bool(set(f.scenario_tags) & set(a.resource_rich_organising.scenario_tags_any)),
            f"resource points {f.resource_points if f.resource_points is None else round(f.resource_points, 2)}"
            f" >= {a.resource_rich_organising.min_resource_points}; load percentile"
            f" {load_pct:.2f} <= {a.resource_rich_organising.max_load_pct}; scenario tags ∩"
            f" {a.resource_rich_organising.scenario_tags_any}",
        ),
        "computing_led": (
            f.scenario_tags.count("computing_datacentre") >= a.computing_led.min_scenarios,
            f"{f.scenario_tags.count('computing_datacentre')} computing_datacentre scenarios"
            f" >= {a.computing_led.min_scenarios}",
        ),
        "island": (
            bool(set(f.scenario_tags) & set(a.island.scenario_tags_any)),
            f"scenario tags ∩ {a.island.scenario_tags_any}",
        ),
    }
    for name in a.order:
        ok, why = checks.get(name, (False, ""))
        if ok:
            return name, why
    return a.fallback, "no rule matched: fallback"


# ---------------------------------------------------------------- the index


def _features_all(
    cfg: AssessmentConfig,
    folder: str | Path | None,
    balances: Mapping[str, Iterable[BalanceResult]] | None,
    lang: Lang,
) -> tuple[list[RegionFeatures], dict[str, Region]]:
    regions = load_regions(folder)
    bal = balances if balances is not None else {}
    feats = [
        region_features(r, cfg, bal.get(code, ()), lang)
        for code, r in regions.items()
        if code != HMT_CODE
    ]
    return feats, regions


def _matrix(feats: list[RegionFeatures], cfg: AssessmentConfig) -> tuple[np.ndarray, np.ndarray]:
    dims = dimension_names()
    raw = np.array(
        [[np.nan if f.dims[d].raw is None else f.dims[d].raw for d in dims] for f in feats],
        dtype=float,
    )
    norm = np.column_stack(
        [
            om.normalise(
                raw[:, j], cfg.dimensions[d].normalise, cfg.dimensions[d].lo, cfg.dimensions[d].hi
            )
            for j, d in enumerate(dims)
        ]
    )
    return raw, norm


def archetypes(
    folder: str | Path | None = None, config: AssessmentConfig | None = None
) -> dict[str, tuple[str, str]]:
    """Archetype and the rule that gave it for every region (HMT: qualitative)."""
    cfg = config or load_config()
    feats, regions = _features_all(cfg, folder, None, "zh")
    raw, _ = _matrix(feats, cfg)
    load_pct = om.percentile_rank(raw[:, 0])
    out = {f.code: archetype_of(f, float(load_pct[i]), cfg) for i, f in enumerate(feats)}
    if HMT_CODE in regions:
        out[HMT_CODE] = ("hmt_qualitative", "港澳台 special edition: qualitative only")
    return out


def qualitative_notes(regions: Mapping[str, Region], lang: Lang = "zh") -> list[QualitativeNote]:
    """The regions assessed in words only (the 港澳台 special edition)."""
    if HMT_CODE not in regions:
        return []
    r = regions[HMT_CODE]
    return [
        QualitativeNote(
            code=r.code,
            name=r.name,
            archetype="hmt_qualitative",
            stage=r.stage,
            note=_t("hmt", lang),
            conclusion=r.conclusion,
            source=str(cite(r, "conclusion")),
        )
    ]


def assess(
    role: str = "general",
    config: AssessmentConfig | str | Path | None = None,
    *,
    folder: str | Path | None = None,
    balances: Mapping[str, Iterable[BalanceResult]] | None = None,
    lang: Lang = "zh",
) -> Assessment:
    """Score and rank the 31 mainland provinces for ``role`` (``general`` or one of the four players).

    ``config`` is a loaded config or the path of a weights file (default: the
    bundled one); ``balances`` maps province codes to balance results (default:
    the bundled cases, run once). Scores and contributions are points of 100.
    """
    cfg = config if isinstance(config, AssessmentConfig) else load_config(config)
    if role not in cfg.roles:
        raise InputError("recommend", "role", "one of " + ", ".join(cfg.roles), role)
    bal = {} if balances is None else balances
    feats, regions = _features_all(cfg, folder, bal, lang)
    raw, norm = _matrix(feats, cfg)
    weights = cfg.weights(role)
    w = np.array([weights[d] for d in dimension_names()])
    total = om.composite(norm, w) * SCORE_SCALE
    contrib = om.contributions(norm, w) * SCORE_SCALE
    rank = om.ranks(total)
    load_pct = om.percentile_rank(raw[:, 0])
    rows = []
    for i, f in enumerate(feats):
        arche, rule = archetype_of(f, float(load_pct[i]), cfg)
        dims = dimension_names()
        rows.append(
            RegionScore(
                code=f.code,
                name=f.name,
                name_en=f.name_en,
                rank=int(rank[i]),
                score=float(total[i]),
                contributions={d: _opt(contrib[i, j]) for j, d in enumerate(dims)},
                normalised={d: _opt(norm[i, j]) for j, d in enumerate(dims)},
                raw={d: _opt(raw[i, j]) for j, d in enumerate(dims)},
                missing=[d for j, d in enumerate(dims) if np.isnan(norm[i, j])],
                facts={d: list(f.dims[d].facts) for d in dims},
                archetype=arche,
                archetype_rule=rule,
                stage=f.stage,
            )
        )
    rows.sort(key=lambda r: r.rank)
    return Assessment(
        role=role,
        weights=weights,
        config=cfg,
        rows=rows,
        scores=norm,
        codes=[f.code for f in feats],
        qualitative=qualitative_notes(regions, lang),
    )


def _opt(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


# ---------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class StabilityRow:
    """How one province's rank moves under perturbed weights."""

    code: str
    name: str
    base_rank: int
    rank_min: int
    rank_max: int
    rank_p05: float
    rank_p50: float
    rank_p95: float
    p_top: float

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (``p_top`` is a probability [p.u.])."""
        return {
            "region": self.code,
            "name": self.name,
            "base_rank": self.base_rank,
            "rank_min": self.rank_min,
            "rank_max": self.rank_max,
            "rank_p05": self.rank_p05,
            "rank_p50": self.rank_p50,
            "rank_p95": self.rank_p95,
            "p_top": round(self.p_top, 4),
        }


def sensitivity(
    assessment: Assessment,
    draws: int | None = None,
    seed: int | None = None,
    method: str | None = None,
) -> list[StabilityRow]:
    """Rank stability of every province when the assessment's weights are perturbed.

    Draws ``draws`` weight vectors (config default 1000) with ``method``
    (``dirichlet`` around the weights, or ``uniform`` ±spread), seeded, and
    reranks; rows come in base-rank order.
    """
    sp = assessment.config.sensitivity
    n = draws if draws is not None else sp.draws
    if n < 1:
        raise InputError("assess", "sensitivity", "a number of draws >= 1", n)
    rng = np.random.default_rng(sp.seed if seed is None else seed)
    w = np.array([assessment.weights[d] for d in dimension_names()])
    how = method or sp.method
    if how == "dirichlet":
        wd = om.dirichlet_weights(w, n, sp.concentration, rng)
    elif how == "uniform":
        wd = om.uniform_weights(w, n, sp.spread, rng)
    else:
        raise InputError("assess", "sensitivity.method", "dirichlet or uniform", how)
    st = om.rank_stability(assessment.scores, w, wd, sp.top)
    names = {r.code: r.name for r in assessment.rows}
    rows = [
        StabilityRow(
            code=c,
            name=names[c],
            base_rank=int(st.base_rank[i]),
            rank_min=int(st.rank_min[i]),
            rank_max=int(st.rank_max[i]),
            rank_p05=float(st.rank_p05[i]),
            rank_p50=float(st.rank_p50[i]),
            rank_p95=float(st.rank_p95[i]),
            p_top=float(st.p_top[i]),
        )
        for i, c in enumerate(assessment.codes)
    ]
    return sorted(rows, key=lambda r: r.base_rank)


# ---------------------------------------------------------------- recommendations


@dataclass(frozen=True)
class Recommendation:
    """A ranked province for one role, with entry scenarios, cases and risks from the KB."""

    score: RegionScore
    rank: int
    role: str
    scenarios: list[dict[str, str]]
    cases: list[dict[str, Any]]
    risks: list[dict[str, str]]
    entry_path: dict[str, Any]
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        """``{"region","score","contributions","missing","reasons", …}``."""
        base = self.score.to_json()
        return {
            "region": base["region"],
            "score": base["score"],
            "contributions": base["contributions"],
            "missing": base["missing"],
            "reasons": list(self.reasons),
            "name": base["name"],
            "rank": self.rank,
            "national_rank": self.score.rank,
            "role": self.role,
            "unit": "points of 100",
            "scope": "31 mainland provinces; HMT assessed qualitatively",
            "archetype": base["archetype"],
            "stage": base["stage"],
            "entry_scenarios": self.scenarios,
            "cases": self.cases,
            "risks": self.risks,
            "entry_path": self.entry_path,
            "facts": base["facts"],
        }


def _fig_text(c: Any) -> str:
    return "；".join(
        f"{f.label} {f.qualifier or ''}{f.value:g} {f.unit}".replace("  ", " ") for f in c.figures
    )


def _reasons(
    r: RegionScore,
    region: Region,
    scen: list[dict[str, str]],
    cases: list[dict[str, Any]],
    risks: list[dict[str, str]],
    lang: Lang,
    path: dict[str, Any],
) -> list[str]:
    out = []
    contrib = sorted(
        ((d, v) for d, v in r.contributions.items() if v is not None), key=lambda x: -x[1]
    )
    for d, v in contrib[:3]:
        facts = [f for f in r.facts[d] if not f.source.startswith("gridatlas weights")][:2]
        shown = "；".join(f"{f.text} [{f.source}]" for f in facts)
        out.append(f"{DIMENSIONS[d].label(lang)} +{v:.1f} {_t('points', lang)}: {shown}")
    for d in r.missing:
        out.append(f"{DIMENSIONS[d].label(lang)}: {_t('missing', lang)}")
    for s in scen[:2]:
        out.append(f"{_t('entry', lang)}: {s['name']}（{s['entry']}）[{s['source']}]")
    for c in cases[:2]:
        figs = f" {c['figures']}" if c["figures"] else ""
        out.append(f"{_t('case', lang)}: {c['name']}（{c['kind']}）{figs} [{c['source']}]")
    for k in risks[:3]:
        title = k["title"] or k["tag_label"]
        out.append(f"{_t('risk', lang)}: {title}：{k['summary']} [{k['source']}]")
    generic = f"（{_t('generic', lang)}）" if path["generic"] else ""
    out.append(
        f"{_t('focus', lang)}: {path['focus']}；{_t('avoid', lang)}: {path['avoid']}{generic}"
    )
    return out


def recommend(
    role: str,
    scenario: str | None = None,
    top: int | None = None,
    config: AssessmentConfig | str | Path | None = None,
    *,
    lang: Lang = "zh",
    folder: str | Path | None = None,
    balances: Mapping[str, Iterable[BalanceResult]] | None = None,
) -> list[Recommendation]:
    """Provinces ranked for ``role`` (investor, integrator, aggregator, retailer).

    ``scenario`` (a scenario tag) keeps provinces whose KB names that scenario
    (in 重点场景方向, a judgment or a case) and picks it as the entry scenario.
    Each recommendation names entry scenarios (the region's scenario directions
    that fall in the role's focus, :data:`ROLE_TAGS`), cases and risks, each with
    its citation into seed 000.
    """
    if role not in ROLES:
        raise InputError("recommend", "role", "one of " + ", ".join(ROLES), role)
    if scenario is not None and scenario not in SCENARIO_TAGS:
        raise InputError(
            "recommend", "scenario", "a scenario tag: " + ", ".join(SCENARIO_TAGS), scenario
        )
    if top is not None and top < 1:
        raise InputError("recommend", "top", "a number >= 1", top)
    a = assess(role, config, folder=folder, balances=balances, lang=lang)
    regions = load_regions(folder)
    focus = {scenario} if scenario else set(ROLE_TAGS[role])
    out: list[Recommendation] = []
    for row in a.rows:
        region = regions[row.code]
        _, _, tags = _tags(region)
        if scenario and scenario not in tags:
            continue
        scen = [scenario_json(region, s) for s in region.scenarios if s.tag in focus]
        if scenario and not scen:
            # the tag is named in a judgment or case rather than in 重点场景方向
            scen = [
                {
                    "tag": scenario,
                    "name": SCENARIO_TAGS[scenario].label(lang),
                    "entry": "—",
                    "summary": j.summary,
                    "source": str(cite(region, "judgments")),
                }
                for j in region.judgments
                if scenario in j.tags
            ][:1]
        picked = [c for c in region.cases if focus & set(c.tags)] or list(region.cases)
        cases = [
            {
                "name": c.name,
                "kind": c.kind,
                "summary": c.summary,
                "figures": _fig_text(c),
                "tags": list(c.tags),
                "source": str(cite_case(region, c)),
            }
            for c in picked
        ]
        risks = [
            {
                "tag": k.tag,
                "tag_label": tag_label(k.tag, lang, "risk_tag"),
                "title": k.title or "",
                "summary": k.summary,
                "source": str(cite(region, "risks")),
            }
            for k in region.risks
        ]
        ep = getattr(region.entry_paths, role)
        path = {
            "focus": ep.focus,
            "avoid": ep.avoid,
            "capability": ep.capability,
            "generic": region.entry_paths.generic,
            "source": str(cite(region, "entry_paths")),
        }
        out.append(
            Recommendation(
                score=row,
                rank=len(out) + 1,
                role=role,
                scenarios=scen,
                cases=cases,
                risks=risks,
                entry_path=path,
                reasons=_reasons(row, region, scen, cases, risks, lang, path),
            )
        )
    return out[:top] if top else out


def dimension_label(dim: str, lang: Lang = "zh") -> str:
    """Display label of a dimension."""
    return DIMENSIONS[dim].label(lang)


def archetype_label(name: str, lang: Lang = "zh") -> str:
    """Display label of an archetype."""
    return ARCHETYPES[name].label(lang)


def missing_note(dim: str, lang: Lang = "zh") -> str:
    """Why a dimension can be missing, in words."""
    key = {
        "load_base": "no_gdp",
        "resource_endowment": "no_resource",
        "supply_tightness": "no_case",
    }
    return _t(key.get(dim, "missing"), lang)
