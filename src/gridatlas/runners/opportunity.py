"""The smart-microgrid opportunity index: scoring, sensitivity and role recommendations.

Objects in, results out: the caller passes the regions (seed 000, as-of
2026-04), the checked :class:`AssessmentConfig` and the balance results by
province (seed 004, as-of 2024-09); :mod:`gridatlas.app.opportunity` loads the
bundled ones. Dimension values and archetype rules come from
:mod:`gridatlas.domain.opportunity_features`, the arithmetic from
:mod:`gridatlas.model.opportunity`; the recommendation text is written by
:mod:`gridatlas.reports.recommendations`.

Scope: the 31 mainland provinces are scored; the 港澳台 special edition (HMT) is
assessed qualitatively only (the book gives no comparable figures for it) and
every output says so. Every dimension value lists the facts behind it, each
with a citation (seed, region, section, line) or the balance case it came from.
Method and rules: ``docs/opportunity.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang, label
from gridatlas.domain.opportunity import AssessmentConfig, dimension_names
from gridatlas.domain.opportunity_features import (
    DimensionValue,
    Fact,
    RegionFeatures,
    archetype_of,
    region_features,
    region_tags,
)
from gridatlas.domain.province_screen import ProvinceEconomics
from gridatlas.domain.region import HMT_CODE, Region, cite, cite_case, scenario_json
from gridatlas.domain.region_vocab import ROLE_TAGS, ROLES, SCENARIO_TAGS, tag_label
from gridatlas.model import opportunity as om
from gridatlas.runners.balance import BalanceResult

#: Scale of the published index and contributions: points of 100.
SCORE_SCALE = 100.0

Balances = Mapping[str, Iterable[BalanceResult]]
#: Microgrid economics by province code (:mod:`gridatlas.app.province_economics`).
Economics = Mapping[str, ProvinceEconomics]


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


# ---------------------------------------------------------------- supply tightness


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


# ---------------------------------------------------------------- project economics


def economics_value(row: ProvinceEconomics | None) -> DimensionValue:
    """Project economics: the best project IRR of the archetypes screened under the
    province's tariffs. [p.u./yr] Missing where no screen has an IRR."""
    best = None if row is None else row.best
    if row is None or best is None or best.irr is None:
        return DimensionValue(None, (), "no_tariff" if row is None else row.status)
    tariff = next(t for t in row.tariffs if t.name == best.tariff)
    kind = "illustrative" if tariff.illustrative else "cited"
    fact = Fact(
        f"{row.province.short_zh}: best project IRR {best.irr:.1%} "
        f"({best.archetype} under {best.tariff}; {len(row.screens)} screens)",
        f"gridatlas economics; tariff {tariff.name} ({kind}, as of {tariff.as_of}, {tariff.origin})",
    )
    return DimensionValue(best.irr, (fact,))


# ---------------------------------------------------------------- the index


def _features_all(
    regions: Mapping[str, Region],
    cfg: AssessmentConfig,
    balances: Balances,
    lang: Lang,
    economics: Economics | None = None,
) -> list[RegionFeatures]:
    eco = economics or {}
    return [
        region_features(
            r,
            cfg,
            tightness_value(balances.get(code, ()), cfg),
            lang,
            economics_value(eco.get(code)),
        )
        for code, r in regions.items()
        if code != HMT_CODE
    ]


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
    regions: Mapping[str, Region], config: AssessmentConfig
) -> dict[str, tuple[str, str]]:
    """Archetype and the rule that gave it for every region (HMT: qualitative)."""
    feats = _features_all(regions, config, {}, "zh")
    raw, _ = _matrix(feats, config)
    load_pct = om.percentile_rank(raw[:, 0])
    out = {f.code: archetype_of(f, float(load_pct[i]), config) for i, f in enumerate(feats)}
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
            note=label("rec_hmt", lang),
            conclusion=r.conclusion,
            source=str(cite(r, "conclusion")),
        )
    ]


def assess(
    role: str,
    regions: Mapping[str, Region],
    config: AssessmentConfig,
    balances: Balances,
    lang: Lang = "zh",
    economics: Economics | None = None,
) -> Assessment:
    """Score and rank the 31 mainland provinces for ``role`` (``general`` or one of the four players).

    ``balances`` maps province codes to balance results (a province without
    any has its supply tightness missing); ``economics`` maps them to microgrid
    screens (a province without a screened IRR has its project economics
    missing). Scores and contributions are points of 100.
    """
    cfg = config
    if role not in cfg.roles:
        raise InputError("recommend", "role", "one of " + ", ".join(cfg.roles), role)
    feats = _features_all(regions, cfg, balances, lang, economics)
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
    """A ranked province for one role, with entry scenarios, cases and risks from the KB.

    The reasons in words are written by :mod:`gridatlas.reports.recommendations`.
    """

    score: RegionScore
    rank: int
    role: str
    scenarios: list[dict[str, str]]
    cases: list[dict[str, Any]]
    risks: list[dict[str, str]]
    entry_path: dict[str, Any]


def _fig_text(c: Any) -> str:
    return "；".join(
        f"{f.label} {f.qualifier or ''}{f.value:g} {f.unit}".replace("  ", " ") for f in c.figures
    )


def recommend(
    role: str,
    regions: Mapping[str, Region],
    config: AssessmentConfig,
    balances: Balances,
    scenario: str | None = None,
    top: int | None = None,
    lang: Lang = "zh",
    economics: Economics | None = None,
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
    a = assess(role, regions, config, balances, lang, economics)
    focus = {scenario} if scenario else set(ROLE_TAGS[role])
    out: list[Recommendation] = []
    for row in a.rows:
        region = regions[row.code]
        _, _, tags = region_tags(region)
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
            )
        )
    return out[:top] if top else out


@dataclass(frozen=True)
class OpportunityOutputs:
    """Everything the outlook's opportunity outputs show, computed once.

    ``general`` is the index with general weights, ``stability`` its rank
    stability under perturbed weights, ``roles`` the index for each player,
    ``archetypes`` every region's archetype and rule, ``regions`` the knowledge
    base and ``balances`` the bundled balance results by province.
    """

    general: Assessment
    stability: list[StabilityRow]
    roles: dict[str, Assessment]
    archetypes: dict[str, tuple[str, str]]
    regions: dict[str, Region]
    balances: dict[str, tuple[BalanceResult, ...]]
