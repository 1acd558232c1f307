"""The unit-list template: read and validate pipeline units (CSV or Excel).

:mod:`gridatlas.reports.units_template` writes the template and unit lists.

One row per unit, columns :data:`COLUMNS`. Dates may be ``2023``,
``2023H2``, ``2023Q4``, ``2023-12`` or ``2023-12-15``; an ``*_actual`` flag
left blank is inferred from the status (e.g. a unit under construction has
started). Errors name the file, the row (as numbered in a spreadsheet, the
header being row 1), the column and what was expected.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Final

import pandas as pd
from pydantic import ValidationError

from gridatlas.core.errors import InputError
from gridatlas.domain.pipeline import (
    CAPACITY_HELP,
    MILESTONE_FIELDS,
    PASSED,
    PERIOD_HELP,
    PipelineUnit,
    Status,
)

#: Column → (Chinese label, what a valid value looks like).
FIELDS: Final[dict[str, tuple[str, str]]] = {
    "unit_id": ("机组编号", "a non-empty id, unique in the file"),
    "plant": ("电厂", "a non-empty plant name"),
    "unit": ("机组", "a unit name (optional)"),
    "owner": ("业主", "the owning company (optional)"),
    "parent": ("投资主体/集团", "the parent group (optional)"),
    "province": ("省份", "a mainland province name or code (e.g. 安徽, Anhui, AH)"),
    "province_zh": ("省份名称", "ignored on reading; filled from province"),
    "fuel": ("燃料", "coal or gas"),
    "capacity_nom": ("装机容量 (MW)", CAPACITY_HELP),
    "chp": ("热电联产(供热为主)", "true/false (blank = false)"),
    "status": ("状态", "one of " + ", ".join(s.value for s in Status)),
    "approval_date": ("核准时间", PERIOD_HELP),
    "approval_actual": ("核准已发生", "true/false (blank = from status)"),
    "construction_start_date": ("开工时间", PERIOD_HELP),
    "construction_start_actual": ("开工已发生", "true/false (blank = from status)"),
    "commissioning_date": ("投产时间", PERIOD_HELP),
    "commissioning_actual": ("投产已发生", "true/false (blank = from status)"),
}
COLUMNS: Final[tuple[str, ...]] = tuple(FIELDS)
REQUIRED: Final[tuple[str, ...]] = (
    "unit_id",
    "plant",
    "province",
    "fuel",
    "capacity_nom",
    "status",
)
_TRUE = {"true", "yes", "y", "1", "是", "实际", "t"}
_FALSE = {"false", "no", "n", "0", "否", "预计", "f"}


def _cell(v: Any) -> str:
    """Spreadsheet cell → text (dates as ISO, whole floats without .0)."""
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return ""
    if isinstance(v, dt.datetime | dt.date):
        return f"{v.year}-{v.month:02d}-{v.day:02d}"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _read_table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(path, "", "an existing unit list (.csv or .xlsx)")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        elif suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=0, dtype=object).map(_cell)
        else:
            raise InputError(path, "", "a .csv or .xlsx unit list")
    except InputError:
        raise
    except (UnicodeDecodeError, ValueError, OSError, pd.errors.ParserError) as exc:
        raise InputError(path, "", f"a readable UTF-8 CSV or .xlsx file ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _flag(text: str, where: str, source: Path, default: bool) -> bool:
    t = text.strip().lower()
    if not t:
        return default
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise InputError(source, where, "true or false (also yes/no, 1/0, 是/否)", text)


def read_units(path: str | Path) -> list[PipelineUnit]:
    """Read and validate a unit list written in the template's layout."""
    path = Path(path)
    frame = _read_table(path)
    unknown = [c for c in frame.columns if c not in FIELDS]
    if unknown:
        raise InputError(path, unknown[0], "one of the template columns: " + ", ".join(COLUMNS))
    for column in REQUIRED:
        if column not in frame.columns:
            raise InputError(path, column, f"a column named {column!r} ({FIELDS[column][1]})")
    units: list[PipelineUnit] = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(frame.to_dict("records")):
        row_no = i + 2
        row = {str(k): _cell(v) for k, v in rec.items()}
        if not any(row.values()):
            continue  # blank line
        units.append(_unit(row, row_no, path))
        uid = units[-1].unit_id
        if uid in seen:
            raise InputError(
                path, f"row {row_no}.unit_id", f"a unique id (also on row {seen[uid]})", uid
            )
        seen[uid] = row_no
    return units


def _unit(row: dict[str, str], row_no: int, source: Path) -> PipelineUnit:
    at = f"row {row_no}"
    status_text = row.get("status", "").strip().lower()
    try:
        status = Status(status_text)
    except ValueError:
        raise InputError(source, f"{at}.status", FIELDS["status"][1], row.get("status")) from None
    data: dict[str, Any] = {
        k: row.get(k, "")
        for k in ("unit_id", "plant", "unit", "owner", "parent", "province", "capacity_nom")
    }
    data["status"] = status
    data["fuel"] = row.get("fuel", "").strip().lower()
    data["chp"] = _flag(row.get("chp", ""), f"{at}.chp", source, False)
    for m in MILESTONE_FIELDS:
        when = row.get(f"{m}_date", "").strip()
        flag = _flag(row.get(f"{m}_actual", ""), f"{at}.{m}_actual", source, status in PASSED[m])
        data[m] = {"when": when, "actual": flag} if when else None
    try:
        return PipelineUnit.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else ""
        column = f"{field}_date" if field in MILESTONE_FIELDS else field
        got = row.get(column, "")
        expected = FIELDS.get(column, ("", err["msg"]))[1]
        raise InputError(source, f"{at}.{column}", expected, got) from None
