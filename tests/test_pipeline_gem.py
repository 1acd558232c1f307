"""GEM Global Coal Plant Tracker adapter: the real July 2023 file and synthetic layouts.

The real workbook is read once per module (about 3-4 s). Expected values below
are cells of that workbook as printed by a plain ``pandas.read_excel`` look at
sheet ``Units`` (not by this adapter), and the China row count stated in
../shared/README.md.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gridatlas.app import pipeline as pl
from gridatlas.core.errors import InputError
from gridatlas.domain.pipeline import Status
from gridatlas.sources.gem import REQUIRED, VARIABLE_MAP, parent_group, parse_permit, read_gem

GEM = (
    Path(__file__).resolve().parents[1].parent
    / "shared/data/gem/Global-Coal-Plant-Tracker-July-2023.xlsx"
)


@pytest.fixture(scope="module")
def gem_units() -> list:
    if not GEM.is_file():
        pytest.skip(f"GEM workbook not found at {GEM} (../shared is not beside the repository)")
    return read_gem(GEM)


def test_real_file_has_every_china_unit(gem_units: list) -> None:
    assert len(gem_units) == 5981  # ../shared/README.md
    assert len({u.unit_id for u in gem_units}) == len(gem_units)
    assert {u.fuel.value for u in gem_units} == {"coal"}
    assert all(len(u.province) == 2 and u.province_zh for u in gem_units)


def test_real_file_statuses_and_fleet(gem_units: list) -> None:
    counts: dict[str, int] = {}
    for u in gem_units:
        counts[u.status.value] = counts.get(u.status.value, 0) + 1
    # raw Status column counts of the China rows
    assert counts == {
        "operating": 3115,
        "retired": 1094,
        "cancelled": 1016,
        "construction": 246,
        "permitted": 166,
        "pre-permit": 150,
        "announced": 93,
        "shelved": 90,
        "mothballed": 11,
    }
    operating = sum(u.capacity_nom for u in gem_units if u.status == Status.OPERATING)
    assert operating == pytest.approx(1_108_908.0)  # raw sum of Capacity (MW), operating


def test_real_file_known_unit(gem_units: list) -> None:
    # Anhui Huainan Panji power station, Phase II, Unit 3: Permits "2022-09-28",
    # Start year 2025, construction, Anhui, 660 MW
    u = next(
        u
        for u in gem_units
        if u.plant == "Anhui Huainan Panji power station" and u.unit == "Phase II, Unit 3"
    )
    assert (u.province, u.capacity_nom, u.status) == ("AH", 660.0, Status.CONSTRUCTION)
    assert u.approval is not None and u.approval.when == "2022-09-28" and u.approval.actual
    assert u.commissioning is not None and u.commissioning.when == "2025"
    assert not u.commissioning.actual
    assert u.construction_start is None  # the tracker has none


def test_real_file_approval_ranking(gem_units: list) -> None:
    top = pl.approval_ranking(gem_units, "province", [2022], top=2)
    # report 004 §1.2 ranks 广东 then 安徽 for 2022; GEM agrees
    assert top["province"].tolist() == ["GD", "AH"]


# --- synthetic
def _workbook(path: Path, rows: list[dict], drop: str | None = None, sheet: str = "Units") -> Path:
    columns = [*VARIABLE_MAP, "Country"]
    columns = [c for c in dict.fromkeys(columns) if c != drop]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(columns)
    for r in rows:
        ws.append([r.get(c) for c in columns])
    wb.save(path)
    return path


ROWS = [
    {
        "GEM unit/phase ID": "G1",
        "Country": "China",
        "Plant name": "Example cogen power station",
        "Unit name": "Unit 1",
        "Parent": "Huaneng Power International Inc [40.0%]; China Datang Corp [60.0%]",
        "Capacity (MW)": 350,
        "Status": "construction",
        "Start year": 2025,
        "Subnational unit (province, state)": "Inner Mongolia",
        "Permits": "2020-06-24; 2015-6-30",
    },
    {
        "GEM unit/phase ID": "G2",
        "Country": "India",
        "Plant name": "Elsewhere",
        "Unit name": "Unit 1",
        "Capacity (MW)": 500,
        "Status": "operating",
        "Subnational unit (province, state)": "Gujarat",
        "Permits": None,
    },
    {
        "GEM unit/phase ID": "G3",
        "Country": "China",
        "Plant name": "Example power station",
        "Unit name": "Unit 2",
        "Parent": "Somebody Co Ltd",
        "Capacity (MW)": 660,
        "Status": "operating",
        "Start year": 2019,
        "Subnational unit (province, state)": "Shaanxi",
        "Permits": "no permit",
        "Captive industry use": "CHP",
    },
]


def test_synthetic_rows_are_mapped(tmp_path: Path) -> None:
    units = read_gem(_workbook(tmp_path / "gem.xlsx", ROWS))
    assert [u.unit_id for u in units] == ["G1", "G3"]  # China rows only
    g1, g3 = units
    assert (g1.province, g1.parent, g1.chp) == ("NM", "大唐集团", True)
    assert g1.approval is not None and g1.approval.when == "2015-06-30"  # earliest permit
    assert (g3.province, g3.parent, g3.chp, g3.approval) == ("SN", "Somebody Co Ltd", True, None)
    assert g3.commissioning is not None and g3.commissioning.actual


@pytest.mark.parametrize("column", REQUIRED)
def test_missing_column_names_file_sheet_and_column(tmp_path: Path, column: str) -> None:
    path = _workbook(tmp_path / "old.xlsx", ROWS, drop=column)
    with pytest.raises(InputError) as info:
        read_gem(path)
    msg = str(info.value)
    assert str(path) in msg and "sheet 'Units'" in msg and column in msg


def test_optional_columns_may_be_missing(tmp_path: Path) -> None:
    units = read_gem(_workbook(tmp_path / "gem.xlsx", ROWS, drop="Parent"))
    assert units[0].parent == ""


def test_missing_sheet_and_bad_values(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="sheet named 'Units'"):
        read_gem(_workbook(tmp_path / "a.xlsx", ROWS, sheet="Plants"))
    bad = [dict(ROWS[0], Status="demolished")]
    with pytest.raises(InputError, match=r"row 2\.Status.*demolished"):
        read_gem(_workbook(tmp_path / "b.xlsx", bad))
    bad = [dict(ROWS[0], **{"Subnational unit (province, state)": "Atlantis"})]
    with pytest.raises(InputError, match=r"row 2\.Subnational unit"):
        read_gem(_workbook(tmp_path / "c.xlsx", bad))
    with pytest.raises(InputError, match="existing GEM"):
        read_gem(tmp_path / "absent.xlsx")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022-9-28", "2022-09-28"),
        ("2015-6", "2015-06"),
        (2020, "2020"),
        ("no permit", None),
        ("2015-5-12 [Likely Expired]", "2015-05-12"),
        ("2015-12-18、2020", "2015-12-18"),
        ("2009－12", "2009-12"),
        ("2015-210", "2015"),
        (None, None),
    ],
)
def test_parse_permit(cell: object, expected: str | None) -> None:
    assert parse_permit(cell) == expected


def test_parent_group_takes_the_largest_holder() -> None:
    assert parent_group("GD POWER Development Co Ltd") == "国家能源集团"
    assert parent_group("A Co [30.0%]; China Huadian Group Corp [70.0%]") == "华电集团"
    assert parent_group(None) == ""
