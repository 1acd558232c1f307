"""The assessment against the book's own judgments (seed 000, 《全国各省市智能微电网发展机会橙皮书》).

Each expectation quotes the book's words and the section they stand in; a
companion test checks that the quote really is in that section of the seed, so
the expectations cannot drift from the source. Where the index disagrees with
the book, the disagreement is listed in ``docs/opportunity.md`` (section
"Disagreements with the book"), and ``DISAGREEMENTS`` below keeps that list
honest: if a disagreement disappears, the test asks for the docs to be updated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gridatlas.app.opportunity import archetypes, assess
from gridatlas.domain.region import SEED_FILE
from gridatlas.sources.region_files import load_regions

ROOT = Path(__file__).resolve().parents[1]
REGIONS = load_regions()
ARCHE = {code: a for code, (a, _) in archetypes().items()}
GENERAL = assess("general")
ROLES = {role: assess(role) for role in ("investor", "integrator", "aggregator", "retailer")}

#: (region, section, the book's words, expected archetype)
ARCHETYPE_EXPECTATIONS = [
    ("GD", "三大核心判断", "负荷密度与市场机制双驱动", "load_dense_market"),
    ("JS", "三大核心判断", "市场条件进入全国第一梯队", "load_dense_market"),
    ("ZJ", "核心结论", "负荷密度高、工业组织能力强、市场规则成熟", "load_dense_market"),
    ("NM", "综合结论", "新能源资源最富集", "resource_rich_organising"),
    ("GS", "综合结论", "资源组织型", "resource_rich_organising"),
    ("XJ", "综合结论", "资源组织型", "resource_rich_organising"),
    ("XJ", "核心结论", "优势来自能源底座", "resource_rich_organising"),
    ("QH", "核心结论", "绿电绿算协同", "resource_rich_organising"),
    ("NX", "核心结论", "能源侧的变化更大", "resource_rich_organising"),
    ("XZ", "核心结论", "岛状负荷和高海拔弱网场景", "weak_grid_resilience"),
    ("BJ", "核心结论", "超大城市负荷侧经营系统", "mega_city_demand"),
    ("SH", "核心结论", "超大城市负荷中心", "mega_city_demand"),
    ("SC", "核心结论", "水电装机和发电量继续保持全国前列", "hydro_based"),
    ("YN", "核心结论", "水电资源丰富", "hydro_based"),
    ("HI", "核心结论", "清洁能源岛", "island"),
    ("GZ", "核心结论", "大数据综合试验区", "computing_led"),
]

_HEADINGS = {
    "核心结论",
    "关键数据指标",
    "三大核心判断",
    "政策与机制线索",
    "区域结构判断",
    "重点场景方向",
    "机会提示",
    "四类主体切入路径",
    "经营层次",
    "公开样板与案例线索",
    "落地路径建议",
    "综合结论",
    "主要约束与风险",
}


def _section(seed: list[str], code: str, heading: str) -> str:
    first, last = REGIONS[code].source_lines
    lines = [x.strip() for x in seed[first - 1 : last]]
    out, on = [], False
    for line in lines:
        if line in _HEADINGS:
            on = line == heading
            continue
        if on:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize(("code", "section", "quote", "archetype"), ARCHETYPE_EXPECTATIONS)
def test_quote_is_in_the_book(
    code: str, section: str, quote: str, archetype: str, shared: Path
) -> None:
    seed = (shared / "seeds" / SEED_FILE).read_text(encoding="utf-8").split("\n")
    assert quote in _section(seed, code, section), f"{code} {section}: {quote!r}"


@pytest.mark.parametrize(("code", "section", "quote", "archetype"), ARCHETYPE_EXPECTATIONS)
def test_archetype_follows_the_book(code: str, section: str, quote: str, archetype: str) -> None:
    assert ARCHE[code] == archetype, f"book ({section}): {quote}"


def test_load_dense_market_group() -> None:
    # 广东/江苏/浙江: load-dense and market-mature (see the quotes above) — top quarter
    # of the 31 on both the load base and market maturity
    for code in ("GD", "JS", "ZJ"):
        row = GENERAL.row(code)
        assert (row.normalised["load_base"] or 0.0) >= 0.75, code
        assert (row.normalised["market_maturity"] or 0.0) >= 0.75, code
        assert row.rank <= 5, code


def test_resource_side_group() -> None:
    # 甘肃/青海/宁夏/新疆/内蒙古 are resource-side: resource score above load score
    for code in ("GS", "QH", "NX", "XJ", "NM"):
        row = GENERAL.row(code)
        resource, load = row.normalised["resource_endowment"], row.normalised["load_base"]
        assert resource is not None and load is not None, code
        assert resource > load, code


def test_mega_cities_are_demand_side() -> None:
    # 北京 综合结论: 优势不在资源端; 上海 综合结论: 不是资源侧孤立项目 — no resource
    # figure is printed for either, so the dimension is missing (not scored as zero)
    for code in ("BJ", "SH"):
        assert "resource_endowment" in GENERAL.row(code).missing


def test_aggregation_stage_regions_lead_the_aggregator_ranking() -> None:
    # the book's stage (核心结论/综合结论): 广东/浙江/山东 复合经营, 北京/上海/江苏 聚合运营 —
    # where VPP aggregation already works, an aggregator should find them in the top 10
    stage_leaders = {c for c, r in REGIONS.items() if r.stage in {"aggregation", "composite"}}
    assert stage_leaders == {"GD", "ZJ", "SD", "BJ", "SH", "JS"}
    top10 = {r.code for r in ROLES["aggregator"].rows[:10]}
    assert stage_leaders <= top10


def test_hmt_is_qualitative() -> None:
    # 港澳台 综合结论: the special edition completes the picture; it has no comparable figures
    assert ARCHE["HMT"] == "hmt_qualitative"
    assert "HMT" not in GENERAL.codes


#: Disagreements with the book, documented in docs/opportunity.md: (region, the
#: book's words, section, a check that the index still disagrees)
DISAGREEMENTS = [
    ("XZ", "全国特色赛道", "综合结论", lambda: GENERAL.row("XZ").rank > 20),
    ("QH", "全国样板赛道", "综合结论", lambda: GENERAL.row("QH").rank > 10),
    ("GS", "资源组织型", "综合结论", lambda: GENERAL.row("GS").rank > 10),
    ("XJ", "资源组织型", "综合结论", lambda: GENERAL.row("XJ").rank > 10),
    ("HI", "独特机遇", "综合结论", lambda: GENERAL.row("HI").rank > 20),
    ("BJ", "优势不在资源端", "综合结论", lambda: ROLES["investor"].row("BJ").rank <= 3),
]


@pytest.mark.parametrize(("code", "quote", "section", "still"), DISAGREEMENTS)
def test_documented_disagreements_hold(code: str, quote: str, section: str, still) -> None:
    doc = (ROOT / "docs" / "opportunity.md").read_text(encoding="utf-8")
    part = doc.split("## Disagreements with the book", 1)[1]
    name = REGIONS[code].name
    assert name in part and quote in part, f"docs/opportunity.md: list {name} ({quote})"
    assert still(), f"{name} no longer disagrees with the book: update docs/opportunity.md"
