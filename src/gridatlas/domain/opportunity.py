"""The opportunity-assessment configuration (``gridatlas.opportunity/1``) and its vocabularies.

The bundled file ``data/assessment/weights.yaml`` holds the weights per role,
how each dimension is normalised, the thresholds of the point-based dimensions
and of the archetype rules, and the sensitivity settings. A user copy is read
with ``--weights FILE``. Meaning of every key: ``docs/opportunity.md``.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gridatlas.domain.region_vocab import (
    METRICS,
    SCENARIO_TAGS,
    STAGES,
    VocabTerm,
)

OPPORTUNITY_SCHEMA = "gridatlas.opportunity/1"

Dimension = Literal[
    "load_base",
    "market_maturity",
    "resource_endowment",
    "policy_momentum",
    "scenario_breadth",
    "supply_tightness",
    "project_economics",
]
DIMENSIONS: dict[str, VocabTerm] = {
    "load_base": VocabTerm("dimension.load_base"),
    "market_maturity": VocabTerm("dimension.market_maturity"),
    "resource_endowment": VocabTerm("dimension.resource_endowment"),
    "policy_momentum": VocabTerm("dimension.policy_momentum"),
    "scenario_breadth": VocabTerm("dimension.scenario_breadth"),
    "supply_tightness": VocabTerm("dimension.supply_tightness"),
    "project_economics": VocabTerm("dimension.project_economics"),
}
#: Unit of each dimension's raw value (before normalisation).
RAW_UNITS: dict[str, str] = {
    "load_base": "亿元 (GDP)",
    "market_maturity": "points of 5",
    "resource_endowment": "points of 5",
    "policy_momentum": "recency-weighted policy count",
    "scenario_breadth": "distinct scenario tags",
    "supply_tightness": "reserve-margin shortfall below band (p.u.)",
    "project_economics": "best project IRR of the screened archetypes (p.u./yr)",
}

RoleName = Literal["general", "investor", "integrator", "aggregator", "retailer"]
ROLE_NAMES: dict[str, VocabTerm] = {
    "general": VocabTerm("role.general"),
    "investor": VocabTerm("role.investor"),
    "integrator": VocabTerm("role.integrator"),
    "aggregator": VocabTerm("role.aggregator"),
    "retailer": VocabTerm("role.retailer"),
}

Archetype = Literal[
    "mega_city_demand",
    "weak_grid_resilience",
    "hydro_based",
    "load_dense_market",
    "resource_rich_organising",
    "computing_led",
    "island",
    "industrial_park",
    "hmt_qualitative",
]
ARCHETYPES: dict[str, VocabTerm] = {
    "mega_city_demand": VocabTerm("archetype.mega_city_demand"),
    "weak_grid_resilience": VocabTerm("archetype.weak_grid_resilience"),
    "hydro_based": VocabTerm("archetype.hydro_based"),
    "load_dense_market": VocabTerm("archetype.load_dense_market"),
    "resource_rich_organising": VocabTerm("archetype.resource_rich_organising"),
    "computing_led": VocabTerm("archetype.computing_led"),
    "island": VocabTerm("archetype.island"),
    "industrial_park": VocabTerm("archetype.industrial_park"),
    "hmt_qualitative": VocabTerm("archetype.hmt_qualitative"),
}

Normalisation = Literal["rank", "minmax", "fixed"]


class _Cfg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class DimensionSpec(_Cfg):
    """How one dimension's raw values become 0-1 scores."""

    normalise: Normalisation
    lo: float | None = None
    hi: float | None = None

    @model_validator(mode="after")
    def _bounds(self) -> DimensionSpec:
        if self.normalise == "fixed" and (self.lo is None or self.hi is None or self.hi <= self.lo):
            raise ValueError("lo: fixed normalisation needs numbers lo < hi")
        return self


class MarketParams(_Cfg):
    stage_points: dict[str, float]

    @model_validator(mode="after")
    def _stages(self) -> MarketParams:
        if set(self.stage_points) != set(STAGES):
            raise ValueError(f"stage_points: one number for each of {', '.join(STAGES)}")
        return self


class ResourceParams(_Cfg):
    new_energy_share_full: float = Field(gt=0)
    clean_share_full: float = Field(gt=0)
    share_points: float = Field(ge=0)
    capacity_full: float = Field(gt=0)
    capacity_points: float = Field(ge=0)
    words_points: float = Field(ge=0)
    rich_words: list[str]


