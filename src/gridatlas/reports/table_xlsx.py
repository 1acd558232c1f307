"""A plain table (title, header, rows) as an Excel workbook in memory."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | float | int | None


def _safe(value: Cell) -> Cell:
    # A text cell starting with = + - @ would be a formula in Excel: keep it text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def table_xlsx(
    columns: Sequence[str], rows: Sequence[Sequence[Cell]], title: str = "", sheet: str = "table"
) -> bytes:
    """The workbook bytes: an optional bold title row, the header, then the rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31] or "table"
    if title:
        ws.append([_safe(title)])
        ws.cell(row=1, column=1).font = Font(bold=True)
    ws.append([_safe(c) for c in columns])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_safe(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
