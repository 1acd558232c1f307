"""Readers for the UHV line list (GEM wiki via PyPSA-China-PIK) and PIK's edge list.

``read_uhv_lines(path)`` returns one row per line with glossary names
(:data:`VARIABLE_MAP`), endpoints as province codes, ``kind`` ``AC``/``DC``
from the technology text, ``year`` and ``mw`` left blank where the file is
blank, and ``row`` (line number in the file). The file's first line is a
comment naming the wiki page; the header is line 2.

``read_edges(path)`` returns PIK's province-to-province transfer capacities:
``from_province``, ``to_province`` (codes), ``mw``, ``row``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.sources.csv_tables import number, province_code, read_csv_checked

#: Source column → glossary name.
VARIABLE_MAP: Final[dict[str, str]] = {
    "UHV Power Transmission Line": "name_en",
    "UHV Transmission Line in Chinese": "name_zh",
    "Status": "status",
    "Commissioned Year": "year",
    "Capacity (MW)": "mw",
    "Technology": "technology",
    "Start_Region": "from_province",
    "End_Region": "to_province",
}
STATUSES: Final[frozenset[str]] = frozenset({"operating", "construction", "proposed"})
YEARS: Final[tuple[int, int]] = (1990, 2060)


def read_uhv_lines(path: str | Path) -> pd.DataFrame:
    """China's UHV lines, cleaned (see module docstring).

    Raises
    ------
    InputError
        A missing column, an unknown status, province or technology, a negative
        MW value or a year outside :data:`YEARS`, naming the file, row and column.
    """
    raw = read_csv_checked(path, tuple(VARIABLE_MAP), "UHV line list", skiprows=_skip(path))
    records = []
    for row, rec in raw.iterrows():
        r = int(str(row))
        status = rec["Status"].strip().lower()
        if status not in STATUSES:
            raise InputError(
                path, f"row {r}.Status", "one of " + ", ".join(sorted(STATUSES)), rec["Status"]
            )
        tech = rec["Technology"].strip()
        kind = "DC" if "DC" in tech.upper() else "AC" if "AC" in tech.upper() else ""
        if not kind:
            raise InputError(path, f"row {r}.Technology", "a technology naming AC or DC", tech)
        year = None
        if rec["Commissioned Year"].strip():
            y = number(path, r, "Commissioned Year", rec["Commissioned Year"])
            if not YEARS[0] <= y <= YEARS[1]:
                raise InputError(
                    path,
                    f"row {r}.Commissioned Year",
                    f"a year {YEARS[0]}–{YEARS[1]}",
                    rec["Commissioned Year"],
                )
            year = int(y)
        mw = (
            number(path, r, "Capacity (MW)", rec["Capacity (MW)"])
            if rec["Capacity (MW)"].strip()
            else np.nan
        )
        records.append(
            {
                "name_en": " ".join(rec["UHV Power Transmission Line"].split()),
                "name_zh": " ".join(rec["UHV Transmission Line in Chinese"].split()),
                "status": status,
                "year": year,
                "mw": mw,
                "kind": kind,
                "technology": tech,
                "from_province": province_code(path, r, "Start_Region", rec["Start_Region"]),
                "to_province": province_code(path, r, "End_Region", rec["End_Region"]),
                "row": r,
            }
        )
    frame = pd.DataFrame(records)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _skip(path: str | Path) -> int:
    """1 if the file starts with a ``#`` comment line (the GEM wiki address), else 0."""
    try:
        with open(path, encoding="utf-8-sig") as f:
            return 1 if f.readline().startswith("#") else 0
    except OSError:
        return 0


def read_edges(path: str | Path) -> pd.DataFrame:
    """PIK's inter-provincial transfer capacities (no header: from, to, MW)."""
    raw = read_csv_checked(path, (), "inter-provincial edge list", header=None)
    if raw.shape[1] != 3:
        raise InputError(path, "", "three columns: from province, to province, MW", raw.shape[1])
    raw.index = raw.index - 1  # no header line
    records = []
    for row, rec in raw.iterrows():
        r = int(str(row))
        records.append(
            {
                "from_province": province_code(path, r, "column 1", rec.iloc[0]),
                "to_province": province_code(path, r, "column 2", rec.iloc[1]),
                "mw": number(path, r, "column 3", rec.iloc[2]),
                "row": r,
            }
        )
    return pd.DataFrame(records)
