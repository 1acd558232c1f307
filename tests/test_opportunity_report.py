"""Opportunity outputs for `gridatlas outlook`: ranking table and chart, briefs, workbook sheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from gridatlas.app.opportunity import opportunity_outputs
from gridatlas.domain.opportunity import dimension_names
from gridatlas.reports.opportunity_report import opportunity_sheets, write_opportunity_outputs


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("opportunity")
    return out, write_opportunity_outputs(out, opportunity_outputs())


def test_files_written(outputs: tuple[Path, list[Path]]) -> None:
    out, paths = outputs
    assert all(p.exists() for p in paths)
    assert (out / "opportunity_ranking.csv") in paths
    assert (out / "opportunity_ranking.png").read_bytes()[:4] == b"\x89PNG"
    briefs = sorted(p.name for p in (out / "briefs").iterdir())
    assert len(briefs) == 32 and "HMT.md" in briefs
    # atomic writes leave no temporary files behind
    assert not [p for p in out.rglob(".*")]


def test_ranking_table(outputs: tuple[Path, list[Path]]) -> None:
    out, _ = outputs
    frame = pd.read_csv(out / "opportunity_ranking.csv")
    assert len(frame) == 31
    assert frame["排名"].tolist() == list(range(1, 32))
    assert "机会指数 (分, 满分100)" in frame.columns
    assert frame["范围说明"].str.contains("港澳台").all()
    assert "HMT" not in set(frame["代码"])


def test_briefs_have_index_and_reserve_outlook(outputs: tuple[Path, list[Path]]) -> None:
    out, _ = outputs
    zj = (out / "briefs" / "ZJ.md").read_text(encoding="utf-8")
    assert "## 机会指数" in zj and "## 备用率展望" in zj
    assert "负荷密集·市场驱动" in zj and "枯水×中性" in zj
    gd = (out / "briefs" / "GD.md").read_text(encoding="utf-8")
    # 广东 has no report case; its outlook comes from the case generated from the national data
    assert "## 机会指数" in gd and "## 备用率展望" in gd and "guangdong-national" in gd
    assert "缺数据，未计入" in gd
    hmt = (out / "briefs" / "HMT.md").read_text(encoding="utf-8")
    assert "定性评估" in hmt


def test_english_outputs(tmp_path: Path) -> None:
    paths = write_opportunity_outputs(tmp_path, opportunity_outputs("en"), "en")
    frame = pd.read_csv(tmp_path / "opportunity_ranking.csv")
    assert "opportunity index (pts of 100)" in frame.columns
    assert "## Opportunity index" in (tmp_path / "briefs" / "SH.md").read_text(encoding="utf-8")
    assert len(paths) == 34


def test_workbook_sheets() -> None:
    sheets = opportunity_sheets(opportunity_outputs(), "zh")
    assert [name for name, _ in sheets] == ["机会排名", "维度贡献"]
    wb = Workbook()
    for name, write in sheets:
        write(wb.create_sheet(name))
    rank = wb["机会排名"]
    assert "港澳台" in str(rank.cell(1, 1).value)
    assert rank.cell(2, 1).value == "排名"
    assert rank.max_row == 2 + 31
    contrib = wb["维度贡献"]
    assert contrib.max_row == 2 + 31 * len(dimension_names())
