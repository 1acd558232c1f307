"""Write pipeline unit lists in the template layout (CSV or Excel).

The layout (columns, labels, what each expects) is defined in
:mod:`gridatlas.sources.pipeline_units`, which reads these files back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.domain.pipeline import MILESTONE_FIELDS, Milestone, PipelineUnit
from gridatlas.reports.atomic import atomic_path
from gridatlas.sources.pipeline_units import COLUMNS, FIELDS, REQUIRED

EXAMPLE_ROWS: Final[tuple[dict[str, str], ...]] = (
    {
        "unit_id": "EXAMPLE-1",
        "plant": "示例电厂",
        "unit": "1号机组",
        "parent": "示例集团",
        "province": "AH",
        "fuel": "coal",
        "capacity_nom": "660",
        "chp": "false",
        "status": "construction",
        "approval_date": "2022-09",
        "construction_start_date": "2023Q4",
    },
    {
        "unit_id": "EXAMPLE-2",
        "plant": "示例燃机电厂",
        "unit": "1号燃机",
        "province": "浙江",
        "fuel": "gas",
        "capacity_nom": "460",
        "status": "permitted",
        "approval_date": "2023",
        "construction_start_date": "2024-10",
        "construction_start_actual": "false",
    },
)


def unit_rows(units: list[PipelineUnit]) -> list[dict[str, Any]]:
    """Units as template rows (province as code, milestones as text + flag)."""
    rows = []
    for u in units:
        row = u.scalars() | {"chp": str(u.chp).lower()}
        for m in MILESTONE_FIELDS:
            ms: Milestone | None = getattr(u, m)
            row[f"{m}_date"] = ms.when if ms else ""
            row[f"{m}_actual"] = str(ms.actual).lower() if ms else ""
        rows.append(row)
    return rows


def _fields_sheet() -> pd.DataFrame:
    return pd.DataFrame(
        [(c, zh, exp, "yes" if c in REQUIRED else "") for c, (zh, exp) in FIELDS.items()],
        columns=["column", "中文", "expected", "required"],
    )


def write_units(units: list[PipelineUnit] | list[dict[str, Any]], path: str | Path) -> Path:
    """Write units (or raw template rows) as CSV or Excel, chosen by the suffix.

    Excel files get a second sheet ``fields`` describing each column.
    """
    path = Path(path)
    rows = unit_rows(units) if units and isinstance(units[0], PipelineUnit) else units
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object).fillna("")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(path, "", "an output file ending in .csv or .xlsx")
    with atomic_path(path) as tmp:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8")
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
                frame.to_excel(xl, sheet_name="units", index=False)
                _fields_sheet().to_excel(xl, sheet_name="fields", index=False)
    return path


def template_rows(example: bool = False) -> list[dict[str, Any]]:
    """The template's rows: none, or two illustrative example units."""
    return [dict(r) for r in EXAMPLE_ROWS] if example else []
