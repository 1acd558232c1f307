"""Controlled vocabularies of the region knowledge base (format ``gridatlas.region/1``).

Each vocabulary is defined once: a ``Literal`` type that the pydantic models use
for validation, and a table of the same terms with a Chinese and an English
label. :func:`_check` keeps the two in step at import time. The terms and their
meaning are those of ``/work/notes/region_schema.md``; the source is the orange
book, seed 000 (《全国各省市智能微电网发展机会橙皮书》, 本末电碳, 2026-04 V1.0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from gridatlas.core.glossary import Lang, label, terms


@dataclass(frozen=True)
class VocabTerm:
    """One controlled term; its labels live in the glossary under ``key``
    (``data/glossary/vocabulary.csv``, metrics in ``regions.csv``)."""

    key: str

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return terms()[self.key].zh

    @property
    def en(self) -> str:
        """The English label."""
        return terms()[self.key].en

    def label(self, lang: Lang = "zh") -> str:
        """The label in ``lang``."""
        return label(self.key, lang)


Stage = Literal["pilot", "project", "aggregation", "composite"]
STAGES: dict[str, VocabTerm] = {
    "pilot": VocabTerm("stage.pilot"),
    "project": VocabTerm("stage.project"),
    "aggregation": VocabTerm("stage.aggregation"),
    "composite": VocabTerm("stage.composite"),
}

Metric = Literal[
    "gdp",
    "consumption",
    "industrial_consumption",
    "manufacturing_consumption",
    "peak_load",
    "installed_capacity",
    "new_energy_capacity",
    "pv_capacity",
    "wind_capacity",
    "storage_capacity",
    "hydro_capacity",
    "wind_resource",
    "hydro_resource",
    "clean_share",
    "new_energy_share",
    "green_power_trading",
    "market_trading",
    "market_scale",
    "vpp_capacity",
    "dr_capacity",
    "ev_chargers",
    "data_centre",
    "industry_share",
    "population",
    "other",
]
METRICS: dict[str, VocabTerm] = {
    "gdp": VocabTerm("region_gdp"),
    "consumption": VocabTerm("region_consumption"),
    "industrial_consumption": VocabTerm("region_industrial_consumption"),
    "manufacturing_consumption": VocabTerm("region_manufacturing_consumption"),
    "peak_load": VocabTerm("region_peak_load"),
    "installed_capacity": VocabTerm("region_installed_capacity"),
    "new_energy_capacity": VocabTerm("region_new_energy_capacity"),
    "pv_capacity": VocabTerm("region_pv_capacity"),
    "wind_capacity": VocabTerm("region_wind_capacity"),
    "storage_capacity": VocabTerm("region_storage_capacity"),
    "hydro_capacity": VocabTerm("region_hydro_capacity"),
    "wind_resource": VocabTerm("region_wind_resource"),
    "hydro_resource": VocabTerm("region_hydro_resource"),
    "clean_share": VocabTerm("region_clean_share"),
    "new_energy_share": VocabTerm("region_new_energy_share"),
    "green_power_trading": VocabTerm("region_green_power_trading"),
    "market_trading": VocabTerm("region_market_trading"),
    "market_scale": VocabTerm("region_market_scale"),
    "vpp_capacity": VocabTerm("region_vpp_capacity"),
    "dr_capacity": VocabTerm("region_dr_capacity"),
    "ev_chargers": VocabTerm("region_ev_chargers"),
    "data_centre": VocabTerm("region_data_centre"),
    "industry_share": VocabTerm("region_industry_share"),
    "population": VocabTerm("region_population"),
    "other": VocabTerm("region_other"),
}

ScenarioTag = Literal[
    "manufacturing_ci",
    "pv_storage_charging_v2g",
    "flexible_load_pool",
    "zero_carbon_park",
    "computing_datacentre",
    "port_logistics",
    "mining",
    "agriculture",
    "remote_weak_grid",
    "island",
    "cross_border",
    "high_energy_industry",
    "hydrogen",
    "tourism_public",
]
SCENARIO_TAGS: dict[str, VocabTerm] = {
    "manufacturing_ci": VocabTerm("scenario_tag.manufacturing_ci"),
    "pv_storage_charging_v2g": VocabTerm("scenario_tag.pv_storage_charging_v2g"),
    "flexible_load_pool": VocabTerm("scenario_tag.flexible_load_pool"),
    "zero_carbon_park": VocabTerm("scenario_tag.zero_carbon_park"),
    "computing_datacentre": VocabTerm("scenario_tag.computing_datacentre"),
    "port_logistics": VocabTerm("scenario_tag.port_logistics"),
    "mining": VocabTerm("scenario_tag.mining"),
    "agriculture": VocabTerm("scenario_tag.agriculture"),
    "remote_weak_grid": VocabTerm("scenario_tag.remote_weak_grid"),
    "island": VocabTerm("scenario_tag.island"),
    "cross_border": VocabTerm("scenario_tag.cross_border"),
    "high_energy_industry": VocabTerm("scenario_tag.high_energy_industry"),
    "hydrogen": VocabTerm("scenario_tag.hydrogen"),
    "tourism_public": VocabTerm("scenario_tag.tourism_public"),
}

PolicyTag = Literal[
    "vpp",
    "demand_response",
    "spot_market",
    "green_power_trading",
    "new_energy_pricing",
    "tou_tariff",
    "zero_carbon_park",
    "microgrid",
    "distributed_pv",
    "storage",
    "ev_v2g",
    "green_direct_supply",
    "grid_planning",
    "other",
]
POLICY_TAGS: dict[str, VocabTerm] = {
    "vpp": VocabTerm("policy_tag.vpp"),
    "demand_response": VocabTerm("policy_tag.demand_response"),
    "spot_market": VocabTerm("policy_tag.spot_market"),
    "green_power_trading": VocabTerm("policy_tag.green_power_trading"),
    "new_energy_pricing": VocabTerm("policy_tag.new_energy_pricing"),
    "tou_tariff": VocabTerm("policy_tag.tou_tariff"),
    "zero_carbon_park": VocabTerm("policy_tag.zero_carbon_park"),
    "microgrid": VocabTerm("policy_tag.microgrid"),
    "distributed_pv": VocabTerm("policy_tag.distributed_pv"),
    "storage": VocabTerm("policy_tag.storage"),
    "ev_v2g": VocabTerm("policy_tag.ev_v2g"),
    "green_direct_supply": VocabTerm("policy_tag.green_direct_supply"),
    "grid_planning": VocabTerm("policy_tag.grid_planning"),
    "other": VocabTerm("policy_tag.other"),
}

RiskTag = Literal[
    "grid_access",
    "local_consumption",
    "price_volatility",
    "policy_uncertainty",
    "revenue_model",
    "load_uncertainty",
    "competition",
    "financing",
    "technical",
    "climate",
    "cross_border_rules",
    "other",
]
RISK_TAGS: dict[str, VocabTerm] = {
    "grid_access": VocabTerm("risk_tag.grid_access"),
    "local_consumption": VocabTerm("risk_tag.local_consumption"),
    "price_volatility": VocabTerm("risk_tag.price_volatility"),
    "policy_uncertainty": VocabTerm("risk_tag.policy_uncertainty"),
    "revenue_model": VocabTerm("risk_tag.revenue_model"),
    "load_uncertainty": VocabTerm("risk_tag.load_uncertainty"),
    "competition": VocabTerm("risk_tag.competition"),
    "financing": VocabTerm("risk_tag.financing"),
    "technical": VocabTerm("risk_tag.technical"),
    "climate": VocabTerm("risk_tag.climate"),
    "cross_border_rules": VocabTerm("risk_tag.cross_border_rules"),
    "other": VocabTerm("risk_tag.other"),
}

#: The four kinds of market players of 四类主体切入路径.
Role = Literal["investor", "integrator", "aggregator", "retailer"]
ROLES: dict[str, VocabTerm] = {
    "investor": VocabTerm("role.investor"),
    "integrator": VocabTerm("role.integrator"),
    "aggregator": VocabTerm("role.aggregator"),
    "retailer": VocabTerm("role.retailer"),
}

#: Qualifier printed with a figure (超过 416 kW → ``>``; "50%+" → ``+``).
Qualifier = Literal[">", ">=", "<", "<=", "~", "+"]
QUALIFIERS: dict[str, VocabTerm] = {
    ">": VocabTerm("qualifier.gt"),
    ">=": VocabTerm("qualifier.ge"),
    "<": VocabTerm("qualifier.lt"),
    "<=": VocabTerm("qualifier.le"),
    "~": VocabTerm("qualifier.about"),
    "+": VocabTerm("qualifier.plus"),
}

#: Section headings of a region's chapter in the book, and of the briefs.
SECTIONS: dict[str, VocabTerm] = {
    "conclusion": VocabTerm("section.conclusion"),
    "indicators": VocabTerm("section.indicators"),
    "judgments": VocabTerm("section.judgments"),
    "policies": VocabTerm("section.policies"),
    "structure": VocabTerm("section.structure"),
    "scenarios": VocabTerm("section.scenarios"),
    "opportunity_hint": VocabTerm("section.opportunity_hint"),
    "entry_paths": VocabTerm("section.entry_paths"),
    "business_layers": VocabTerm("section.business_layers"),
    "cases": VocabTerm("section.cases"),
    "roadmap": VocabTerm("section.roadmap"),
    "overall": VocabTerm("section.overall"),
    "risks": VocabTerm("section.risks"),
    "notes": VocabTerm("section.notes"),
    "index": VocabTerm("section.index"),
    "reserve": VocabTerm("section.reserve"),
    "citations": VocabTerm("section.citations"),
}

#: Kinds of search hits (``search``), each drawn from one section.
HIT_KINDS: dict[str, VocabTerm] = {
    "indicator": VocabTerm("hit_kind.indicator"),
    "judgment": VocabTerm("hit_kind.judgment"),
    "policy": VocabTerm("hit_kind.policy"),
    "scenario": VocabTerm("hit_kind.scenario"),
    "case": VocabTerm("hit_kind.case"),
    "risk": VocabTerm("hit_kind.risk"),
}

#: Scenario/policy tags that each market player's focus points to, read off the
#: book's 四类主体切入路径 (e.g. 聚合商/平台方 → 重点：可调负荷与分布式资源). Used
#: only to filter search hits by ``--role``; it is not a score.
ROLE_TAGS: dict[str, frozenset[str]] = {
    "investor": frozenset(
        {
            "manufacturing_ci",
            "zero_carbon_park",
            "high_energy_industry",
            "computing_datacentre",
            "green_direct_supply",
            "storage",
        }
    ),
    "integrator": frozenset(
        {
            "manufacturing_ci",
            "zero_carbon_park",
            "pv_storage_charging_v2g",
            "port_logistics",
            "microgrid",
            "distributed_pv",
            "storage",
        }
    ),
    "aggregator": frozenset(
        {
            "flexible_load_pool",
            "pv_storage_charging_v2g",
            "vpp",
            "demand_response",
            "ev_v2g",
            "distributed_pv",
            "storage",
        }
    ),
    "retailer": frozenset(
        {
            "green_power_trading",
            "spot_market",
            "tou_tariff",
            "new_energy_pricing",
            "green_direct_supply",
            "manufacturing_ci",
            "zero_carbon_park",
        }
    ),
}

#: Tags an indicator's metric stands for, so indicators can be filtered by tag/role.
METRIC_TAGS: dict[str, tuple[str, ...]] = {
    "vpp_capacity": ("vpp", "flexible_load_pool"),
    "dr_capacity": ("demand_response", "flexible_load_pool"),
    "green_power_trading": ("green_power_trading",),
    "market_trading": ("spot_market",),
    "market_scale": ("spot_market",),
    "ev_chargers": ("ev_v2g", "pv_storage_charging_v2g"),
    "data_centre": ("computing_datacentre",),
    "storage_capacity": ("storage",),
    "pv_capacity": ("distributed_pv",),
    "manufacturing_consumption": ("manufacturing_ci",),
    "industrial_consumption": ("manufacturing_ci",),
}

#: Every vocabulary by name, for lookups, docs and the glossary.
VOCABULARIES: dict[str, dict[str, VocabTerm]] = {
    "stage": STAGES,
    "metric": METRICS,
    "scenario_tag": SCENARIO_TAGS,
    "policy_tag": POLICY_TAGS,
    "risk_tag": RISK_TAGS,
    "role": ROLES,
    "qualifier": QUALIFIERS,
}

_LITERALS: dict[str, object] = {
    "stage": Stage,
    "metric": Metric,
    "scenario_tag": ScenarioTag,
    "policy_tag": PolicyTag,
    "risk_tag": RiskTag,
    "role": Role,
    "qualifier": Qualifier,
}


def _check() -> None:
    for name, table in VOCABULARIES.items():
        if tuple(table) != get_args(_LITERALS[name]):
            raise RuntimeError(f"region vocabulary {name!r}: Literal and label table differ")


_check()
for _role, _tags in ROLE_TAGS.items():
    if _role not in ROLES or not _tags <= set(SCENARIO_TAGS) | set(POLICY_TAGS):
        raise RuntimeError(f"ROLE_TAGS[{_role!r}] names an unknown role or tag")


def all_tags() -> dict[str, str]:
    """Every scenario, policy and risk tag mapped to its vocabulary name.

    A tag spelled the same in two vocabularies (``zero_carbon_park``,
    ``other``) maps to the first: scenario, then policy, then risk.
    """
    out: dict[str, str] = {}
    for vocab in ("scenario_tag", "policy_tag", "risk_tag"):
        for tag in VOCABULARIES[vocab]:
            out.setdefault(tag, vocab)
    return out


def tag_label(tag: str, lang: Lang = "zh", vocab: str | None = None) -> str:
    """Display label of a scenario, policy or risk tag (the tag itself if unknown).

    ``vocab`` (``scenario_tag``, ``policy_tag`` or ``risk_tag``) picks the
    vocabulary first, for tags spelled the same in two of them.
    """
    order: tuple[str, ...] = ("scenario_tag", "policy_tag", "risk_tag")
    if vocab is not None:
        order = (vocab, *(v for v in order if v != vocab))
    for name in order:
        term = VOCABULARIES[name].get(tag)
        if term is not None:
            return term.label(lang)
    return tag
