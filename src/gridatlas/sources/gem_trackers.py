"""Readers for Global Energy Monitor's unit-level trackers (coal, wind, hydro, nuclear, gas).

``read_tracker(path, kind)`` returns China's units of one tracker as a
:class:`TrackerUnits`: a clean frame with glossary column names and a count of
every cleaning rule applied. This module is the only place that knows the wind,
hydro, nuclear and gas trackers' column names (one :class:`TrackerLayout` per
tracker, each with a variable map from source column to glossary name); the coal
layout takes its names from :mod:`gridatlas.sources.gem`. Nothing is aggregated here.

Clean frame columns
-------------------
``unit_id``, ``plant``, ``unit``, ``province`` (code, see :mod:`gridatlas.core.provinces`),
``province_source`` (the tracker's text), ``technology`` (glossary key),
``capacity_nom`` [MW] (China's share for binational and border rows), ``status``
(tracker vocabulary, ``- inferred …`` suffixes dropped), ``commissioning`` (start
year, ``<NA>`` when blank), ``retirement`` (retired year or ``<NA>``), ``sheet``,
``row`` (workbook row number, header = 1).

Cleaning rules (counts are reported in :attr:`TrackerUnits.notes`)
-------------------------------------------------------------------
* Only rows whose country is China are kept (hydro: ``Country 1`` or
  ``Country 2``; binational rows keep China's own capacity column).
* Province names resolve through :func:`gridatlas.core.provinces.find_province`,
  which accepts the long English forms ("Guangxi Zhuang Autonomous Region",
  "Hubei Province"); tracker typos are fixed by :data:`PROVINCE_FIXES`.
* Border rows ("Sichuan - Yunnan border") are split 50/50 between the two named
  provinces: two rows, each with half the capacity (``row`` is repeated).
* Rows without a province are dropped (counted).
* Statuses: ``shelved - inferred 2 y`` → ``shelved``, ``cancelled - inferred 4 y``
  → ``cancelled``; otherwise the tracker's words, lower case.
* Capacity cells reading "not found" (:data:`BLANK_TOKENS`) drop the row; such
  year cells are read as blank.
* Start and retired years stay blank when the tracker leaves them blank; what a
  blank means is decided by the aggregation (:mod:`gridatlas.runners.national`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.sources import gem
from gridatlas.sources.xlsx_rows import read_sheets

TrackerKind = Literal["coal", "wind", "hydro", "nuclear", "gas"]

#: Tracker spellings that no general rule resolves → province code.
PROVINCE_FIXES: Final[dict[str, str]] = {"Fujiang": "FJ"}
_BORDER = re.compile(r"^\s*(?P<a>[^-]+?)\s*-\s*(?P<b>[^-]+?)\s+border\s*$", re.IGNORECASE)
_INFERRED = re.compile(r"\s*-\s*inferred.*$", re.IGNORECASE)
#: Earliest and latest plausible start / retirement year.
YEAR_RANGE: Final[tuple[int, int]] = (1900, 2100)

CLEAN_COLUMNS: Final[tuple[str, ...]] = (
    "unit_id",
    "plant",
    "unit",
    "province",
    "province_source",
    "technology",
    "capacity_nom",
    "status",
    "commissioning",
    "retirement",
    "sheet",
    "row",
)


@dataclass(frozen=True)
class TrackerLayout:
    """How one GEM tracker workbook is laid out.

    Attributes
    ----------
    kind : str
        Tracker key (``coal``, ``wind``, ...).
    title : str
        What the file is, for error messages.
    sheets : tuple of str
        Sheets holding units; the first must exist.
    variable_map : dict
        Tracker column → glossary name. Must map to ``unit_id``, ``plant``,
        ``capacity_nom``, ``status``, ``commissioning``, ``province`` and
        ``country``; optional: ``unit``, ``retirement``, ``technology_source``,
        ``country_2``, ``capacity_country_1``, ``capacity_country_2``.
    required : tuple of str
        Tracker columns without which the import stops.
    """

    kind: str
    title: str
    sheets: tuple[str, ...]
    variable_map: dict[str, str]
    required: tuple[str, ...]


_COAL_FIELDS = frozenset(
    {
        "unit_id",
        "plant",
        "unit",
        "capacity_nom",
        "status",
        "commissioning",
        "retirement",
        "province",
    }
)

LAYOUTS: Final[dict[str, TrackerLayout]] = {
    # the coal tracker's columns are known to the pipeline importer (gem.py); reuse them
    "coal": TrackerLayout(
        kind="coal",
        title="GEM Global Coal Plant Tracker",
        sheets=(gem.SHEET,),
        variable_map={
            gem.COUNTRY_COLUMN: "country",
            **{k: v for k, v in gem.VARIABLE_MAP.items() if v in _COAL_FIELDS},
        },
        required=tuple(
            c
            for c in gem.REQUIRED
            if c == gem.COUNTRY_COLUMN or gem.VARIABLE_MAP.get(c) in _COAL_FIELDS
        ),
    ),
    "gas": TrackerLayout(
        kind="gas",
        title="GEM Global Gas Plant Tracker",
        sheets=("Gas Units",),
        variable_map={
            "GEM unit ID": "unit_id",
            "Country": "country",
            "Plant name": "plant",
            "Unit name": "unit",
            "Capacity elec. (MW)": "capacity_nom",
            "Status": "status",
            "Start year": "commissioning",
            "Retired year": "retirement",
            "Subnational unit (province, state)": "province",
            "Fuel": "technology_source",
        },
        required=(
            "GEM unit ID",
            "Country",
            "Capacity elec. (MW)",
            "Status",
            "Start year",
            "Subnational unit (province, state)",
        ),
    ),
    "wind": TrackerLayout(
        kind="wind",
        title="GEM Global Wind Power Tracker",
        sheets=("Data", "Below Threshold"),
        variable_map={
            "GEM phase ID": "unit_id",
            "Country/Area": "country",
            "Project Name": "plant",
            "Phase Name": "unit",
            "Capacity (MW)": "capacity_nom",
            "Installation Type": "technology_source",
            "Status": "status",
            "Start year": "commissioning",
            "Retired year": "retirement",
            "State/Province": "province",
        },
        required=(
            "GEM phase ID",
            "Country/Area",
            "Capacity (MW)",
            "Installation Type",
            "Status",
            "Start year",
            "State/Province",
        ),
    ),
    "hydro": TrackerLayout(
        kind="hydro",
        title="GEM Global Hydropower Tracker",
        sheets=("Data", "Below Threshold"),
        variable_map={
            "GEM unit ID": "unit_id",
            "Country 1": "country",
            "Country 2": "country_2",
            "Project Name": "plant",
            "Capacity (MW)": "capacity_nom",
            "Country 1 Capacity (MW)": "capacity_country_1",
            "Country 2 Capacity (MW)": "capacity_country_2",
            "Technology Type": "technology_source",
            "Status": "status",
            "Start Year": "commissioning",
            "Retired Year": "retirement",
            "State/Province 1": "province",
            "State/Province 2": "province_2",
        },
        required=(
            "GEM unit ID",
            "Country 1",
            "Capacity (MW)",
            "Technology Type",
            "Status",
            "Start Year",
            "State/Province 1",
        ),
    ),
    "nuclear": TrackerLayout(
        kind="nuclear",
        title="GEM Global Nuclear Power Tracker",
        sheets=("Data",),
        variable_map={
            "GEM unit ID": "unit_id",
            "Country": "country",
            "Project Name": "plant",
            "Unit Name": "unit",
            "Capacity (MW)": "capacity_nom",
            "Status": "status",
            "Start Year": "commissioning",
            "Retirement Year": "retirement",
            "State/Province": "province",
        },
        required=(
            "GEM unit ID",
            "Country",
            "Capacity (MW)",
            "Status",
            "Start Year",
            "State/Province",
        ),
    ),
}

#: Tracker technology text (lower case) → glossary technology, per tracker.
TECHNOLOGY_MAP: Final[dict[str, dict[str, str]]] = {
    "wind": {
        "onshore": "wind_onshore",
        "offshore hard mount": "wind_offshore",
        "offshore floating": "wind_offshore",
        "offshore mount unknown": "wind_offshore",
    },
    "hydro": {
        "conventional storage": "hydro",
        "run-of-river": "hydro",
        "conventional and run-of-river": "hydro",
        # mixed plants: GEM gives one capacity; counted as conventional hydro
        "conventional and pumped storage": "hydro",
        "unknown": "hydro",
        "pumped storage": "pumped_storage",
    },
}
#: Technology of trackers with only one.
SINGLE_TECHNOLOGY: Final[dict[str, str]] = {"coal": "coal", "nuclear": "nuclear", "gas": "gas"}


@dataclass
class TrackerUnits:
    """China's units of one tracker after cleaning.

    Attributes
    ----------
    kind : str
        Tracker key.
    frame : pandas.DataFrame
        One row per unit (two per border unit), columns :data:`CLEAN_COLUMNS`.
    notes : collections.Counter
        How often each cleaning rule applied (rows), e.g. ``border rows split 50/50``.
    """

    kind: str
    frame: pd.DataFrame
    notes: Counter[str] = field(default_factory=Counter)


def _text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip()


#: Cell texts the trackers use for "no value" (read as blank).
BLANK_TOKENS: Final[frozenset[str]] = frozenset({"not found", "unknown", "tbd", "n/a"})


def _is_token(v: object) -> bool:
    return isinstance(v, str) and v.strip().lower() in BLANK_TOKENS


def _number(v: object) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()) or _is_token(v):
        return None
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return np.nan
    return None if np.isnan(x) else x


def resolve_province(text: str) -> list[tuple[str, float]]:
    """Province codes and shares a tracker's province text refers to.

    ``"Sichuan - Yunnan border"`` → ``[("SC", 0.5), ("YN", 0.5)]``; an unknown
    name → ``[]``.
    """
    if text in PROVINCE_FIXES:
        return [(PROVINCE_FIXES[text], 1.0)]
    m = _BORDER.match(text)
    if m:
        a, b = find_province(m["a"]), find_province(m["b"])
        if a is None or b is None:
            return []
        return [(a.code, 0.5), (b.code, 0.5)]
    p = find_province(text)
    return [] if p is None else [(p.code, 1.0)]


def read_tracker(path: str | Path, kind: TrackerKind) -> TrackerUnits:
    """China's units from a GEM tracker workbook, cleaned (see module docstring).

    Raises
    ------
    InputError
        Naming the file, sheet, row and column of the first problem: a missing
        column, an unknown province, a negative or non-numeric capacity, a
        year outside :data:`YEAR_RANGE`, a technology the map does not know.
    """
    layout = LAYOUTS[kind]
    sheets = read_sheets(path, layout.sheets, layout.title)
    notes: Counter[str] = Counter()
    parts: list[pd.DataFrame] = []
    for sheet, raw in sheets.items():
        raw.columns = [str(c).strip() for c in raw.columns]
        source = f"{path} (sheet {sheet!r})"
        if raw.empty and sheet != layout.sheets[0]:
            continue
        for column in layout.required:
            if column not in raw.columns:
                raise InputError(source, column, f"a column named {column!r} ({layout.title})")
        present = {k: v for k, v in layout.variable_map.items() if k in raw.columns}
        frame = raw[list(present)].rename(columns=present)
        parts.append(_clean(frame, kind, source, sheet, notes))
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CLEAN_COLUMNS)
    return TrackerUnits(kind=kind, frame=frame, notes=notes)


def _clean(
    frame: pd.DataFrame, kind: str, source: str, sheet: str, notes: Counter[str]
) -> pd.DataFrame:
    country = frame["country"].map(_text)
    china = country == "China"
    if "country_2" in frame.columns:
        china_2 = frame["country_2"].map(_text) == "China"
        china = china | china_2
    else:
        china_2 = pd.Series(False, index=frame.index)
    out: list[dict[str, object]] = []
    for row_no, rec in frame.loc[china].iterrows():
        row = int(str(row_no))
        cap = _number(rec["capacity_nom"])
        binational = "capacity_country_1" in rec.index and _text(rec.get("country_2"))
        if binational:
            own = "capacity_country_2" if bool(china_2.at[row_no]) else "capacity_country_1"
            cap = _number(rec[own])
            notes["binational rows: China's own capacity column used"] += 1
        col = _column(kind, "capacity_nom")
        if cap is None and _is_token(rec["capacity_nom"]):
            notes[f"rows with capacity '{rec['capacity_nom']}' (dropped)"] += 1
            continue
        if cap is None or np.isnan(cap) or cap < 0:
            raise InputError(
                source, f"row {row}.{col}", "a capacity of 0 MW or more", rec["capacity_nom"]
            )
        if cap == 0:
            notes["rows with 0 MW (kept, add nothing)"] += 1
        status = _INFERRED.sub("", _text(rec["status"]).lower())
        if status != _text(rec["status"]).lower():
            notes[f"status '{_text(rec['status'])}' read as '{status}'"] += 1
        if not status:
            raise InputError(source, f"row {row}.Status", "a project status", rec["status"])
        years: dict[str, int | None] = {}
        for name in ("commissioning", "retirement"):
            v = _number(rec.get(name))
            if _is_token(rec.get(name)):
                notes[f"{name} '{rec.get(name)}' read as blank"] += 1
            if v is not None and (np.isnan(v) or not YEAR_RANGE[0] <= v <= YEAR_RANGE[1]):
                column = _column(kind, name)
                raise InputError(
                    source,
                    f"row {row}.{column}",
                    f"a year {YEAR_RANGE[0]}–{YEAR_RANGE[1]}",
                    rec.get(name),
                )
            years[name] = None if v is None else int(v)
        if years["commissioning"] is None:
            notes[f"{status} rows without a start year"] += 1
        if kind in SINGLE_TECHNOLOGY:
            tech = SINGLE_TECHNOLOGY[kind]
        else:
            t_text = _text(rec["technology_source"]).lower()
            tech_or_none = TECHNOLOGY_MAP[kind].get(t_text)
            if tech_or_none is None:
                if not t_text and kind == "wind":
                    tech_or_none = "wind_onshore"
                    notes["rows without an installation type (read as onshore)"] += 1
                else:
                    column = _column(kind, "technology_source")
                    raise InputError(
                        source,
                        f"row {row}.{column}",
                        "one of " + ", ".join(TECHNOLOGY_MAP[kind]),
                        rec["technology_source"],
                    )
            tech = tech_or_none
            if t_text == "conventional and pumped storage":
                notes["'conventional and pumped storage' rows counted as hydro"] += 1
        prov_text = _text(rec["province"])
        if not prov_text:
            notes["rows without a province (dropped)"] += 1
            continue
        targets = resolve_province(prov_text)
        if not targets:
            column = _column(kind, "province")
            raise InputError(source, f"row {row}.{column}", "a Chinese province name", prov_text)
        if len(targets) == 2:
            notes["border rows split 50/50"] += 1
        else:
            known = find_province(prov_text)
            if known is None or prov_text != known.name_en:
                notes[f"province '{prov_text}' read as {targets[0][0]}"] += 1
        for code, share in targets:
            out.append(
                {
                    "unit_id": _text(rec["unit_id"]),
                    "plant": _text(rec.get("plant")),
                    "unit": _text(rec.get("unit")),
                    "province": code,
                    "province_source": prov_text,
                    "technology": tech,
                    "capacity_nom": cap * share,
                    "status": status,
                    "commissioning": years["commissioning"],
                    "retirement": years["retirement"],
                    "sheet": sheet,
                    "row": row,
                }
            )
    result = pd.DataFrame(out, columns=list(CLEAN_COLUMNS))
    for name in ("commissioning", "retirement"):
        result[name] = result[name].astype("Int64")
    result["capacity_nom"] = result["capacity_nom"].astype(float)
    return result


def _column(kind: str, name: str) -> str:
    return next(k for k, v in LAYOUTS[kind].variable_map.items() if v == name)
