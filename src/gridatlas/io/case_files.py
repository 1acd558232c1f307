"""Read case files: bundled names, YAML paths and Excel workbooks."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from gridatlas.domain.case import Case, case_from_dict
from gridatlas.errors import InputError

_CASES = "cases"


def bundled_case_names() -> list[str]:
    """Names of the cases shipped with gridatlas."""
    folder = resources.files("gridatlas.data").joinpath(_CASES)
    return sorted(e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml"))


def bundled_case_text(name: str) -> str:
    """The YAML text of a bundled case."""
    return resources.files("gridatlas.data").joinpath(_CASES, f"{name}.yaml").read_text("utf-8")


def parse_yaml(text: str, origin: str) -> Any:
    """Parse YAML text; a syntax error names the file and the line."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "a syntax error"
        raise InputError(origin, where, f"valid YAML ({problem})") from None


def read_case_raw(ref: str | Path) -> tuple[dict[str, Any], str]:
    """The raw mapping of a case and its origin (path or ``bundled:NAME``)."""
    text_ref = str(ref)
    path = Path(text_ref)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from gridatlas.io.case_xlsx import read_case_xlsx

        return read_case_xlsx(path), str(path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise InputError(text_ref, "", "an existing case file")
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(text_ref, "", f"a readable UTF-8 YAML file ({exc})") from None
        raw = parse_yaml(text, text_ref)
        return raw, text_ref
    key = text_ref.lower()
    if key in bundled_case_names():
        origin = f"bundled:{key}"
        return parse_yaml(bundled_case_text(key), origin), origin
    names = ", ".join(bundled_case_names())
    raise InputError(text_ref, "CASE", f"a bundled case ({names}) or a .yaml/.xlsx file path")


def load_case(ref: str | Path) -> Case:
    """Load and check a case by bundled name or file path.

    Examples
    --------
    >>> case = load_case("anhui")
    >>> case.province.short_zh
    '安徽'
    """
    raw, origin = read_case_raw(ref)
    return case_from_dict(raw, origin)
