"""CLI commands assess and recommend (registered by gridatlas.cli.regions.register)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from gridatlas.core.errors import InputError
from gridatlas.domain.opportunity import dimension_names
from gridatlas.sources.opportunity_config import bundled_weights

RunOk = Callable[..., str]


@pytest.mark.parametrize("role", ["investor", "integrator", "aggregator", "retailer"])
def test_recommend_json_shape(regions_app: typer.Typer, run_ok: RunOk, role: str) -> None:
    data = json.loads(
        run_ok(regions_app, "recommend", "--role", role, "--top", "10", "--format", "json")
    )
    assert len(data) == 10
    for item in data:
        assert list(item)[:5] == ["region", "score", "contributions", "missing", "reasons"]
        assert list(item["contributions"]) == list(dimension_names())
        assert item["scope"].endswith("HMT assessed qualitatively")
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)


def test_recommend_table_zh_en_and_scenario(regions_app: typer.Typer, run_ok: RunOk) -> None:
    # rich wraps long captions: compare without whitespace
    zh = "".join(run_ok(regions_app, "recommend", "--role", "retailer", "--top", "3").split())
    assert "售电/综能" in zh and "港澳台仅作定性评估" in zh and "满分100" in zh
    en = "".join(
        run_ok(regions_app, "recommend", "--role", "retailer", "--top", "3", "--lang", "en").split()
    )
    assert "powerretailer" in en and "pointsof100" in en
    scen = json.loads(
        run_ok(
            regions_app,
            "recommend",
            "--role",
            "investor",
            "--scenario",
            "island",
            "--format",
            "json",
        )
    )
    assert {d["region"] for d in scen} >= {"HI"}
    assert all(any(s["tag"] == "island" for s in d["entry_scenarios"]) for d in scen)


def test_recommend_requires_a_role(regions_app: typer.Typer) -> None:
    result = CliRunner().invoke(regions_app, ["recommend"])
    assert result.exit_code != 0


def test_recommend_bad_scenario(regions_app: typer.Typer) -> None:
    result = CliRunner().invoke(regions_app, ["recommend", "--role", "investor", "--scenario", "x"])
    assert isinstance(result.exception, InputError)


def test_assess_json_with_sensitivity(regions_app: typer.Typer, run_ok: RunOk) -> None:
    data = json.loads(run_ok(regions_app, "assess", "--format", "json", "--sensitivity", "200"))
    assert len(data["regions"]) == 31
    assert data["qualitative"][0]["region"] == "HMT"
    assert data["sensitivity"]["draws"] == 200
    assert len(data["sensitivity"]["regions"]) == 31
    assert data["scale"] == "points of 100"


def test_assess_table(regions_app: typer.Typer, run_ok: RunOk) -> None:
    out = run_ok(regions_app, "assess", "--sensitivity", "100", "--top", "5")
    assert "机会指数" in out and "前10概率" in out
    en = run_ok(regions_app, "assess", "--role", "aggregator", "--lang", "en", "--top", "3")
    assert "aggregator" in en


def test_weights_option(regions_app: typer.Typer, run_ok: RunOk, tmp_path: Path) -> None:
    raw = yaml.safe_load(bundled_weights().read_text(encoding="utf-8"))
    raw["roles"]["aggregator"] = {
        d: (1.0 if d == "market_maturity" else 0.0) for d in dimension_names()
    }
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data = json.loads(
        run_ok(
            regions_app,
            "recommend",
            "--role",
            "aggregator",
            "--weights",
            str(path),
            "--format",
            "json",
        )
    )
    # market maturity alone: every contribution except market maturity is zero
    for d in data:
        assert all(v in (0, None) for k, v in d["contributions"].items() if k != "market_maturity")
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: nope\n", encoding="utf-8")
    result = CliRunner().invoke(regions_app, ["assess", "--weights", str(bad)])
    assert isinstance(result.exception, InputError)


def test_regions_show_archetypes(regions_app: typer.Typer, run_ok: RunOk) -> None:
    rows = json.loads(run_ok(regions_app, "regions", "--format", "json"))
    by = {r["code"]: r["archetype"] for r in rows}
    assert by["GD"] == "load_dense_market" and by["HMT"] == "hmt_qualitative"
    assert "负荷密集·市场驱动" in run_ok(regions_app, "regions")
    region = json.loads(run_ok(regions_app, "region", "西藏", "--format", "json"))
    assert region["archetype"] == "weak_grid_resilience"
    assert "弱网·保供韧性" in run_ok(regions_app, "region", "西藏")
