"""Adapter for Global Energy Monitor's Global Coal Plant Tracker workbook.

``read_gem(path)`` reads sheet ``Units`` and returns China's units as
:class:`gridatlas.domain.pipeline.PipelineUnit`. This module is the only place
that knows the tracker's column names (:data:`VARIABLE_MAP`, pvlib ``iotools``
style). Tested on the July 2023 release (CC BY 4.0; 5,981 China rows).

Mapping decisions
-----------------
* ``Permits`` → approval date (actual). Free text: ``2022-9-28``, ``2015-6``,
  ``2020``, ``no permit``, several dates (``2014-11; 2020``: the earliest is
  taken, the original approval), suffixes such as ``[Likely Expired]``.
* ``Start year`` → commissioning year; actual for operating, mothballed and
  retired units, expected otherwise. The tracker has no construction-start date.
* ``Subnational unit (province, state)`` → province code via
  :func:`gridatlas.core.provinces.find_province`.
* ``Parent`` lists owners with shares (``A [60.0%]; B [40.0%]``): the largest
  holder is kept and mapped to a group short name (:data:`PARENT_GROUPS`);
  unmapped holders keep their English name.
* CHP flag: plant name says cogeneration/CHP/heat, or a captive-use column
  says CHP/heat. The tracker has no explicit "heat-oriented" field.
* Fuel is always coal.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
from pathlib import Path
from typing import Any, Final

import pandas as pd
from pydantic import ValidationError

from gridatlas.core.errors import InputError
from gridatlas.domain.pipeline import (
    CAPACITY_HELP,
    PASSED,
    YEAR_HELP,
    PipelineUnit,
    Status,
)

SHEET: Final[str] = "Units"
COUNTRY_COLUMN: Final[str] = "Country"
COUNTRY: Final[str] = "China"

#: Tracker column → schema field (or helper name for derived fields).
VARIABLE_MAP: Final[dict[str, str]] = {
    "GEM unit/phase ID": "unit_id",
    "Plant name": "plant",
    "Unit name": "unit",
    "Owner": "owner",
    "Parent": "parent",
    "Capacity (MW)": "capacity_nom",
    "Status": "status",
    "Start year": "commissioning",
    "Retired year": "retirement",
    "Subnational unit (province, state)": "province",
    "Permits": "approval",
    "Captive industry use": "captive_industry_use",
    "Captive residential use": "captive_residential_use",
}
#: Columns without which the import stops (the others are optional).
REQUIRED: Final[tuple[str, ...]] = (
    COUNTRY_COLUMN,
    "GEM unit/phase ID",
    "Plant name",
    "Unit name",
    "Capacity (MW)",
    "Status",
    "Start year",
    "Subnational unit (province, state)",
    "Permits",
)

#: Largest-holder name pattern → parent group short name (中文简称).
#: Covers the groups seed report 004 §1.3 ranks, plus large provincial ones.
PARENT_GROUPS: Final[tuple[tuple[str, str], ...]] = (
    (r"China Energy Investment|GD POWER|Shenhua|CHN ENERGY|Guoneng", "国家能源集团"),
    (r"State Power Investment|China Power International|\bSPIC\b", "国家电投"),
    (r"China National Coal|China Coal", "中煤集团"),
    (r"Shaanxi Coal and Chemical", "陕煤集团"),
    (r"Huadian", "华电集团"),
    (r"Datang", "大唐集团"),
    (r"Huaneng", "华能集团"),
    (r"Zheneng|Zhejiang Provincial Energy|Zhejiang Energy", "浙能集团"),
    (r"China Resources Power|China Resources \(Holdings\)", "华润集团"),
    (r"Guangdong Electric Power Development|Guangdong Energy Group|Yudean", "广东能源集团"),
    (r"Jiangsu Guoxin", "江苏国信"),
    (r"Wenergy|Anhui Province Energy|Anhui Provincial Energy", "皖能集团"),
    (r"Huaihe Energy", "淮河能源"),
    (r"Jingneng|Beijing Energy", "京能集团"),
    (r"\bSDIC\b|State Development & Investment", "国投集团"),
    (r"China Energy Engineering", "中国能建"),
    (r"Power Construction Corporation of China|PowerChina", "中国电建"),
)
_GROUPS = tuple((re.compile(p, re.IGNORECASE), g) for p, g in PARENT_GROUPS)
_CHP_NAME = re.compile(r"cogen|\bCHP\b|heat", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})(?:\s*[-－/.]\s*(\d{1,2})(?:\s*[-－/.]\s*(\d{1,2}))?)?")
_SHARE = re.compile(r"^(?P<name>.*?)\s*\[(?P<pct>[\d.]+)%\]\s*$")


def parse_permit(value: Any) -> str | None:
    """The earliest date in a ``Permits`` cell as period text, or ``None``.

    Month or day parts that are not valid calendar values are dropped
    (``2015-210`` → ``2015``).
    """
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, int | float):
        return _year_text(value)
    best: tuple[int, int, int] | None = None
    best_text = None
    for m in _DATE.finditer(str(value)):
        y, mo, d = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        if not 1 <= mo <= 12:
            mo, d = 0, 0
        if d and not _valid_day(y, mo, d):
            d = 0
        text = f"{y}" if not mo else (f"{y}-{mo:02d}" if not d else f"{y}-{mo:02d}-{d:02d}")
        key = (y, mo or 1, d or 1)
        if best is None or key < best:
            best, best_text = key, text
    return best_text


def _year_text(value: Any) -> str:
    """A numeric cell as year text; whole numbers only (the milestone check bounds the year)."""
    number = float(value)
    if not math.isfinite(number) or not number.is_integer():
        return str(value)
    return str(int(number))


def _valid_day(y: int, mo: int, d: int) -> bool:
    try:
        dt.date(y, mo, d)
    except ValueError:
        return False
    return True


def parent_group(parent: Any) -> str:
    """Group short name of the largest holder in a ``Parent`` cell (``""`` if blank)."""
    if not isinstance(parent, str) or not parent.strip():
        return ""
    holders: list[tuple[float, str]] = []
    for part in parent.split(";"):
        m = _SHARE.match(part.strip())
        name, pct = (m["name"], float(m["pct"])) if m else (part.strip(), 100.0)
        holders.append((pct, name))
    top = max(holders, key=lambda h: h[0])[1]  # first of equal shares wins
    for pattern, group in _GROUPS:
        if pattern.search(top):
            return group
    return top


def _is_chp(row: dict[str, Any]) -> bool:
    if _CHP_NAME.search(str(row.get("plant") or "")):
        return True
    uses = (row.get("captive_industry_use"), row.get("captive_residential_use"))
    return any(isinstance(u, str) and re.search(r"CHP|heat", u, re.IGNORECASE) for u in uses)


def _text(v: Any) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip()


def read_gem_frame(path: str | Path) -> pd.DataFrame:
    """Read sheet ``Units`` and check its columns; China rows, tracker column names.

    The frame keeps the workbook row number (1-based, header = row 1) as index.
    """
    path = Path(path)
    source = f"{path} (sheet {SHEET!r})"
    if not path.is_file():
        raise InputError(path, "", "an existing GEM Global Coal Plant Tracker workbook (.xlsx)")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook extensions it does not read; harmless here
            warnings.filterwarnings("ignore", message=".*extension is not supported.*")
            with pd.ExcelFile(path) as book:
                if SHEET not in book.sheet_names:
                    raise InputError(
                        path, f"sheet {SHEET}", f"a sheet named {SHEET!r}", book.sheet_names
                    )
                frame = pd.read_excel(book, sheet_name=SHEET, dtype=object)
    except InputError:
        raise
    except Exception as exc:  # a corrupt or non-Excel file
        raise InputError(path, "", f"a readable .xlsx workbook ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    names = list(frame.columns)
    twice = next((c for c in VARIABLE_MAP | {COUNTRY_COLUMN: ""} if names.count(c) > 1), None)
    if twice is not None:
        raise InputError(source, twice, "each tracker column once in the header row")
    for column in REQUIRED:
        if column not in frame.columns:
            raise InputError(source, column, f"a column named {column!r} (GEM tracker layout)")
    frame.index = frame.index + 2
    country = frame[COUNTRY_COLUMN].map(_text)
    china = frame.loc[country == COUNTRY]
    if china.empty:
        found = ", ".join(frame.columns[:15]) + (" …" if len(frame.columns) > 15 else "")
        what = "no data rows" if frame.empty else f"no row with {COUNTRY_COLUMN} = {COUNTRY!r}"
        raise InputError(
            source,
            COUNTRY_COLUMN,
            f"China's units under the tracker's header row (columns {', '.join(REQUIRED)}); "
            f"found {what}, columns: {found}",
        )
    return china


def read_gem(path: str | Path) -> list[PipelineUnit]:
    """China's units from a GEM Global Coal Plant Tracker workbook.

    Raises :class:`InputError` naming the file, the sheet and the column (or
    row and field) when the workbook cannot be mapped.
    """
    frame = read_gem_frame(path)
    source = f"{path} (sheet {SHEET!r})"
    present = {k: v for k, v in VARIABLE_MAP.items() if k in frame.columns}
    records = frame[list(present)].rename(columns=present).to_dict("index")
    units: list[PipelineUnit] = []
    seen: set[str] = set()
    for row_no, rec in records.items():
        row = {str(k): v for k, v in rec.items()}
        status_text = _text(row["status"]).lower()
        try:
            status = Status(status_text)
        except ValueError:
            known = ", ".join(s.value for s in Status)
            raise InputError(
                source, f"row {row_no}.Status", f"one of {known}", status_text
            ) from None
        permit = parse_permit(row["approval"])
        start_year = row["commissioning"]
        commissioning = None
        if start_year is not None and not pd.isna(start_year):
            start_text = _text(start_year)
            if _is_number(start_year) or re.fullmatch(r"-?\d+(\.0*)?", start_text):
                start_text = _year_text(float(start_text))
            commissioning = {"when": start_text, "actual": status in PASSED["commissioning"]}
        data = {
            "unit_id": _text(row["unit_id"]),
            "plant": _text(row["plant"]),
            "unit": _text(row["unit"]),
            "owner": _text(row.get("owner")),
            "parent": parent_group(row.get("parent")),
            "province": _text(row["province"]),
            "fuel": "coal",
            "capacity_nom": row["capacity_nom"],
            "chp": _is_chp(row),
            "status": status,
            "approval": {"when": permit, "actual": True} if permit else None,
            "commissioning": commissioning,
        }
        try:
            unit = PipelineUnit.model_validate(data)
        except ValidationError as exc:
            raise _row_error(exc, source, row_no, row) from None
        if unit.unit_id in seen:
            raise InputError(
                source, f"row {row_no}.GEM unit/phase ID", "a unique unit id", unit.unit_id
            )
        seen.add(unit.unit_id)
        units.append(unit)
    return units


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


#: Schema field → (tracker column, what a valid cell looks like).
_EXPECTED: Final[dict[str, tuple[str, str]]] = {
    "unit_id": ("GEM unit/phase ID", "a non-empty id"),
    "plant": ("Plant name", "a non-empty plant name"),
    "province": ("Subnational unit (province, state)", "a mainland province name"),
    "capacity_nom": ("Capacity (MW)", CAPACITY_HELP),
    "approval": ("Permits", f"a permit date ({YEAR_HELP}), e.g. 2022-9-28 or 2020"),
    "commissioning": ("Start year", f"a start year ({YEAR_HELP})"),
}


def _row_error(exc: ValidationError, source: str, row_no: Any, row: dict[str, Any]) -> InputError:
    """One row's validation failure as an InputError naming the tracker column."""
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else ""
    default = next((k for k, v in VARIABLE_MAP.items() if v == field), field)
    column, expected = _EXPECTED.get(field, (default, str(err["msg"])))
    got = row.get(field)
    if isinstance(got, float) and got.is_integer() and abs(got) < 1e15:
        got = int(got)
    return InputError(source, f"row {row_no}.{column}", expected, got)
