"""Reader for a user's own capacity table (e.g. new-type storage by province and year).

CSV columns: ``province`` (name, pinyin or code), ``year``, ``mw`` [MW]; optional
``source`` and ``as_of``. Returns a frame ``province`` (code), ``year``, ``mw``,
``source``, ``as_of``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.sources.csv_tables import number, province_code, read_csv_checked

REQUIRED: Final[tuple[str, ...]] = ("province", "year", "mw")
YEARS: Final[tuple[int, int]] = (2000, 2060)


def read_user_capacity(path: str | Path, what: str) -> pd.DataFrame:
    """A user capacity table, checked row by row.

    Raises
    ------
    InputError
        A missing column, an unknown province, a negative MW value, a year
        outside :data:`YEARS` or a repeated province-year; naming file, row, field.
    """
    frame = read_csv_checked(path, REQUIRED, what)
    rows = []
    seen: set[tuple[str, int]] = set()
    for row, rec in frame.iterrows():
        r = int(str(row))
        code = province_code(path, r, "province", rec["province"])
        y = number(path, r, "year", rec["year"])
        if not (y == int(y) and YEARS[0] <= y <= YEARS[1]):
            raise InputError(path, f"row {r}.year", f"a year {YEARS[0]}–{YEARS[1]}", rec["year"])
        mw = number(path, r, "mw", rec["mw"])
        if (code, int(y)) in seen:
            raise InputError(path, f"row {r}.year", "each province and year once", rec["year"])
        seen.add((code, int(y)))
        rows.append(
            (
                code,
                int(y),
                mw,
                rec.get("source", "").strip() or f"user file {Path(path).name}",
                rec.get("as_of", "").strip(),
            )
        )
    return pd.DataFrame(rows, columns=["province", "year", "mw", "source", "as_of"])
