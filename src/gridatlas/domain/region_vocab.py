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

from gridatlas.core.glossary import Lang, localized


@dataclass(frozen=True)
class VocabTerm:
    """One controlled term with its display labels."""

    zh: str
    en: str

    def label(self, lang: Lang = "zh") -> str:
        """The label in ``lang``."""
        return localized(lang, self.zh, self.en)


Stage = Literal["pilot", "project", "aggregation", "composite"]
STAGES: dict[str, VocabTerm] = {
    "pilot": VocabTerm("探索示范", "pilot / demonstration"),
    "project": VocabTerm("项目推广", "project roll-out"),
    "aggregation": VocabTerm("聚合运营", "aggregation operation"),
    "composite": VocabTerm("复合经营", "composite business"),
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
    "gdp": VocabTerm("地区生产总值", "GDP"),
    "consumption": VocabTerm("全社会用电量", "total electricity consumption"),
    "industrial_consumption": VocabTerm("工业用电量", "industrial consumption"),
    "manufacturing_consumption": VocabTerm("制造业用电量", "manufacturing consumption"),
    "peak_load": VocabTerm("最大用电负荷", "peak load"),
    "installed_capacity": VocabTerm("电力装机容量", "installed capacity"),
    "new_energy_capacity": VocabTerm("新能源装机", "new-energy capacity"),
    "pv_capacity": VocabTerm("光伏装机", "PV capacity"),
    "wind_capacity": VocabTerm("风电装机", "wind capacity"),
    "storage_capacity": VocabTerm("储能装机", "storage capacity"),
    "hydro_capacity": VocabTerm("水电装机", "hydro capacity"),
    "wind_resource": VocabTerm("风能资源", "wind resource"),
    "hydro_resource": VocabTerm("水能资源", "hydro resource"),
    "clean_share": VocabTerm("清洁能源占比", "clean-energy share"),
    "new_energy_share": VocabTerm("新能源占比", "new-energy share"),
    "green_power_trading": VocabTerm("绿电交易量", "green-power trading"),
    "market_trading": VocabTerm("市场化交易电量", "market trading volume"),
    "market_scale": VocabTerm("电力市场规模", "power-market scale"),
    "vpp_capacity": VocabTerm("虚拟电厂调节能力", "VPP capacity"),
    "dr_capacity": VocabTerm("需求响应能力", "demand-response capacity"),
    "ev_chargers": VocabTerm("充电设施", "EV charging points"),
    "data_centre": VocabTerm("数据中心/算力", "data centres / computing"),
    "industry_share": VocabTerm("产业占比", "industry share"),
    "population": VocabTerm("人口", "population"),
    "other": VocabTerm("其他指标", "other indicator"),
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
    "manufacturing_ci": VocabTerm("制造业园区与工商业", "manufacturing parks and C&I"),
    "pv_storage_charging_v2g": VocabTerm("光储充/车网互动", "PV-storage-charging and V2G"),
    "flexible_load_pool": VocabTerm("楼宇/冷库/物流等柔性负荷池", "flexible load pools"),
    "zero_carbon_park": VocabTerm("零碳园区/绿电直连", "zero-carbon parks / green direct supply"),
    "computing_datacentre": VocabTerm("算力/数据中心", "computing power / data centres"),
    "port_logistics": VocabTerm("港口/物流", "ports and logistics"),
    "mining": VocabTerm("矿区", "mining areas"),
    "agriculture": VocabTerm("农业/农村", "agriculture / rural"),
    "remote_weak_grid": VocabTerm("偏远/弱网/保供韧性", "remote / weak-grid resilience"),
    "island": VocabTerm("海岛", "islands"),
    "cross_border": VocabTerm("跨境/跨区电力", "cross-border / inter-regional power"),
    "high_energy_industry": VocabTerm(
        "高载能产业/源网荷储一体化", "energy-intensive industry / source-grid-load-storage"
    ),
    "hydrogen": VocabTerm("氢能", "hydrogen"),
    "tourism_public": VocabTerm("文旅/公共设施", "tourism and public facilities"),
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
    "vpp": VocabTerm("虚拟电厂", "virtual power plant"),
    "demand_response": VocabTerm("需求响应", "demand response"),
    "spot_market": VocabTerm("电力现货/市场交易", "spot / power market"),
    "green_power_trading": VocabTerm("绿电交易", "green-power trading"),
    "new_energy_pricing": VocabTerm("新能源上网电价/机制电价", "new-energy pricing"),
    "tou_tariff": VocabTerm("分时电价", "time-of-use tariff"),
    "zero_carbon_park": VocabTerm("零碳园区", "zero-carbon park"),
    "microgrid": VocabTerm("智能微电网", "smart microgrid"),
    "distributed_pv": VocabTerm("分布式光伏", "distributed PV"),
    "storage": VocabTerm("新型储能", "energy storage"),
    "ev_v2g": VocabTerm("充电/车网互动", "EV charging / V2G"),
    "green_direct_supply": VocabTerm("绿电直连", "green-power direct supply"),
    "grid_planning": VocabTerm("电网规划/配网", "grid planning / distribution"),
    "other": VocabTerm("其他", "other"),
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
    "grid_access": VocabTerm("接网/配网承载", "grid access / hosting capacity"),
    "local_consumption": VocabTerm("消纳", "local absorption"),
    "price_volatility": VocabTerm("价格/收益波动", "price / revenue volatility"),
    "policy_uncertainty": VocabTerm("政策/规则不确定", "policy / rule uncertainty"),
    "revenue_model": VocabTerm("商业模式/收益不清", "unclear business model"),
    "load_uncertainty": VocabTerm("负荷/客户不稳定", "load / customer uncertainty"),
    "competition": VocabTerm("竞争", "competition"),
    "financing": VocabTerm("融资", "financing"),
    "technical": VocabTerm("技术/安全", "technical / safety"),
    "climate": VocabTerm("气候/自然条件", "climate / natural conditions"),
    "cross_border_rules": VocabTerm("跨境规则", "cross-border rules"),
    "other": VocabTerm("其他", "other"),
}

