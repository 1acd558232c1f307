"""Readers for PyPSA-China-PIK's provincial consumption and hourly demand (MIT).

``read_consumption(path)`` returns a long frame ``province`` (code), ``column``
(the file's year heading), ``consumption`` [MWh]. The file's ``2020`` column is
history, its ``2025`` column holds NBS 2024 statistics and later columns are
model projections; which is which is recorded by the build
(:mod:`gridatlas.app.data_build`), not here.

``read_hourly_demand(path)`` returns the 8760 × 31 demand table [MW] with
province codes as columns (file order) and hour 1..8760 as index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.sources.csv_tables import number, province_code, read_csv_checked

YEARS: Final[tuple[int, int]] = (2000, 2100)
HOURS: Final[int] = 8760
HOUR_COLUMN: Final[str] = "Time Series"


def read_consumption(path: str | Path) -> pd.DataFrame:
    """Annual consumption by province and year column, long form [MWh].

    Raises
    ------
    InputError
        No province column, a year heading outside :data:`YEARS`, an unknown or
        repeated province, a negative or non-numeric value.
    """
    frame = read_csv_checked(path, (), "provincial consumption")
    if frame.columns.empty:
        raise InputError(path, "", "a province column and year columns")
    first = frame.columns[0]
    years = list(frame.columns[1:])
    if not years:
        raise InputError(path, "", "year columns after the province column")
    for y in years:
        if not (y.isdigit() and YEARS[0] <= int(y) <= YEARS[1]):
            raise InputError(path, y, f"year headings {YEARS[0]}–{YEARS[1]}", y)
    records: list[tuple[str, int, float]] = []
    seen: set[str] = set()
    for row, rec in frame.iterrows():
        r = int(str(row))
        code = province_code(path, r, first or "province", rec[first])
        if code in seen:
            raise InputError(
                path, f"row {r}.{first or 'province'}", "each province once", rec[first]
            )
        seen.add(code)
        for y in years:
            records.append((code, int(y), number(path, r, y, rec[y])))
    return pd.DataFrame(records, columns=["province", "column", "consumption"])


def read_hourly_demand(path: str | Path) -> pd.DataFrame:
    """Hourly demand [MW], one column per province code, 8760 rows.

    Raises
    ------
    InputError
        Missing ``Time Series`` column, an unknown province column, a row count
        other than 8760, a negative or non-numeric value.
    """
    frame = read_csv_checked(path, (HOUR_COLUMN,), "hourly demand")
    codes = []
    for c in frame.columns:
        if c == HOUR_COLUMN:
            continue
        p = find_province(c)
        if p is None or not p.mainland:
            raise InputError(path, c, "province codes or names as column headings", c)
        codes.append((c, p.code))
    if len(frame) != HOURS:
        raise InputError(path, HOUR_COLUMN, f"{HOURS} hourly rows", len(frame))
    out = {}
    for col, code in codes:
        try:
            values = frame[col].astype(float).to_numpy()
        except ValueError:
            bad = next((i, t) for i, t in frame[col].items() if not _is_float(str(t)))
            raise InputError(path, f"row {bad[0]}.{col}", "a number", bad[1]) from None
        neg = np.flatnonzero(~(values >= 0))
        if neg.size:
            r = int(frame.index[neg[0]])
            raise InputError(path, f"row {r}.{col}", "a demand of 0 MW or more", frame[col][r])
        out[code] = values
    result = pd.DataFrame(out, index=pd.RangeIndex(1, HOURS + 1, name="hour"))
    return result


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
