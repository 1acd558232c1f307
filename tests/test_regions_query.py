"""Query API of the region knowledge base: list, look up, search, JSON shapes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.app.regions import get_region, list_regions, search
from gridatlas.core.errors import InputError
from gridatlas.domain.opportunity import ARCHETYPES
from gridatlas.domain.region_vocab import HIT_KINDS, ROLE_TAGS
from gridatlas.reports.region_json import region_json
from gridatlas.runners.regions import Hit, region_hits, resolve_code

CITATION = "seed 000 · "


def test_list_regions_shape() -> None:
    rows = list_regions()
    assert len(rows) == 32
    for row in rows:
        data = row.to_json()
        assert list(data) == ["code", "name", "stage", "archetype"]
        # every region gets an archetype from the assessment's rules
        assert data["archetype"] in ARCHETYPES
        assert data["stage"] in {"pilot", "project", "aggregation", "composite"}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("广东", "GD"),
        ("广东省", "GD"),
        ("guangdong", "GD"),
        ("Guangdong", "GD"),
        ("gd", "GD"),
        ("内蒙古", "NM"),
        ("Inner Mongolia", "NM"),
        ("港澳台", "HMT"),
        ("HMT", "HMT"),
        ("香港", "HMT"),
        ("Macau", "HMT"),
        ("TW", "HMT"),
    ],
)
def test_get_region_by_any_spelling(name: str, code: str) -> None:
    assert resolve_code(name) == code
    assert get_region(name).code == code


def test_unknown_region_is_input_error() -> None:
    with pytest.raises(InputError) as info:
        get_region("Atlantis")
    assert info.value.field == "name"
    assert info.value.got == "Atlantis"


def test_region_json_shape() -> None:
    data = region_json(get_region("广东"))
    assert list(data) == [
        "code",
        "name",
        "indicators",
        "policies",
        "scenarios",
        "cases",
        "risks",
        "archetype",
        "stage",
        "archetype_label",
        "stage_label",
    ]
    assert (data["code"], data["name"], data["stage"], data["archetype"]) == (
        "GD",
        "广东",
        "composite",
        None,
    )
    assert (data["stage_label"], data["archetype_label"]) == ("复合经营", None)
    for ind in data["indicators"]:
        # the keys first, then the extras for figures printed in words or as bounds
        assert list(ind) == [
            "metric",
            "value",
            "unit",
            "year",
            "label",
            "source",
            "value_text",
            "qualifier",
        ]
        assert ind["source"].startswith(CITATION + "广东 · ")
        assert " · line " in ind["source"]
    for pol in data["policies"]:
        assert list(pol) == ["date", "theme", "summary", "source"]
    pingshan = next(c for c in data["cases"] if c["name"] == "深圳坪山园区")
    assert pingshan["figures"][0] == {
        "value": 416,
        "unit": "kW",
        "qualifier": ">",
        "label": "单次调节能力",
        "source": "seed 000 · 广东 · 公开样板与案例线索 · line 307",
    }
    json.dumps(data, ensure_ascii=False)
    dense = region_json(get_region("广东"), "load_dense_market", "en")
    assert (dense["archetype"], dense["archetype_label"]) == (
        "load_dense_market",
        "load-dense market-driven",
    )
    assert dense["stage_label"] == "composite business"


def test_region_json_words_and_bounds() -> None:
    # 吉林 关键数据指标 prints "丰富 / 风能资源" (line 3429) and 福建 "50%+ / 数字经济占比" (line 4072)
    jl = {i["label"]: i for i in region_json(get_region("吉林"))["indicators"]}
    assert jl["风能资源"]["value"] is None
    assert jl["风能资源"]["value_text"] == "丰富"
    assert jl["风能资源"]["source"] == "seed 000 · 吉林 · 关键数据指标 · line 3429"
    fj = {i["label"]: i for i in region_json(get_region("福建"))["indicators"]}
    assert (fj["数字经济占比"]["value"], fj["数字经济占比"]["qualifier"]) == (50, "+")
    hits = search("风能资源", regions=["吉林"], kind="indicator")
    assert [h.text for h in hits] == ["风能资源：丰富"]


@pytest.mark.parametrize("code", [r.code for r in list_regions()])
def test_every_region_serialises(code: str) -> None:
    data = json.loads(json.dumps(region_json(get_region(code)), ensure_ascii=False))
    assert data["code"] == code
    assert data["indicators"] and data["risks"] and data["policies"]


def test_search_virtual_power_plant() -> None:
    hits = search("虚拟电厂")
    assert len(hits) >= 20
    assert {h.kind for h in hits} >= {"policy", "case", "judgment", "scenario", "indicator"}
    assert len({h.region for h in hits}) >= 10
    for h in hits:
        cite = str(h.citation)
        assert cite.startswith(f"{CITATION}{h.region_name} · ")
        assert ("line " in cite) or ("lines " in cite)
    guangzhou = [h for h in hits if h.text.startswith("广州V2G微网")]
    assert guangzhou
    assert str(guangzhou[0].citation) == "seed 000 · 广东 · 公开样板与案例线索 · line 311"


def test_search_filters() -> None:
    everything = search("")
    by_tag = search("", tag="vpp")
    assert by_tag and all("vpp" in h.tags for h in by_tag)
    by_role = search("虚拟电厂", role="aggregator")
    assert by_role and all(ROLE_TAGS["aggregator"] & set(h.tags) for h in by_role)
    assert len(by_role) < len(search("虚拟电厂"))
    cases = search("", kind="case")
    assert cases and {h.kind for h in cases} == {"case"}
    only = search("", regions=["广东", "sichuan"])
    assert {h.region for h in only} == {"GD", "SC"}
    assert len(everything) > len(by_tag)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"tag": "nope"}, "tag"), ({"role": "banker"}, "role"), ({"kind": "rumour"}, "kind")],
)
def test_search_rejects_unknown_filters(kwargs: dict[str, str], field: str) -> None:
    with pytest.raises(InputError) as info:
        search("x", **kwargs)
    assert info.value.field == field


ALL_HITS: list[Hit] = [h for r in list_regions() for h in region_hits(get_region(r.code))]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(ALL_HITS), st.data())
def test_any_piece_of_a_hit_finds_it(hit: Hit, data: st.DataObject) -> None:
    # invariant: searching for any word-free slice of a hit's text returns that hit
    text = hit.text
    start = data.draw(st.integers(0, max(len(text) - 2, 0)))
    stop = data.draw(st.integers(start + 1, min(len(text), start + 12)))
    query = text[start:stop].strip()
    if not query or any(ch.isspace() for ch in query):
        return
    assert hit in search(query, regions=[hit.region], kind=hit.kind)


def test_hit_kinds_are_the_documented_ones() -> None:
    assert {h.kind for h in ALL_HITS} == set(HIT_KINDS)
    for h in ALL_HITS[:5]:
        assert list(h.to_json()) == ["region", "name", "kind", "text", "tags", "citation"]
