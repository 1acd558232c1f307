"""Unit-list template: round trip, inferred flags, and clear errors for bad rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from gridatlas.app import pipeline as pl
from gridatlas.core.errors import InputError
from gridatlas.reports.units_template import template_rows, write_units
from gridatlas.sources.pipeline_units import COLUMNS, read_units

HEADER = ",".join(COLUMNS)
GOOD = "U1,甲电厂,1号,,甲集团,安徽,,coal,660,false,construction,2022-09,,2023Q4,,,"


def _csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "units.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_template_round_trip(tmp_path: Path, suffix: str) -> None:
    path = write_units(template_rows(example=True), tmp_path / f"t{suffix}")
    units = read_units(path)
    assert [u.unit_id for u in units] == ["EXAMPLE-1", "EXAMPLE-2"]
    again = read_units(write_units(units, tmp_path / f"again{suffix}"))
    assert again == units


def test_flags_inferred_from_status(tmp_path: Path) -> None:
    (u,) = read_units(_csv(tmp_path, GOOD))
    assert u.province == "AH" and u.province_zh == "安徽省"
    assert u.approval is not None and u.approval.actual  # under construction: approved
    assert u.construction_start is not None and u.construction_start.actual
    assert u.construction_start.when == "2023Q4"


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    assert len(read_units(_csv(tmp_path, GOOD, ",,,,,,,,,,,,,,,,"))) == 1


@pytest.mark.parametrize(
    ("row", "where", "expected"),
    [
        (GOOD.replace(",660,", ",-5,"), "row 2.capacity_nom", "positive number of MW"),
        (GOOD.replace(",660,", ",big,"), "row 2.capacity_nom", "positive number of MW"),
        (GOOD.replace("安徽", "Atlantis"), "row 2.province", "mainland province"),
        (GOOD.replace("coal", "oil"), "row 2.fuel", "coal or gas"),
        (GOOD.replace("construction", "building"), "row 2.status", "one of announced"),
        (GOOD.replace("2022-09", "Sept 2022"), "row 2.approval_date", "2023Q4"),
        (GOOD.replace(",false,", ",maybe,"), "row 2.chp", "true or false"),
        (GOOD.replace("U1,", ",", 1), "row 2.unit_id", "non-empty id"),
    ],
)
def test_bad_row_names_file_row_field(tmp_path: Path, row: str, where: str, expected: str) -> None:
    path = _csv(tmp_path, row)
    with pytest.raises(InputError) as info:
        read_units(path)
    msg = str(info.value)
    assert str(path) in msg and where in msg and expected in msg


def test_duplicate_ids_and_bad_columns(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"row 3\.unit_id.*also on row 2"):
        read_units(_csv(tmp_path, GOOD, GOOD))
    with pytest.raises(InputError, match=r"capcity_nom.*template columns"):
        read_units(_csv(tmp_path, GOOD, header=HEADER.replace("capacity_nom", "capcity_nom")))
    short = ",".join(c for c in COLUMNS if c != "status")
    with pytest.raises(InputError, match="'status'"):
        read_units(_csv(tmp_path, GOOD.replace(",construction", ""), header=short))
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        read_units(_csv(tmp_path, GOOD).rename(tmp_path / "units.txt"))


def test_unit_list_forecast_uses_start_plus_cycle(tmp_path: Path) -> None:
    rows = [
        GOOD,  # coal started 2023Q4 → 2025Q4 (24 months)
        "U2,乙电厂,1号,,,浙江,,gas,400,,construction,2022,,2023-01,,,",  # gas → 2024-07
        "U3,丙电厂,1号,,,浙江,,coal,1000,,operating,,,,,2024-03,",  # actual commissioning
        "U4,丁电厂,1号,,,浙江,,coal,1000,,construction,,,,,,",  # unscheduled
        "U5,戊电厂,1号,,,浙江,,coal,1000,,permitted,,,2025-01,false,,",  # not started
    ]
    units = read_units(_csv(tmp_path, *rows))
    f = pl.forecast(units, years=[2024, 2025, 2026])
    assert f.to_json()["by_province"] == {
        "AH": {"coal": [0.0, 660.0, 0.0], "gas": [0.0, 0.0, 0.0]},
        "ZJ": {"coal": [1000.0, 0.0, 0.0], "gas": [400.0, 0.0, 0.0]},
    }
    assert f.unscheduled_mw == 1000.0
    planned = pl.forecast(units, years=[2024, 2025, 2026, 2027], include_planned=True)
    assert planned.by_fuel().loc["coal", 2027] == 1000.0
    assert pl.forecast(units, province="浙江").by_fuel().loc["coal"].sum() == 1000.0


def test_unit_list_capacity_cost_by_size(tmp_path: Path) -> None:
    rows = [
        "U1,甲电厂,1号,,,安徽,,coal,660,,construction,,,2023-01,,,",  # → 2025-01
        "U2,乙电厂,1号,,,安徽,,coal,200,,construction,,,2023-03,,,",  # → 2025-03, small
        "U3,丙电厂,1号,,,安徽,,gas,400,,construction,,,2023-03,,,",  # gas: no capacity price
    ]
    cost = pl.capacity_cost(read_units(_csv(tmp_path, *rows)), existing_fleet_mw=0.0)
    # 2026, share 0.5: 660 MW x 1000 x 330 x 0.5 x 1.0 + 200 MW x 1000 x 330 x 0.5 x 0.8
    # = 1.089e8 + 0.264e8 元 = 1.353 亿元 (footnote 3: 100 % for ≥300 MW, 80 % otherwise)
    assert cost.frame().loc["new_units"].tolist() == pytest.approx([0.0, 1.353, 0.0])
