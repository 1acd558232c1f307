"""The same input gives the same bytes (bad input 7): workbooks, SVG, PNG, CSV, briefs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from gridatlas.app.microgrid import evaluate
from gridatlas.app.outlook import run_outlook
from gridatlas.reports.microgrid_report import write_charts, write_xlsx
from gridatlas.reports.xlsx_files import FIXED_TIME, ZIP_TIME


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_outlook_twice_is_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    run_outlook(a, draws=2_000)
    run_outlook(b, draws=2_000)
    first, second = _files(a), _files(b)
    assert "outlook.xlsx" in first and "reserve_margins.svg" in first
    assert first.keys() == second.keys()
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []


def test_workbook_has_fixed_times(tmp_path: Path) -> None:
    run_outlook(tmp_path, cases=["anhui"], draws=500)
    with zipfile.ZipFile(tmp_path / "outlook.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_TIME}
        core = z.read("docProps/core.xml").decode()
    assert core.count(FIXED_TIME) == 2  # created and modified


def test_microgrid_outputs_twice_are_byte_identical(tmp_path: Path) -> None:
    ev = evaluate("gd_two_shift_factory", sensitivity=False)
    runs = []
    for name in ("a", "b"):
        folder = tmp_path / name
        write_charts(ev, folder, "en", suffix="svg")
        write_xlsx(ev, folder / "m.xlsx", "en")
        runs.append(_files(folder))
    assert len(runs[0]) == 4
    assert runs[0] == runs[1]
