"""Pieces shared by the Excel input templates (the case and the microgrid site forms)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

HEADER = Font(bold=True)


def readme_workbook(title: str, lines: Iterable[str]) -> Workbook:
    """A new workbook whose first sheet ``title`` holds ``lines``, one a row, in a wide column A."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for line in lines:
        ws.append([line])
    ws.column_dimensions["A"].width = 110
    return wb


def append_header(ws: Worksheet, cells: list[Any]) -> None:
    """Append a row of column titles in bold."""
    ws.append(cells)
    for cell in ws[ws.max_row]:
        cell.font = HEADER
