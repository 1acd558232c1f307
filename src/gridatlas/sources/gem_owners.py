"""Owner fields of GEM's CC BY trackers (coal, wind, hydro, nuclear), unit by unit.

``read_owner_rows(folder)`` returns one row per unit (or hydro project side)
with its technology, province text, status, start year, capacity in China [MW]
and the holder text to attribute it by. This module only reads; splitting the
holder text into names and shares is :mod:`gridatlas.model.ownership`.

Which field names the holders:

* coal (``Global-Coal-Plant-Tracker-July-2023.xlsx``, sheet ``Units``):
  ``Parent`` (names with shares, e.g. ``A [51.0%]; B [49.0%]``), and
  ``Owner`` where ``Parent`` is blank;
* wind (``Global-Wind-Power-Tracker-June-2024.xlsx``, ``Data`` and
  ``Below Threshold``): ``Owner`` (names separated by ``;``, usually no shares);
* hydro (``Global-Hydropower-Tracker-May-2023.xlsx``, both sheets):
  ``Owner``; binational projects count only China's side (``Country N
  Capacity (MW)``); ``Technology Type`` containing ``pumped`` alone →
  ``pumped_storage``;
* nuclear (``Global-Nuclear-Power-Tracker-October-2023.xlsx``, ``Data``): ``Owner``.

The gas tracker is CC BY-NC-SA and is never read here.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Final

import pandas as pd

from gridatlas.core.errors import InputError

COAL_FILE: Final = "Global-Coal-Plant-Tracker-July-2023.xlsx"
WIND_FILE: Final = "Global-Wind-Power-Tracker-June-2024.xlsx"
HYDRO_FILE: Final = "Global-Hydropower-Tracker-May-2023.xlsx"
NUCLEAR_FILE: Final = "Global-Nuclear-Power-Tracker-October-2023.xlsx"
#: The tracker files this reader uses, with their release (for attribution).
TRACKERS: Final[dict[str, str]] = {
    "coal": f"{COAL_FILE} (Global Coal Plant Tracker, July 2023)",
    "wind": f"{WIND_FILE} (Global Wind Power Tracker, June 2024)",
    "hydro": f"{HYDRO_FILE} (Global Hydropower Tracker, May 2023)",
    "nuclear": f"{NUCLEAR_FILE} (Global Nuclear Power Tracker, October 2023)",
}
COLUMNS: Final = ("technology", "province", "status", "start_year", "mw", "holders")


def _read(path: Path, sheets: tuple[str, ...], required: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(path, "", "an existing GEM tracker workbook (.xlsx)")
    frames = []
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*extension is not supported.*")
            with pd.ExcelFile(path) as book:
                for sheet in sheets:
                    if sheet not in book.sheet_names:
                        raise InputError(path, f"sheet {sheet}", f"a sheet named {sheet!r}")
                    frames.append(pd.read_excel(book, sheet_name=sheet, dtype=object))
    except InputError:
        raise
    except Exception as exc:  # a corrupt or non-Excel file
        raise InputError(path, "", f"a readable .xlsx workbook ({exc})") from None
    frame = pd.concat(frames, ignore_index=True)
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in required:
        if column not in frame.columns:
            raise InputError(path, column, f"a column named {column!r} (GEM tracker layout)")
    return frame


def _text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip()


def _year(v: object) -> int | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(f) else int(f)


def _mw(v: object) -> float:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if pd.isna(f) else f


def _rows(
    frame: pd.DataFrame,
    technology: str | pd.Series,
    province: str,
    mw: pd.Series,
    holders: pd.Series,
    start: str,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "technology": technology,
            "province": frame[province].map(_text),
            "status": frame["Status"].map(lambda s: _text(s).lower()),
            "start_year": frame[start].map(_year),
            "mw": mw.map(_mw),
            "holders": holders.map(_text),
        }
    )


def read_coal(path: Path) -> pd.DataFrame:
    """China's coal units: holders from ``Parent`` (``Owner`` where blank)."""
    prov = "Subnational unit (province, state)"
    req = ("Country", "Owner", "Parent", "Capacity (MW)", "Status", "Start year", prov)
    f = _read(path, ("Units",), req)
    f = f[f["Country"].map(_text) == "China"]
    parent = f["Parent"].map(_text)
    holders = parent.where(parent != "", f["Owner"].map(_text))
    return _rows(f, "coal", prov, f["Capacity (MW)"], holders, "Start year")


def read_wind(path: Path) -> pd.DataFrame:
    """China's wind phases (both sheets): holders from ``Owner``."""
    req = ("Country/Area", "Owner", "Capacity (MW)", "Status", "Start year", "State/Province")
    f = _read(path, ("Data", "Below Threshold"), req)
    f = f[f["Country/Area"].map(_text) == "China"]
    return _rows(f, "wind", "State/Province", f["Capacity (MW)"], f["Owner"], "Start year")


def read_hydro(path: Path) -> pd.DataFrame:
    """China's side of each hydro project (both sheets): holders from ``Owner``."""
    req = (
        "Country 1",
        "Country 2",
        "Capacity (MW)",
        "Binational",
        "Country 1 Capacity (MW)",
        "Country 2 Capacity (MW)",
        "Status",
        "Start Year",
        "Owner",
        "Technology Type",
        "State/Province 1",
        "State/Province 2",
    )
    f = _read(path, ("Data", "Below Threshold"), req)
    kind = f["Technology Type"].map(lambda s: _text(s).lower())
    tech = kind.map(lambda k: "pumped_storage" if k == "pumped storage" else "hydro")
    out = []
    for side in ("1", "2"):
        mask = f[f"Country {side}"].map(_text) == "China"
        part = f[mask]
        binational = part["Binational"].map(lambda b: _text(b).lower() in ("yes", "true", "1"))
        mw = part[f"Country {side} Capacity (MW)"].where(binational, part["Capacity (MW)"])
        if side == "2":  # a project wholly in China is listed once, on side 1
            mw = mw.where(part["Country 1"].map(_text) != "China", 0.0)
        out.append(
            _rows(part, tech[mask], f"State/Province {side}", mw, part["Owner"], "Start Year")
        )
    return pd.concat(out, ignore_index=True)


def read_nuclear(path: Path) -> pd.DataFrame:
    """China's nuclear units: holders from ``Owner``."""
    req = ("Country", "Owner", "Capacity (MW)", "Status", "Start Year", "State/Province")
    f = _read(path, ("Data",), req)
    f = f[f["Country"].map(_text) == "China"]
    return _rows(f, "nuclear", "State/Province", f["Capacity (MW)"], f["Owner"], "Start Year")


def read_owner_rows(folder: str | Path) -> pd.DataFrame:
    """Every China unit of the four CC BY trackers in ``folder``; columns :data:`COLUMNS`."""
    folder = Path(folder)
    frames = [
        read_coal(folder / COAL_FILE),
        read_wind(folder / WIND_FILE),
        read_hydro(folder / HYDRO_FILE),
        read_nuclear(folder / NUCLEAR_FILE),
    ]
    out = pd.concat(frames, ignore_index=True)
    return out.loc[out["mw"] > 0, list(COLUMNS)].reset_index(drop=True)
