"""Small workbook helpers shared by the exposure and flexibility writers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from gridatlas.reports.atomic import atomic_path
from gridatlas.reports.workbook import SheetWriter, write_frame_sheet


def titled_sheet(frame: pd.DataFrame, title: str) -> SheetWriter:
    """A sheet writer: ``title`` in A1, then ``frame`` as a plain table."""

    def write(ws: Worksheet) -> None:
        write_frame_sheet(ws, frame)
        ws.insert_rows(1)
        ws["A1"] = title

    return write


def write_sheets(sheets: Sequence[tuple[str, SheetWriter]], target: str | Path) -> None:
    """One workbook of the given (title, writer) sheets, written atomically."""
    book = Workbook()
    for n, (title, write) in enumerate(sheets):
        ws = book.active if n == 0 else book.create_sheet()
        assert ws is not None
        ws.title = title[:31]
        write(ws)
    with atomic_path(target) as tmp:
        book.save(tmp)
