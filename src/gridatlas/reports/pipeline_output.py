"""Write pipeline results as a terminal table, CSV, JSON or an Excel workbook.

Every output states its unit: the table title and a ``unit`` column (CSV),
the ``unit`` key (JSON), a ``unit`` column on every sheet (Excel).
"""

from __future__ import annotations

import io
import json
import math
import numbers
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gridatlas.core.errors import InputError
from gridatlas.reports.atomic import write_text_atomic
from gridatlas.reports.provenance import add_provenance_sheet
from gridatlas.reports.xlsx_files import stable_xlsx_path

FORMATS = ("table", "csv", "json", "xlsx")


def _with_unit(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    out = frame.round(6)  # drop float noise from month-by-month sums
    out.columns = [str(c) for c in out.columns]
    out["unit"] = unit
    return out


def _fmt(value: object, digits: int) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool | np.bool_):
        return str(value)
    if isinstance(value, numbers.Integral):
        return f"{value:,}"
    if isinstance(value, numbers.Real):
        return f"{value:,.{digits}f}"
    return str(value)


def table_text(frame: pd.DataFrame, title: str, unit: str, digits: int = 1) -> str:
    """A rich-rendered text table; the title carries the unit."""
    t = Table(title=escape(f"{title} [{unit}]"))
    t.add_column(escape(str(frame.index.name or "")))
    for c in frame.columns:
        t.add_column(escape(str(c)), justify="right")
    for key, *values in frame.itertuples(name=None):
        label = " / ".join(map(str, key)) if isinstance(key, tuple) else str(key)
        t.add_row(escape(label), *(escape(_fmt(v, digits)) for v in values))
    buf = io.StringIO()
    Console(file=buf, width=160, force_terminal=False, color_system=None).print(t)
    return buf.getvalue()


def emit(
    fmt: str,
    output: Path | None,
    *,
    sheets: dict[str, pd.DataFrame],
    unit: str,
    title: str,
    json_obj: dict[str, Any] | None = None,
    digits: int = 1,
    prov: dict[str, Any] | None = None,
) -> str | None:
    """Render ``sheets`` (name → wide frame) in ``fmt``; write to ``output`` or return the text.

    ``json`` prints ``json_obj``; ``csv`` writes the first sheet; ``xlsx``
    needs ``output``. ``prov`` (:func:`gridatlas.reports.provenance.provenance`)
    goes into the JSON document as ``provenance`` and into the workbook as a sheet.
    """
    if fmt not in FORMATS:
        raise InputError("--format", "", "one of " + ", ".join(FORMATS), fmt)
    if fmt == "xlsx":
        if output is None:
            raise InputError("--format xlsx", "-o", "an output file ending in .xlsx")
        with stable_xlsx_path(output) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for name, frame in sheets.items():
                _with_unit(frame, unit).to_excel(xl, sheet_name=name[:31])
            if prov is not None:
                add_provenance_sheet(xl.book, prov)
        return None
    if fmt == "json":
        doc = dict(json_obj or {})
        if prov is not None:
            doc["provenance"] = prov
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        first = next(iter(sheets.values()))
        text = _with_unit(first, unit).to_csv(lineterminator="\n")
    else:
        text = "\n".join(
            table_text(f, f"{title} · {n}" if len(sheets) > 1 else title, unit, digits)
            for n, f in sheets.items()
        )
    if output is None:
        return text
    write_text_atomic(output, text)
    return None