class PolicyParams(_Cfg):
    half_life_years: float = Field(gt=0)
    year_only_month: int = Field(ge=1, le=12)
    other_tag_weight: float = Field(ge=0, le=1)


class TightnessParams(_Cfg):
    years: tuple[int, int]
    weather: str
    include_custom: bool = False


class MegaCityRule(_Cfg):
    kinds: list[str]
    judgment_tags_any: list[str]


class WeakGridRule(_Cfg):
    judgment_tags_any: list[str]
    min_scenarios: int = Field(ge=0)


class HydroRule(_Cfg):
    min_clean_share: float
    hydro_metrics: list[str]


class LoadMarketRule(_Cfg):
    min_load_pct: float = Field(ge=0, le=1)
    min_market_points: float = Field(ge=0)


class ResourceRule(_Cfg):
    min_resource_points: float = Field(ge=0)
    max_load_pct: float = Field(ge=0, le=1)
    scenario_tags_any: list[str]


class ComputingRule(_Cfg):
    min_scenarios: int = Field(ge=0)


class IslandRule(_Cfg):
    scenario_tags_any: list[str]


class ArchetypeRules(_Cfg):
    """Thresholds of the archetype rules, and the order they are tried in."""

    order: list[Archetype]
    mega_city_demand: MegaCityRule
    weak_grid_resilience: WeakGridRule
    hydro_based: HydroRule
    load_dense_market: LoadMarketRule
    resource_rich_organising: ResourceRule
    computing_led: ComputingRule
    island: IslandRule
    fallback: Archetype

    @model_validator(mode="after")
    def _tags(self) -> ArchetypeRules:
        tags = [
            *self.mega_city_demand.judgment_tags_any,
            *self.weak_grid_resilience.judgment_tags_any,
            *self.resource_rich_organising.scenario_tags_any,
            *self.island.scenario_tags_any,
        ]
        bad = [t for t in tags if t not in SCENARIO_TAGS]
        if bad:
            raise ValueError(f"archetypes: scenario tags from the region vocabulary, not {bad}")
        metrics = [m for m in self.hydro_based.hydro_metrics if m not in METRICS]
        if metrics:
            raise ValueError(f"archetypes.hydro_based.hydro_metrics: metric ids, not {metrics}")
        return self


class SensitivitySpec(_Cfg):
    draws: int = Field(ge=1, le=1_000_000)
    seed: int
    method: Literal["dirichlet", "uniform"]
    concentration: float = Field(gt=0)
    spread: float = Field(ge=0, lt=1)
    top: int = Field(ge=1)


class AssessmentConfig(_Cfg):
    """The whole ``weights.yaml``."""

    schema_: Literal["gridatlas.opportunity/1"] = Field(alias="schema")
    as_of: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    dimensions: dict[str, DimensionSpec]
    roles: dict[str, dict[str, float]]
    market: MarketParams
    resource: ResourceParams
    policy: PolicyParams
    tightness: TightnessParams
    archetypes: ArchetypeRules
    sensitivity: SensitivitySpec

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    @model_validator(mode="after")
    def _complete(self) -> AssessmentConfig:
        dims = get_args(Dimension)
        extra = set(self.roles) - set(get_args(RoleName))
        if extra:
            raise ValueError(f"roles: only {', '.join(get_args(RoleName))}, not {sorted(extra)}")
        if set(self.dimensions) != set(dims):
            raise ValueError(f"dimensions: one entry for each of {', '.join(dims)}")
        for role in get_args(RoleName):
            if role not in self.roles:
                raise ValueError(f"roles.{role}: weights for this role (it is missing)")
            weights = self.roles[role]
            if set(weights) != set(dims):
                raise ValueError(f"roles.{role}: one weight for each of {', '.join(dims)}")
            if any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
                raise ValueError(f"roles.{role}: non-negative weights with a positive sum")
        return self

    def weights(self, role: str) -> dict[str, float]:
        """The weights of ``role`` scaled to sum to 1, in dimension order."""
        raw = self.roles[role]
        total = sum(raw.values())
        return {d: raw[d] / total for d in get_args(Dimension)}


def dimension_names() -> tuple[str, ...]:
    """The dimensions in their fixed order."""
    return get_args(Dimension)


def _check() -> None:
    for lit, table in ((Dimension, DIMENSIONS), (RoleName, ROLE_NAMES), (Archetype, ARCHETYPES)):
        if tuple(table) != get_args(lit):
            raise RuntimeError("opportunity vocabulary: Literal and label table differ")


_check()
