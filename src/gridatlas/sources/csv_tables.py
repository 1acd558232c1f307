"""Shared helpers for reading small third-party CSV tables with clear errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province


def read_csv_checked(
    path: str | Path, required: tuple[str, ...], what: str, **kwargs: object
) -> pd.DataFrame:
    """Read a CSV as text cells and check that ``required`` columns exist.

    The index is the file's line number (header = line 1, after any skipped
    lines), so errors can name the row a user sees in an editor.

    Raises
    ------
    InputError
        When the file is missing or unreadable, or a required column is absent.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", f"an existing {what} file (.csv)")
    skip = int(kwargs.pop("skiprows", 0))  # type: ignore[call-overload]
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skiprows=skip, **kwargs
        )  # type: ignore[call-overload]
    except Exception as exc:
        raise InputError(path, "", f"a readable CSV {what} file ({exc})") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in required:
        if column not in frame.columns:
            raise InputError(path, column, f"a column named {column!r} ({what})")
    frame.index = pd.RangeIndex(2 + skip, 2 + skip + len(frame))
    return frame


def number(path: str | Path, row: int, field: str, text: str, *, minimum: float = 0.0) -> float:
    """A cell as a float ≥ ``minimum``; raise :class:`InputError` naming file, row and field."""
    try:
        x = float(text)
    except ValueError:
        raise InputError(path, f"row {row}.{field}", "a number", text) from None
    if not x >= minimum:
        raise InputError(path, f"row {row}.{field}", f"a number ≥ {minimum:g}", text)
    return x


def province_code(
    path: str | Path, row: int, field: str, text: str, *, mainland: bool = True
) -> str:
    """A cell naming a province (name, pinyin or code) as its code.

    Raises
    ------
    InputError
        Naming file, row and field when the name is unknown (or, with
        ``mainland``, not one of the 31 mainland provinces).
    """
    p = find_province(text.strip())
    if p is None or (mainland and not p.mainland):
        expected = "one of the 31 mainland provinces" if mainland else "a Chinese province name"
        raise InputError(path, f"row {row}.{field}", expected, text)
    return p.code
