"""CLI commands regions / region / search, and the Markdown briefs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gridatlas.cli.regions import register
from gridatlas.domain.region_vocab import SECTIONS
from gridatlas.errors import InputError
from gridatlas.io.region_brief import render_brief, write_briefs
from gridatlas.runners.regions import get_region


@pytest.fixture
def app() -> typer.Typer:
    root = typer.Typer()
    register(root)
    return root


def _run(app: typer.Typer, *args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_regions_json(app: typer.Typer) -> None:
    data = json.loads(_run(app, "regions", "--format", "json"))
    assert len(data) == 32
    assert all(list(row) == ["code", "name", "stage", "archetype"] for row in data)
    assert {row["code"] for row in data} >= {"GD", "BJ", "HMT"}


def test_regions_table_languages(app: typer.Typer) -> None:
    zh = _run(app, "regions")
    en = _run(app, "regions", "--lang", "en")
    assert "发展阶段" in zh and "广东" in zh
    assert "stage" in en and "Guangdong" in en


def test_region_json(app: typer.Typer) -> None:
    data = json.loads(_run(app, "region", "guangdong", "--format", "json"))
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
    ]
    assert data["indicators"][0]["source"] == "seed 000 · 广东 · 关键数据指标 · line 133"


def test_region_table_zh_and_en(app: typer.Typer) -> None:
    zh = _run(app, "region", "上海")
    en = _run(app, "region", "SH", "--lang", "en")
    assert "关键数据指标" in zh and "单位" in zh and "亿kWh" in zh
    assert "Key indicators" in en and "unit" in en
    # English switches labels only; the content stays Chinese
    assert "超大城市" in en


def test_region_unknown(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["region", "Atlantis"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)


def test_search_json_and_filters(app: typer.Typer) -> None:
    hits = json.loads(_run(app, "search", "虚拟电厂", "--format", "json"))
    assert hits and all(h["citation"].startswith("seed 000 · ") for h in hits)
    agg = json.loads(_run(app, "search", "虚拟电厂", "--role", "aggregator", "--format", "json"))
    assert 0 < len(agg) < len(hits)
    tagged = json.loads(
        _run(app, "search", "园区", "--tag", "zero_carbon_park", "--format", "json")
    )
    assert tagged and all("zero_carbon_park" in h["tags"] for h in tagged)
    table = _run(app, "search", "坪山", "--lang", "en")
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
    paths = write_briefs(tmp_path, "en")
    assert len(paths) == 32
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    text = (tmp_path / "GD.md").read_text(encoding="utf-8")
    assert text.startswith("# Guangdong 广东（GD）")
