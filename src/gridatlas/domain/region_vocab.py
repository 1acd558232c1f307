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

from gridatlas.glossary import Lang


@dataclass(frozen=True)
class VocabTerm:
    """One controlled term with its display labels."""

    zh: str
    en: str

    def label(self, lang: Lang = "zh") -> str:
        """The label in ``lang``."""
        return self.zh if lang == "zh" else self.en


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

#: Qualifier printed in front of a case figure (超过 416 kW → ``>``).
Qualifier = Literal[">", ">=", "<", "<=", "~"]
QUALIFIERS: dict[str, VocabTerm] = {
    ">": VocabTerm("超过", "more than"),
    ">=": VocabTerm("不少于", "at least"),
    "<": VocabTerm("低于", "less than"),
    "<=": VocabTerm("不超过", "at most"),
    "~": VocabTerm("约", "about"),
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


def tag_label(tag: str, lang: Lang = "zh") -> str:
    """Display label of any scenario, policy or risk tag (the tag itself if unknown)."""
    for vocab in ("scenario_tag", "policy_tag", "risk_tag"):
        term = VOCABULARIES[vocab].get(tag)
        if term is not None:
            return term.label(lang)
    return tag
