"""Features of a region for the opportunity index: dimension values with their facts,
and the archetype rules.

Pure functions over :class:`gridatlas.domain.region.Region` objects and the
checked :class:`gridatlas.domain.opportunity.AssessmentConfig`; nothing here
reads a file. The supply-tightness dimension needs balance results and is
computed by :mod:`gridatlas.runners.opportunity`, which passes it in. Method:
``docs/opportunity.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gridatlas.core.glossary import Lang, label
from gridatlas.core.provinces import all_provinces
from gridatlas.core.units import CAPACITY_UNITS, MONEY_UNITS
from gridatlas.domain.opportunity import AssessmentConfig
from gridatlas.domain.region import Indicator, Region, cite, cite_at
from gridatlas.domain.region_vocab import SCENARIO_TAGS, STAGES, tag_label
from gridatlas.model import opportunity as om

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
        flag_label = label(f"flag_{flag}", lang)
        pols = [p for p in region.policies if ptags & set(p.tags)]
        inds = [i for i in region.indicators if i.metric in metrics]
        if not (pols or inds):
            continue
        points += 1.0
        if pols:
            shown = "；".join(f"{p.date} {p.theme}" for p in pols)
            facts.append(Fact(f"+1 {flag_label}：{shown}", str(cite(region, "policies"))))
        for i in inds:
            f = _ind_fact(region, i)
            facts.append(Fact(f"{'' if pols else '+1 '}{flag_label}：{f.text}", f.source))
    stage_pts = cfg.market.stage_points[region.stage]
    points += stage_pts
    facts.append(
        Fact(
            f"+{stage_pts:g} {label('flag_stage', lang)}："
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


def region_tags(region: Region) -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    scen = tuple(s.tag for s in region.scenarios)
    judg = frozenset(t for j in region.judgments for t in j.tags)
    cases = frozenset(t for c in region.cases for t in c.tags)
    return scen, judg, frozenset(scen) | judg | cases


def _breadth(region: Region, lang: Lang) -> DimensionValue:
    scen, judg, all_tags = region_tags(region)
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


def region_features(
    region: Region,
    cfg: AssessmentConfig,
    tightness: DimensionValue,
    lang: Lang = "zh",
    economics: DimensionValue | None = None,
) -> RegionFeatures:
    """The raw dimension values (with facts) and the archetype inputs of one region.

    ``tightness`` is the supply-tightness value from the region's balance results
    (:func:`gridatlas.runners.opportunity.tightness_value`).
    """
    kinds = {p.code: p.kind for p in all_provinces()}
    market_pts, market_facts = _market(region, cfg, lang)
    resource, clean_share = _resource(region, cfg)
    scen, judg, all_tags = region_tags(region)
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
        "supply_tightness": tightness,
        "project_economics": economics or DimensionValue(None, (), "no_tariff"),
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
