"""Read case files: bundled names, YAML paths and Excel workbooks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridatlas.core.errors import InputError
from gridatlas.domain.case import Case, case_from_dict
from gridatlas.sources.case_catalogue import bundled_case_names, bundled_case_text
from gridatlas.sources.case_xlsx_reader import read_case_xlsx
from gridatlas.sources.yaml_files import parse_yaml, read_yaml

__all__ = ["bundled_case_names", "bundled_case_text", "read_case", "read_case_raw"]


def read_case_raw(ref: str | Path) -> tuple[dict[str, Any], str]:
    """The raw mapping of a case and its origin (path or ``bundled:NAME``)."""
    text_ref = str(ref)
    path = Path(text_ref)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_case_xlsx(path), str(path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise InputError(text_ref, "", "an existing case file")
        return read_yaml(path, text_ref), text_ref
    key = text_ref.lower()
    if key in bundled_case_names():
        origin = f"bundled:{key}"
        return parse_yaml(bundled_case_text(key), origin), origin
    names = ", ".join(bundled_case_names())
    raise InputError(text_ref, "CASE", f"a bundled case ({names}) or a .yaml/.xlsx file path")


def read_case(ref: str | Path) -> Case:
    """Read and check a case by bundled name or file path; its ``pipeline:`` block is
    kept as written (:func:`gridatlas.app.cases.load_case` applies it)."""
    raw, origin = read_case_raw(ref)
    return case_from_dict(raw, origin)
