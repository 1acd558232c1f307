"""Helpers for the bad-input tests and the fuzz suite: the GEM subset table, damaged-file
helpers and an in-process run of the console-script entry point."""

from __future__ import annotations

import io
import json
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from openpyxl import Workbook, load_workbook

from gridatlas.cli import main

ROOT = Path(__file__).resolve().parents[2]
GEM_FILE = ROOT.parent / "shared" / "data" / "gem" / "Global-Coal-Plant-Tracker-July-2023.xlsx"
#: China rows taken from the top of the real tracker for the small test workbook.
GEM_CHINA_ROWS = 20


@dataclass(frozen=True)
class GemTable:
    """The header and rows of sheet ``Units`` (a real subset), and a writer for variants."""

    header: tuple[Any, ...]
    rows: tuple[tuple[Any, ...], ...]

    def column(self, name: str) -> int:
        return self.header.index(name)

    def write(
        self,
        path: Path,
        rows: list[list[Any]] | None = None,
        header: list[Any] | None = None,
    ) -> Path:
        """Write a workbook with sheet ``Units`` (and an ``About`` sheet, as GEM has)."""
        wb = Workbook(write_only=True)
        wb.create_sheet("About").append(["Derived test subset of the GEM Coal Plant Tracker"])
        ws = wb.create_sheet("Units")
        ws.append(list(self.header if header is None else header))
        for row in self.rows if rows is None else rows:
            ws.append(list(row))
        wb.save(path)
        return path


def truncate_member(book: Path, target: Path, member: str, keep: float = 0.5) -> Path:
    """Copy ``book`` to ``target`` with zip member ``member`` cut to ``keep`` of its bytes."""
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == member:
                data = data[: int(len(data) * keep)]
            dst.writestr(info, data)
    return target


def sheet_member(book: Path, title_word: str) -> str:
    """The zip member holding the sheet whose title contains ``title_word``."""
    wb = load_workbook(book, read_only=True)
    try:
        index = next(i for i, n in enumerate(wb.sheetnames) if title_word in n)
    finally:
        wb.close()
    return f"xl/worksheets/sheet{index + 1}.xml"


@dataclass(frozen=True)
class Outcome:
    """What one in-process CLI run produced."""

    code: int | None
    stdout: str
    stderr: str
    exception: BaseException | None

    @property
    def clean_error(self) -> bool:
        """Exit 2 with one ``error:`` message and no traceback."""
        return (
            self.exception is None
            and self.code == 2
            and "Traceback" not in self.stderr
            and self.stderr.strip().startswith("error:")
        )


def invoke(argv: list[str]) -> Outcome:
    """Run ``gridatlas ARGV`` through the console-script entry point, in this process."""
    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    exception: BaseException | None = None
    with (
        mock.patch.object(sys, "argv", ["gridatlas", *argv]),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except Exception as exc:  # a traceback a user would see
            exception = exc
    return Outcome(code, out.getvalue(), err.getvalue(), exception)


def non_finite_json(text: str) -> list[str]:
    """The NaN/Infinity tokens in a JSON document (Python's json writes them unless told not to)."""
    found: list[str] = []
    json.loads(text, parse_constant=lambda token: found.append(token))
    return found
