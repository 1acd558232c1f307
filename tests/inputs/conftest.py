"""Fixtures for the bad-input tests and the fuzz suite: a small GEM workbook made from
real tracker rows (read once per session)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from input_helpers import GEM_CHINA_ROWS, GEM_FILE, GemTable
from openpyxl import load_workbook


@pytest.fixture(scope="session")
def gem_table() -> GemTable:
    """The tracker's header, its first China rows and a few rows of other countries."""
    if not GEM_FILE.exists():
        pytest.skip("the GEM tracker is not in ../shared/data/gem")
    wb = load_workbook(GEM_FILE, read_only=True)
    try:
        it = wb["Units"].iter_rows(values_only=True)
        header = tuple(next(it))
        country = header.index("Country")
        china: list[tuple[Any, ...]] = []
        other: list[tuple[Any, ...]] = []
        for row in it:
            if row[country] == "China":
                china.append(tuple(row))
            elif len(other) < 3:
                other.append(tuple(row))
            if len(china) >= GEM_CHINA_ROWS and len(other) >= 3:
                break
    finally:
        wb.close()
    return GemTable(header, tuple(other[:1] + china + other[1:]))


@pytest.fixture(scope="session")
def gem_subset(gem_table: GemTable, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small workbook in the tracker's layout holding real rows (read-only: copy to mutate)."""
    return gem_table.write(tmp_path_factory.mktemp("gem") / "gem_subset.xlsx")
