"""Case files in and results out: Excel round trip, templates, JSON shape, outlook files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from gridatlas.app.cases import bundled_case_names, load_case, read_case_raw
from gridatlas.app.outlook import run_outlook
from gridatlas.core.errors import InputError
from gridatlas.domain.case import case_from_dict
from gridatlas.reports.case_xlsx_writer import write_case_xlsx
from gridatlas.runners.balance import run_balance
from gridatlas.sources.case_xlsx_reader import read_case_xlsx


@pytest.mark.parametrize("name", bundled_case_names())
def test_excel_round_trip_gives_the_same_results(tmp_path: Path, name: str):
    raw, origin = read_case_raw(name)
    book = tmp_path / f"{name}.xlsx"
    write_case_xlsx(raw, book)
    again = run_balance(case_from_dict(read_case_xlsx(book), str(book)))
    first = run_balance(case_from_dict(raw, origin))
    assert [s.name for s in again.scenarios] == [s.name for s in first.scenarios]
    assert [s.label("en") for s in again.scenarios] == [s.label("en") for s in first.scenarios]
    np.testing.assert_allclose(again.effective_supply, first.effective_supply, rtol=1e-12)
    np.testing.assert_allclose(again.peak_load, first.peak_load, rtol=1e-12)
    assert again.case.sources.keys() == first.case.sources.keys()
    assert again.case.notes_text() == first.case.notes_text()


def test_templates_are_valid_cases_once_capacity_is_filled_in(tmp_path: Path, cli):
    """A blank template says that no capacity was given (not a silent -100 % margin);
    with one capacity filled in, it is a valid case."""
    runner, app = cli
    res = runner.invoke(app, ["template", "--format", "yaml", "-o", str(tmp_path / "t.yaml")])
    assert res.exit_code == 0, res.output
    text = (tmp_path / "t.yaml").read_text(encoding="utf-8")
    assert text.count("#") > 20, "the YAML template explains its fields in comments"
    res = runner.invoke(app, ["template", "--format", "xlsx", "-o", str(tmp_path / "t.xlsx")])
    assert res.exit_code == 0, res.output
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames[0] == "说明 readme" and "装机 capacity" in wb.sheetnames
    for blank in (tmp_path / "t.yaml", tmp_path / "t.xlsx"):
        with pytest.raises(InputError) as info:
            load_case(blank)
        assert info.value.field == "capacity"
        assert "installed capacity" in info.value.expected
        raw, origin = read_case_raw(blank)
        raw["capacity"]["coal"] = 900
        case = case_from_dict(raw, origin)
        assert case.capacity["coal"].tolist() == [9000.0] * len(case.years)  # 万千瓦 → MW


@pytest.mark.parametrize("name", bundled_case_names())
def test_balance_json_has_the_stable_shape(cli, name: str):
    runner, app = cli
    res = runner.invoke(app, ["balance", name, "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.stdout)
    assert doc["case"] == name and doc["unit"] == "MW"
    years = doc["years"]
    assert years == list(range(2023, 2028))
    assert doc["scenarios"]
    for body in doc["scenarios"].values():
        for key in ("effective_supply", "peak_load", "reserve_margin", "surplus"):
            assert len(body[key]) == len(years)
        # margins are fractions, consistent with supply and peak
        m = np.array(body["effective_supply"]) / np.array(body["peak_load"]) - 1
        np.testing.assert_allclose(
            body["reserve_margin"], m, rtol=0, atol=1e-8
        )  # 9 significant digits in JSON


def test_json_unit_option_scales_capacities(cli):
    runner, app = cli
    mw = json.loads(runner.invoke(app, ["balance", "anhui", "-f", "json"]).stdout)
    gw = json.loads(runner.invoke(app, ["balance", "anhui", "-f", "json", "--unit", "GW"]).stdout)
    assert gw["unit"] == "GW"
    a, b = mw["scenarios"]["normal-neutral"], gw["scenarios"]["normal-neutral"]
    np.testing.assert_allclose(np.array(a["peak_load"]) / 1000, b["peak_load"], rtol=1e-6)
    assert a["reserve_margin"] == b["reserve_margin"]


def test_csv_and_table_state_units(cli, tmp_path: Path):
    runner, app = cli
    res = runner.invoke(app, ["balance", "zhejiang", "-f", "csv", "--unit", "万千瓦"])
    header = res.stdout.splitlines()[0]
    assert "effective_supply (万千瓦)" in header and "reserve_margin (p.u.)" in header
    res = runner.invoke(app, ["balance", "zhejiang"])
    assert "万千瓦" in res.stdout and "系统备用率" in res.stdout
    res = runner.invoke(app, ["balance", "zhejiang", "--lang", "en"])
    assert "reserve margin" in res.stdout


def test_scenario_selection(cli):
    runner, app = cli
    doc = json.loads(runner.invoke(app, ["balance", "anhui", "-f", "json", "-s", "extreme"]).stdout)
    assert list(doc["scenarios"]) == ["normal-extreme"]


def test_user_scenario_overrides_a_link(cli):
    res = run_balance(load_case("anhui"))
    late = res.scenario("陕北-安徽推迟")
    base = res.scenario("normal-neutral")
    # 547 万千瓦 missing in 2026 only
    assert res.effective_supply[base, 3] - res.effective_supply[late, 3] == pytest.approx(5470.0)
    assert res.effective_supply[base, 4] == pytest.approx(res.effective_supply[late, 4])


def test_balance_xlsx_output(tmp_path: Path, cli):
    runner, app = cli
    target = tmp_path / "anhui.xlsx"
    res = runner.invoke(app, ["balance", "anhui", "-f", "xlsx", "-o", str(target)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(target)
    assert "安徽" in wb.sheetnames
    labels = [row[0].value for row in wb["安徽"].iter_rows()]
    assert "  煤电" not in labels and "煤电" in labels
    assert any(str(v).startswith("系统备用率") for v in labels if v)


def test_outlook_writes_workbook_chart_and_summary(tmp_path: Path):
    out = run_outlook(tmp_path, draws=2000)
    names = {f.name for f in out.files}
    charts = {f"{n}.{s}" for n in ("reserve_margins", "thermal_pipeline") for s in ("png", "svg")}
    assert {"outlook_summary.csv", "outlook.xlsx", *charts} <= names
    assert {"opportunity_ranking.csv", "opportunity_ranking.png"} <= names
    assert len(list((tmp_path / "briefs").glob("*.md"))) == 32
    for name in charts:
        head = (tmp_path / name).read_bytes()[:500]
        assert head.startswith(b"\x89PNG\r\n\x1a\n") if name.endswith("png") else b"<svg" in head
    wb = load_workbook(tmp_path / "outlook.xlsx")
    balance_sheets = (
        "汇总 summary",
        "安徽",
        "浙江",
        "上海",
        "四川",
        "明细 data",
        "蒙特卡洛 montecarlo",
    )
    money = ("分省经济性 economics", "经济性测算 screens", "灵活性缺口 flex gap")
    for sheet in (*balance_sheets, "火电投产 pipeline", "容量电费 capacity cost", *money):
        assert sheet in wb.sheetnames
    assert len(wb.sheetnames) >= len(balance_sheets) + 2 + 2  # + opportunity sheets
    summary = (tmp_path / "outlook_summary.csv").read_text(encoding="utf-8").splitlines()
    assert summary[0].startswith("province,case,scenario,2023")
    assert len(summary) == 1 + 3 + 4 + 4 + 6
    assert not list(tmp_path.glob(".*")), "no temporary files left behind"
