"""CLI commands regions / region / search, and the Markdown briefs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import typer
from typer.testing import CliRunner

from gridatlas.app.regions import get_region
from gridatlas.core.errors import InputError
from gridatlas.domain.region_vocab import SECTIONS
from gridatlas.reports.region_brief import render_brief, write_briefs
from gridatlas.sources.region_files import load_regions

RunOk = Callable[..., str]


def test_regions_json(regions_app: typer.Typer, run_ok: RunOk) -> None:
    data = json.loads(run_ok(regions_app, "regions", "--format", "json"))
    assert len(data) == 32
    assert all(list(row) == ["code", "name", "stage", "archetype"] for row in data)
    assert {row["code"] for row in data} >= {"GD", "BJ", "HMT"}


def test_regions_table_languages(regions_app: typer.Typer, run_ok: RunOk) -> None:
    zh = run_ok(regions_app, "regions")
    en = run_ok(regions_app, "regions", "--lang", "en")
    assert "发展阶段" in zh and "广东" in zh
    assert "stage" in en and "Guangdong" in en


def test_region_json(regions_app: typer.Typer, run_ok: RunOk) -> None:
    data = json.loads(run_ok(regions_app, "region", "guangdong", "--format", "json"))
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
    assert data["indicators"][0]["source"] == "seed 000 · 广东 · 关键数据指标 · line 133"
    en = json.loads(run_ok(regions_app, "region", "guangdong", "--format", "json", "--lang", "en"))
    assert (en["stage"], en["stage_label"]) == (data["stage"], "composite business")


def test_region_table_zh_and_en(regions_app: typer.Typer, run_ok: RunOk) -> None:
    zh = run_ok(regions_app, "region", "上海")
    en = run_ok(regions_app, "region", "SH", "--lang", "en")
    assert "关键数据指标" in zh and "单位" in zh and "亿kWh" in zh
    assert "Key indicators" in en and "unit" in en
    # English switches labels only; the content stays Chinese
    assert "超大城市" in en


def test_region_unknown(regions_app: typer.Typer) -> None:
    result = CliRunner().invoke(regions_app, ["region", "Atlantis"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)


def test_search_json_and_filters(regions_app: typer.Typer, run_ok: RunOk) -> None:
    hits = json.loads(run_ok(regions_app, "search", "虚拟电厂", "--format", "json"))
    assert hits and all(h["citation"].startswith("seed 000 · ") for h in hits)
    agg = json.loads(
        run_ok(regions_app, "search", "虚拟电厂", "--role", "aggregator", "--format", "json")
    )
    assert 0 < len(agg) < len(hits)
    tagged = json.loads(
        run_ok(regions_app, "search", "园区", "--tag", "zero_carbon_park", "--format", "json")
    )
    assert tagged and all("zero_carbon_park" in h["tags"] for h in tagged)
    table = run_ok(regions_app, "search", "坪山", "--lang", "en")
    assert "1 hits" in table and "307" in table and "case" in table


def test_brief_has_all_sections() -> None:
    region = get_region("广东")
    zh = render_brief(region)
    en = render_brief(region, "en")
    for key in (
        "conclusion",
        "indicators",
        "judgments",
        "policies",
        "structure",
        "scenarios",
        "cases",
        "roadmap",
        "risks",
        "citations",
    ):
        assert f"## {SECTIONS[key].zh}" in zh
        assert f"## {SECTIONS[key].en}" in en
    assert "| 14.58 | 万亿元 | 2025 |" in zh
    assert "单次调节能力 超过 416 kW (L307)" in zh
    assert "more than 416 kW" in en


def test_write_briefs(tmp_path: Path) -> None:
    paths = write_briefs(tmp_path, load_regions().values(), "en")
    assert len(paths) == 32
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    text = (tmp_path / "GD.md").read_text(encoding="utf-8")
    assert text.startswith("# Guangdong 广东（GD）")
