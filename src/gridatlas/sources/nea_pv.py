"""Reader for NEA's provincial solar PV capacity, quarterly (GEM GIPT compilation).

``read_nea_pv(path)`` returns a long frame: ``province`` (code), ``area`` (the
file's text), ``category``
(glossary key, see :data:`VARIABLE_MAP`), ``period`` (``YYYYMM`` text, the end of
the quarter), ``capacity_nom`` [MW] (the file is in GW; ×1000 here is a unit
conversion, not a computation). Blank cells (quarters NEA did not publish) are
left out. The national ``Total`` rows are kept with province ``CN``.

Cleaning rule: the file gives Xinjiang three times: ``Xinjiang``, ``Xinjiang
Corps`` (the Production and Construction Corps, 新疆生产建设兵团) and ``Xinjiang
(Including Corps)``, the sum. Province ``XJ`` takes the sum rows; the two
part rows are dropped (:data:`AREA_PARTS`; 8 rows in the 2026-03 file).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.sources.csv_tables import number, read_csv_checked

#: Source ``Category`` → glossary name.
VARIABLE_MAP: Final[dict[str, str]] = {
    "Total": "solar_total",
    "Utility-scale": "solar_utility",
    "Total distributed": "solar_distributed",
    "Households": "solar_household",
}
AREA: Final[str] = "Area"
CATEGORY: Final[str] = "Category"
NATIONAL: Final[str] = "CN"
#: Areas that are not provinces of the registry → the province they belong to.
AREA_FIXES: Final[dict[str, str]] = {"Xinjiang (Including Corps)": "XJ"}
#: Areas whose rows are parts of another area's rows (dropped).
AREA_PARTS: Final[frozenset[str]] = frozenset({"Xinjiang", "Xinjiang Corps"})
_PERIOD = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
YEARS: Final[tuple[int, int]] = (2000, 2100)


def read_nea_pv(path: str | Path) -> pd.DataFrame:
    """Quarterly PV capacity by province and category, long form [MW].

    Raises
    ------
    InputError
        Missing ``Area``/``Category`` columns, an unknown area or category, a
        period column that is not ``YYYYMM`` within :data:`YEARS`, or a negative
        or non-numeric value — naming the file, row and column.
    """
    frame = read_csv_checked(path, (AREA, CATEGORY), "NEA PV capacity")
    periods = [c for c in frame.columns if c not in (AREA, CATEGORY)]
    for p in periods:
        m = _PERIOD.match(p)
        if not m or not YEARS[0] <= int(m[1]) <= YEARS[1]:
            raise InputError(
                path, p, f"period columns named YYYYMM with years {YEARS[0]}–{YEARS[1]}"
            )
    records: list[tuple[str, str, str, str, float]] = []
    dropped = 0
    for row, rec in frame.iterrows():
        r = int(str(row))
        area = rec[AREA].strip()
        if area in AREA_PARTS:
            dropped += 1
            continue
        code = NATIONAL if area == "Total" else AREA_FIXES.get(area) or _code(area)
        if code is None:
            raise InputError(path, f"row {r}.{AREA}", "a Chinese province name or Total", area)
        category = VARIABLE_MAP.get(rec[CATEGORY].strip())
        if category is None:
            raise InputError(
                path, f"row {r}.{CATEGORY}", "one of " + ", ".join(VARIABLE_MAP), rec[CATEGORY]
            )
        for p in periods:
            text = rec[p].strip()
            if text:
                records.append((code, area, category, p, number(path, r, p, text) * 1000.0))
    out = pd.DataFrame(records, columns=["province", "area", "category", "period", "capacity_nom"])
    out.attrs["dropped_part_rows"] = dropped
    return out


def _code(area: str) -> str | None:
    p = find_province(area)
    return None if p is None else p.code


def source_pages(path: str | Path) -> pd.DataFrame:
    """The NEA release pages the compilation used (``nea_pv_source_pages.csv``), as text."""
    return read_csv_checked(path, ("year", "checkpoint", "title_cn", "url"), "NEA source pages")
