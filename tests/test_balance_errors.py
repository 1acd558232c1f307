"""Bad input: one clear line naming file, field and expectation; exit 2; no traceback;
nothing half-written."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from gridatlas.core.errors import InputError
from gridatlas.domain.case import case_from_dict
from gridatlas.reports.case_xlsx_writer import write_case_xlsx
from gridatlas.sources.case_files import read_case_raw


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gridatlas", *args], capture_output=True, text=True, timeout=120
    )


def anhui() -> dict:
    raw, _ = read_case_raw("anhui")
    return copy.deepcopy(raw)


def _mutations():
    def negative(raw):
        raw["capacity"]["coal"][2] = -5

    def missing_year(raw):
        raw["capacity"]["wind"] = {2023: 722, 2024: 822, 2026: 1002, 2027: 1082}

    def short_list(raw):
        raw["capacity"]["solar"] = [3223, 4023, 4823, 5423]

    def share_above_one(raw):
        raw["links"][0]["share"] = 1.5

    def unknown_technology(raw):
        raw["capacity"]["biomass"] = 100

    def no_unit(raw):
        del raw["unit"]

    def link_to_itself(raw):
        raw["links"][0]["peer"] = "Anhui"

    def text_in_number(raw):
        raw["load"]["consumption_growth"][3] = "about 7"

    def unknown_link_type(raw):
        raw["links"][1]["type"] = "cable"

    def gap_in_years(raw):
        raw["years"] = [2023, 2024, 2026, 2027, 2028]

    return {
        "negative capacity": (negative, "capacity.coal[2025]", "a capacity ≥ 0"),
        "missing year": (missing_year, "capacity.wind[2025]", "a value for every year"),
        "wrong length": (short_list, "capacity.solar", "5 values, one per year"),
        "share above 1": (share_above_one, "links[昌吉-古泉直流].share", "a number ≤ 1"),
        "unknown technology": (unknown_technology, "capacity.biomass", "a technology among coal"),
        "units not declared": (no_unit, "unit", "capacity unit declared as `unit:`"),
        "link to itself": (link_to_itself, "links[昌吉-古泉直流].peer", "a province other than"),
        "text in a number": (text_in_number, "load.consumption_growth", "a number at position 4"),
        "unknown link type": (unknown_link_type, "links[陕北-安徽直流].type", "one of 'fleet'"),
        "gap in years": (gap_in_years, "years", "consecutive years"),
    }


MUTATIONS = _mutations()


@pytest.mark.parametrize("kind", list(MUTATIONS))
def test_bad_case_raises_one_input_error(kind):
    mutate, field, expected = MUTATIONS[kind]
    raw = anhui()
    mutate(raw)
    with pytest.raises(InputError) as info:
        case_from_dict(raw, "my_case.yaml")
    err = info.value
    assert err.source == "my_case.yaml"
    assert err.field == field
    assert expected in err.expected


@pytest.mark.parametrize("kind", ["negative capacity", "units not declared", "link to itself"])
def test_cli_reports_bad_yaml_without_traceback(tmp_path: Path, kind):
    mutate, field, expected = MUTATIONS[kind]
    raw = anhui()
    mutate(raw)
    case_file = tmp_path / "bad.yaml"
    case_file.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "result.json"
    proc = run_cli("balance", str(case_file), "--format", "json", "-o", str(out))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    message = " ".join(proc.stderr.split())
    assert str(case_file) in message and field in message and expected in message
    assert not out.exists()


def test_excel_non_numeric_cell_is_named_by_sheet_and_cell(tmp_path: Path):
    book = tmp_path / "case.xlsx"
    write_case_xlsx(anhui(), book)
    wb = load_workbook(book)
    ws = wb["装机 capacity"]
    assert ws["A2"].value == "coal" and ws["D1"].value == 2025
    ws["D2"] = "n/a"
    wb.save(book)
    proc = run_cli("balance", str(book))
    assert proc.returncode == 2
    message = " ".join(proc.stderr.split())
    assert "Traceback" not in message
    assert f"{book}: 装机 capacity!D2 (coal 2025): expected a number (got 'n/a')" in message


def test_excel_missing_sheet(tmp_path: Path):
    book = tmp_path / "case.xlsx"
    write_case_xlsx(anhui(), book)
    wb = load_workbook(book)
    del wb["负荷 load"]
    wb.save(book)
    proc = run_cli("balance", str(book))
    assert proc.returncode == 2
    assert "负荷 load" in proc.stderr and "Traceback" not in proc.stderr


def test_yaml_syntax_error_names_line(tmp_path: Path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: x\nyears: [2023, 2024\nunit: MW\n", encoding="utf-8")
    proc = run_cli("balance", str(bad))
    assert proc.returncode == 2
    assert str(bad) in proc.stderr and "line" in proc.stderr and "valid YAML" in proc.stderr


def test_unknown_case_name_lists_bundled_cases():
    proc = run_cli("balance", "atlantis")
    assert proc.returncode == 2
    assert "anhui" in proc.stderr and "Traceback" not in proc.stderr


def test_unknown_scenario_is_named():
    proc = run_cli("balance", "anhui", "--scenario", "monsoon")
    assert proc.returncode == 2
    assert "--scenario" in proc.stderr and "normal-neutral" in proc.stderr
