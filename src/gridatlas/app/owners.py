"""The bundled owner table: attributable MW by owner name, province, technology, status.

Developers rebuild ``data/companies/owners.csv`` from GEM's CC BY trackers with
``python scripts/build_owners.py --from ../shared/data/gem``; the product reads
only the bundled aggregate (:func:`bundled_owner_table`), never the trackers.

Each unit's capacity is split among its holders by
:func:`gridatlas.model.ownership.split_holders` and among provinces by
:func:`~gridatlas.model.ownership.province_parts`, then summed by owner name ×
province × technology × status × start year. The start year is kept only for
units not yet operating (it says when they are expected); operating units have
none. Retired, cancelled and shelved units are left out (:data:`DROPPED`).
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Final

import pandas as pd

from gridatlas.core.provinces import find_province
from gridatlas.model.ownership import province_parts, split_holders
from gridatlas.sources.gem_owners import TRACKERS, read_owner_rows

#: Status words (prefixes) of units that are not assets: left out of the table.
DROPPED: Final[tuple[str, ...]] = ("retired", "cancelled", "shelved")
#: Province column value of capacity whose location names no province.
UNKNOWN_PROVINCE: Final[str] = "?"
OWNER_COLUMNS: Final = ("owner", "province", "technology", "status", "start_year", "mw")
HEADER: Final[str] = (
    "# Attributable capacity [MW] by owner name, province, technology and status.\n"
    "# Derived from Global Energy Monitor trackers (CC BY 4.0): "
    + "; ".join(TRACKERS.values())
    + ".\n"
    "# Built by scripts/build_owners.py (gridatlas.app.owners); see docs/exposure.md.\n"
)


def _province_code(name: str) -> str:
    p = find_province(name) if name else None
    return p.code if p is not None else UNKNOWN_PROVINCE


def build_owner_table(folder: str | Path) -> pd.DataFrame:
    """Aggregate the trackers in ``folder`` into the owner table (columns :data:`OWNER_COLUMNS`)."""
    rows = read_owner_rows(folder)
    keep = ~rows["status"].map(lambda s: s.startswith(DROPPED))
    out: dict[tuple[str, str, str, str, str], float] = {}
    kept = rows[keep]
    columns = ("technology", "province", "status", "start_year", "mw", "holders")
    for tech, prov, status, year, mw, holders in zip(
        *(kept[c].tolist() for c in columns), strict=True
    ):
        start = "" if status == "operating" or pd.isna(year) else str(int(year))
        provinces = [(_province_code(n), f) for n, f in province_parts(str(prov))]
        for owner, share in split_holders(str(holders)):
            for code, frac in provinces:
                key = (owner, code, str(tech), str(status), start)
                out[key] = out.get(key, 0.0) + float(mw) * share * frac
    frame = pd.DataFrame(
        [(*k, round(v, 3)) for k, v in out.items() if round(v, 3) > 0], columns=list(OWNER_COLUMNS)
    )
    return frame.sort_values(list(OWNER_COLUMNS[:5])).reset_index(drop=True)


def owner_table_text(frame: pd.DataFrame) -> str:
    """The bundled CSV text: attribution header, then the table."""
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    return HEADER + buf.getvalue()


def write_owner_table(folder: str | Path, target: str | Path) -> pd.DataFrame:
    """Rebuild the owner table from the trackers in ``folder`` and write it to ``target``."""
    frame = build_owner_table(folder)
    Path(target).write_text(owner_table_text(frame), encoding="utf-8")
    return frame


def parse_owner_table(text: str) -> pd.DataFrame:
    """The owner table from its CSV text (``#`` lines are comments)."""
    frame = pd.read_csv(
        io.StringIO(text),
        comment="#",
        dtype={"owner": str, "province": str, "technology": str, "status": str},
        keep_default_na=False,
    )
    frame["start_year"] = pd.to_numeric(frame["start_year"], errors="coerce")
    frame["mw"] = frame["mw"].astype(float)
    return frame


@cache
def bundled_owner_text() -> str:
    """Text of the bundled ``data/companies/owners.csv``."""
    return resources.files("gridatlas.data").joinpath("companies", "owners.csv").read_text("utf-8")


def bundled_owner_table() -> pd.DataFrame:
    """The bundled owner table (a copy)."""
    return parse_owner_table(bundled_owner_text())
