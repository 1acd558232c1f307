"""Read YAML input files; a problem is an :class:`InputError` naming the file and the line."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from gridatlas.core.errors import InputError

#: libyaml's loader when PyYAML was built with it (9-11x faster, same results), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, origin: str | Path) -> Any:
    """Parse YAML text; a syntax error names ``origin``, the line and the column."""
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "a syntax error"
        raise InputError(origin, where, f"valid YAML ({problem})") from None


def read_yaml(path: str | Path | Traversable, origin: str | Path | None = None) -> Any:
    """Read and parse a UTF-8 YAML file; ``origin`` (default: the path) names it in errors."""
    source = str(path) if origin is None else origin
    if isinstance(path, str):
        path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, "", f"a readable UTF-8 YAML file ({exc})") from None
    return parse_yaml(text, source)
