"""A plain table (title, header, rows) as an Excel workbook in memory."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | float | int | None


def _put(ws: Worksheet, row: int, values: Sequence[Cell], bold: bool = False) -> None:
    for col, value in enumerate(values, 1):
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)  # control characters Excel refuses
        cell = ws.cell(row=row, column=col, value=value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text as shown, never a formula
        if bold:
            cell.font = Font(bold=True)


def table_xlsx(
    columns: Sequence[str], rows: Sequence[Sequence[Cell]], title: str = "", sheet: str = "table"
) -> bytes:
    """The workbook bytes: an optional bold title row, the header, then the rows as given."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet[:31] or "table"
    r = 1
    if title:
        _put(ws, r, [title], bold=True)
        r += 1
    _put(ws, r, columns, bold=True)
    for values in rows:
        r += 1
        _put(ws, r, values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
