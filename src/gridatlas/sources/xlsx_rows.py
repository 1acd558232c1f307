"""Fast row reading of large third-party workbooks (openpyxl read-only mode).

``read_sheet(path, sheet)`` returns a frame of the sheet's cells as Python
objects with the header row as column names and the workbook row number
(1-based, header = row 1) as index. Nothing is converted or cleaned here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import openpyxl
import pandas as pd

from gridatlas.core.errors import InputError


def read_sheets(path: str | Path, sheets: tuple[str, ...], what: str) -> dict[str, pd.DataFrame]:
    """The named sheets of a workbook as raw frames, keyed by sheet name.

    Parameters
    ----------
    path : str or Path
        The workbook (.xlsx).
    sheets : tuple of str
        Sheet names to read; the first must exist, later ones are optional.
    what : str
        What the file should be, for error messages.

    Raises
    ------
    InputError
        When the file is missing, unreadable or lacks the first sheet.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", f"an existing {what} workbook (.xlsx)")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook extensions it does not read; harmless here
            warnings.filterwarnings("ignore", message=".*extension is not supported.*")
            warnings.filterwarnings("ignore", message=".*Data Validation extension.*")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                if sheets[0] not in book.sheetnames:
                    raise InputError(
                        path, f"sheet {sheets[0]}", f"a sheet named {sheets[0]!r}", book.sheetnames
                    )
                frames = {
                    name: _frame(book[name].iter_rows(values_only=True))
                    for name in sheets
                    if name in book.sheetnames
                }
            finally:
                book.close()
    except InputError:
        raise
    except Exception as exc:  # a corrupt or non-Excel file
        raise InputError(path, "", f"a readable .xlsx workbook ({exc})") from None
    return frames


def _frame(rows: object) -> pd.DataFrame:
    it = iter(rows)  # type: ignore[call-overload]
    try:
        header = next(it)
    except StopIteration:
        return pd.DataFrame()
    names = [str(h).strip() if h is not None else f"_col{i}" for i, h in enumerate(header)]
    rows_kept: list[tuple[object, ...]] = []
    numbers: list[int] = []
    for number, row in enumerate(it, start=2):
        if any(v is not None for v in row):
            rows_kept.append(tuple(row)[: len(names)])
            numbers.append(number)
    return pd.DataFrame(rows_kept, columns=names, index=numbers, dtype=object)
