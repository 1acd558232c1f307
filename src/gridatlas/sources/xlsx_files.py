"""Read every sheet of an .xlsx workbook as rows of cell values, or fail with one InputError.

openpyxl's read-only mode parses a sheet's XML only while its rows are
iterated, so a damaged workbook (a truncated sheet inside the zip, a bad
checksum) fails late and with many exception types. :func:`read_sheets` reads
everything at once and turns any such failure into an
:class:`~gridatlas.core.errors.InputError` naming the file and the sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from gridatlas.core.errors import InputError

#: Rows of one sheet: one tuple of cell values per row.
Rows = list[tuple[Any, ...]]


def read_sheets(path: str | Path) -> dict[str, Rows]:
    """Sheet name → its rows (cached values, not formulas), in workbook order.

    Raises
    ------
    InputError
        When the file is missing, is not an .xlsx workbook, or a sheet cannot be parsed.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing .xlsx file")
    # the file is opened here so that it is closed on every path, even when openpyxl fails
    with path.open("rb") as fh:
        try:
            wb = load_workbook(fh, data_only=True, read_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise InputError(path, "", f"an .xlsx workbook ({type(exc).__name__})") from None
        sheets: dict[str, Rows] = {}
        try:
            for name in wb.sheetnames:
                try:
                    sheets[name] = [tuple(r) for r in wb[name].iter_rows(values_only=True)]
                except Exception as exc:  # truncated XML, bad zip member, ...
                    raise InputError(
                        path,
                        f"sheet '{name}'",
                        f"a readable worksheet (the file is damaged: {type(exc).__name__})",
                    ) from None
        finally:
            wb.close()
    return sheets