#: The four kinds of market players of 四类主体切入路径.
Role = Literal["investor", "integrator", "aggregator", "retailer"]
ROLES: dict[str, VocabTerm] = {
    "investor": VocabTerm("投资方/产业方", "investor / industrial owner"),
    "integrator": VocabTerm("方案商/集成商", "solution provider / integrator"),
    "aggregator": VocabTerm("聚合商/平台方", "aggregator / platform"),
    "retailer": VocabTerm("售电/综能", "power retailer / integrated energy"),
}

#: Qualifier printed with a figure (超过 416 kW → ``>``; "50%+" → ``+``).
Qualifier = Literal[">", ">=", "<", "<=", "~", "+"]
QUALIFIERS: dict[str, VocabTerm] = {
    ">": VocabTerm("超过", "more than"),
    ">=": VocabTerm("不少于", "at least"),
    "<": VocabTerm("低于", "less than"),
    "<=": VocabTerm("不超过", "at most"),
    "~": VocabTerm("约", "about"),
    "+": VocabTerm("以上", "or more"),
}

#: Section headings of a region's chapter in the book, and of the briefs.
SECTIONS: dict[str, VocabTerm] = {
    "conclusion": VocabTerm("核心结论", "Core conclusion"),
    "indicators": VocabTerm("关键数据指标", "Key indicators"),
    "judgments": VocabTerm("三大核心判断", "Three core judgments"),
    "policies": VocabTerm("政策与机制线索", "Policy timeline"),
    "structure": VocabTerm("区域结构判断", "Regional structure"),
    "scenarios": VocabTerm("重点场景方向", "Scenario directions"),
    "opportunity_hint": VocabTerm("机会提示", "Opportunity hint"),
    "entry_paths": VocabTerm("四类主体切入路径", "Entry paths by market player"),
    "business_layers": VocabTerm("经营层次", "Business layers"),
    "cases": VocabTerm("公开样板与案例线索", "Public cases"),
    "roadmap": VocabTerm("落地路径建议", "Roadmap"),
    "overall": VocabTerm("综合结论", "Overall conclusion"),
    "risks": VocabTerm("主要约束与风险", "Constraints and risks"),
    "notes": VocabTerm("数据说明", "Data notes"),
    "index": VocabTerm("机会指数", "Opportunity index"),
    "reserve": VocabTerm("备用率展望", "Reserve-margin outlook"),
    "citations": VocabTerm("引用", "Citations"),
}

#: Kinds of search hits (``search``), each drawn from one section.
HIT_KINDS: dict[str, VocabTerm] = {
    "indicator": VocabTerm("指标", "indicator"),
    "judgment": VocabTerm("核心判断", "judgment"),
    "policy": VocabTerm("政策", "policy"),
    "scenario": VocabTerm("场景", "scenario"),
    "case": VocabTerm("案例", "case"),
    "risk": VocabTerm("风险", "risk"),
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
