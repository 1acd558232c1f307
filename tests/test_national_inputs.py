"""Bad user-supplied national inputs: one InputError naming file, row and field; nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

from gridatlas.app.data_build import build_national, write_national
from gridatlas.app.data_overlay import import_storage
from gridatlas.cli import app
from gridatlas.core.errors import InputError
from gridatlas.core.provinces import all_provinces
from gridatlas.sources.gem_trackers import LAYOUTS, read_tracker
from gridatlas.sources.pik_load import read_consumption
from gridatlas.sources.uhv_lines import read_uhv_lines
from gridatlas.sources.user_capacity import read_user_capacity

CODES = [p.code for p in all_provinces() if p.mainland]
WIND_HEADER = list(LAYOUTS["wind"].variable_map)


def wind_row(**over: object) -> list[object]:
    base: dict[str, object] = {
        "GEM phase ID": "G1",
        "Country/Area": "China",
        "Project Name": "Farm",
        "Phase Name": "1",
        "Capacity (MW)": 50,
        "Installation Type": "Onshore",
        "Status": "operating",
        "Start year": 2018,
        "Retired year": None,
        "State/Province": "Hebei",
    }
    base.update(over)
    return [base[c] for c in WIND_HEADER]


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for r in rows:
            ws.append(r)
    book.save(path)
    return path


def test_a_clean_tiny_tracker_reads(tmp_path: Path) -> None:
    f = write_book(
        tmp_path / "w.xlsx",
        {
            "Data": [
                WIND_HEADER,
                wind_row(),
                wind_row(**{"GEM phase ID": "G2", "State/Province": "Sichuan - Yunnan border"}),
            ]
        },
    )
    units = read_tracker(f, "wind")
    assert list(units.frame["province"]) == ["HE", "SC", "YN"]
    assert list(units.frame["capacity_nom"]) == [50.0, 25.0, 25.0]
    assert units.notes["border rows split 50/50"] == 1


@pytest.mark.parametrize(
    ("rows", "field", "header"),
    [
        ([wind_row(**{"State/Province": "Atlantis"})], "row 2.State/Province", None),
        ([wind_row(), wind_row(**{"Capacity (MW)": -5})], "row 3.Capacity (MW)", None),
        ([wind_row(**{"Start year": 2150})], "row 2.Start year", None),
        ([wind_row()], "Installation Type", [c for c in WIND_HEADER if c != "Installation Type"]),
    ],
    ids=["unknown province", "negative MW", "year out of range", "missing column"],
)
def test_bad_tracker_names_file_row_and_field(
    tmp_path: Path, rows: list[list[object]], field: str, header: list[str] | None
) -> None:
    if header is not None:
        rows = [[v for c, v in zip(WIND_HEADER, r, strict=True) if c in header] for r in rows]
    f = write_book(tmp_path / "bad.xlsx", {"Data": [header or WIND_HEADER, *rows]})
    with pytest.raises(InputError) as exc:
        read_tracker(f, "wind")
    assert str(f) in exc.value.source and "Data" in exc.value.source
    assert exc.value.field == field


def consumption_text(rows: dict[str, str] | None = None, header: str = ",2020,2025") -> str:
    lines = [header] + [f"{p},{v}" for p, v in (rows or {"Anhui": "1.0,2.0"}).items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (consumption_text({"Anhui": "1,2", "Atlantis": "1,2"}), "row 3."),
        (consumption_text({"Anhui": "1,-2"}), "row 2.2025"),
        (consumption_text(header=",2020,2250"), "2250"),
        ("province\nAnhui\n", ""),
    ],
    ids=["unknown province", "negative", "year out of range", "missing year columns"],
)
def test_bad_consumption_file(tmp_path: Path, text: str, field: str) -> None:
    f = tmp_path / "consumption.csv"
    f.write_text(text)
    with pytest.raises(InputError) as exc:
        read_consumption(f)
    assert exc.value.source == str(f)
    assert exc.value.field.startswith(field)


LINK_HEADER = (
    "UHV Power Transmission Line,UHV Transmission Line in Chinese,Status,Commissioned Year,"
    "Capacity (MW),Technology,Start_Region,End_Region"
)


@pytest.mark.parametrize(
    ("row", "field", "header"),
    [
        (
            "A-B,甲乙,operating,2020,8000,±800 kV Ultra-DC,Atlantis,Anhui",
            "row 3.Start_Region",
            LINK_HEADER,
        ),
        (
            "A-B,甲乙,operating,2020,-8000,±800 kV Ultra-DC,Gansu,Anhui",
            "row 3.Capacity (MW)",
            LINK_HEADER,
        ),
        (
            "A-B,甲乙,operating,2150,8000,±800 kV Ultra-DC,Gansu,Anhui",
            "row 3.Commissioned Year",
            LINK_HEADER,
        ),
        (
            "A-B,甲乙,operating,2020,±800 kV Ultra-DC,Gansu,Anhui",
            "Capacity (MW)",
            LINK_HEADER.replace("Capacity (MW),", ""),
        ),
    ],
    ids=["unknown province", "negative MW", "year out of range", "missing column"],
)
def test_bad_link_file(tmp_path: Path, row: str, field: str, header: str) -> None:
    f = tmp_path / "links.csv"
    f.write_text(f"# comment line\n{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_uhv_lines(f)
    assert exc.value.source == str(f)
    assert exc.value.field == field


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("province,year\nAnhui,2024\n", "mw"),
        ("province,year,mw\nAtlantis,2024,5\n", "row 2.province"),
        ("province,year,mw\nAnhui,2024,-5\n", "row 2.mw"),
        ("province,year,mw\nAnhui,1850,5\n", "row 2.year"),
    ],
    ids=["missing column", "unknown province", "negative MW", "year out of range"],
)
def test_bad_storage_file_writes_no_overlay(tmp_path: Path, text: str, field: str) -> None:
    f = tmp_path / "storage.csv"
    f.write_text(text)
    out = tmp_path / "overlay"
    with pytest.raises(InputError) as exc:
        import_storage(f, out)
    assert exc.value.source == str(f) and exc.value.field == field
    assert not out.exists() or not any(out.iterdir())
    with pytest.raises(InputError):
        read_user_capacity(f, "storage")


@pytest.fixture
def tiny_raw(tmp_path: Path) -> Path:
    """A complete but tiny raw-data folder in the layout of ../shared/data."""
    raw = tmp_path / "raw"
    for d in ("gem", "nea", "load", "grid"):
        (raw / d).mkdir(parents=True)
    coal_header = list(LAYOUTS["coal"].variable_map)
    coal_values = {
        "unit_id": "C1",
        "country": "China",
        "plant": "Plant",
        "unit": "1",
        "capacity_nom": 600,
        "status": "operating",
        "commissioning": 2016,
        "retirement": None,
        "province": "Anhui",
    }
    coal_row = [coal_values[LAYOUTS["coal"].variable_map[c]] for c in coal_header]
    coal = [coal_header, coal_row]
    write_book(raw / "gem/Global-Coal-Plant-Tracker-July-2023.xlsx", {"Units": coal})
    write_book(
        raw / "gem/Global-Wind-Power-Tracker-June-2024.xlsx", {"Data": [WIND_HEADER, wind_row()]}
    )
    hydro_header = list(LAYOUTS["hydro"].variable_map)
    hydro = [
        hydro_header,
        [
            "H1",
            "China",
            None,
            "Dam",
            100,
            None,
            None,
            "run-of-river",
            "operating",
            2010,
            None,
            "Sichuan",
            None,
        ],
    ]
    write_book(raw / "gem/Global-Hydropower-Tracker-May-2023.xlsx", {"Data": hydro})
    nuc_header = list(LAYOUTS["nuclear"].variable_map)
    nuc = [nuc_header, ["N1", "China", "NPP", "1", 1000, "operating", 2019, None, "Zhejiang"]]
    write_book(raw / "gem/Global-Nuclear-Power-Tracker-October-2023.xlsx", {"Data": nuc})
    (raw / "nea/nea_pv_capacity_by_province_quarterly_GW.csv").write_text(
        "Area,Category,202212,202312\nAnhui,Utility-scale,1.0,2.0\nAnhui,Total distributed,0.5,0.7\n"
    )
    (raw / "load/provincial_consumption_2020_2060_MWh.csv").write_text(
        ",2020,2025,2030\n" + "".join(f"{c},100,110,120\n" for c in CODES)
    )
    hours = np.arange(1, 8761)
    body = "".join(f"{h}," + ",".join(["1.5" if h == 100 else "1"] * 31) + "\n" for h in hours)
    (raw / "load/hourly_demand_31_provinces_MW.csv").write_text(
        "Time Series," + ",".join(CODES) + "\n" + body
    )
    (raw / "load/LICENSE-PyPSA-China-PIK-MIT.txt").write_text("MIT License\n")
    (raw / "grid/uhv_lines_gem_wiki.csv").write_text(
        f"# wiki\n{LINK_HEADER}\nA-B,甲乙,operating,2020,8000,±800 kV Ultra-DC,Gansu,Anhui\n",
        encoding="utf-8",
    )
    return raw


def test_tiny_raw_folder_builds(tiny_raw: Path, tmp_path: Path) -> None:
    build = build_national(tiny_raw)
    cap = build.tables["capacity.csv"].set_index(["province", "technology", "year"])
    assert cap.loc[("AH", "coal", 2016), "mw"] == 600.0
    assert cap.loc[("AH", "coal", 2015), "mw"] == 0.0
    assert cap.loc[("AH", "solar_utility", 2023), "mw"] == 2000.0
    assert cap.loc[("HE", "wind_onshore", 2024), "partial"] == 1  # tracker as of 2024-06
    write_national(build, tmp_path / "out")
    assert (tmp_path / "out" / "load_shape.csv.gz").is_file()


def test_failed_build_leaves_the_output_folder_untouched(tiny_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_national(build_national(tiny_raw), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # the link file is read last: a bad row there must not leave earlier tables written
    (tiny_raw / "grid/uhv_lines_gem_wiki.csv").write_text(
        f"# wiki\n{LINK_HEADER}\nA-B,甲乙,operating,2020,8000,±800 kV Ultra-DC,Atlantis,Anhui\n",
        encoding="utf-8",
    )
    (tiny_raw / "load/provincial_consumption_2020_2060_MWh.csv").write_text(
        ",2020,2025\n" + "".join(f"{c},999,999\n" for c in CODES)
    )
    result = CliRunner().invoke(app, ["data", "build", "--from", str(tiny_raw), "--out", str(out)])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert "Start_Region" in str(result.exception)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_missing_raw_file_is_one_clear_error(tiny_raw: Path) -> None:
    shutil.rmtree(tiny_raw / "grid")
    with pytest.raises(InputError) as exc:
        build_national(tiny_raw)
    assert "uhv_lines_gem_wiki.csv" in exc.value.source
