"""Read YAML input files; a problem is an :class:`InputError` naming the file and the line."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final

import yaml

from gridatlas.core.errors import InputError

#: Deepest nesting of lists and mappings accepted; gridatlas files need fewer than 10 levels.
MAX_DEPTH: Final[int] = 50
#: Most values (scalars, lists, mappings) accepted in one file, counted through YAML aliases;
#: an 8760-hour profile is about 9,000. Guards against alias bombs ("billion laughs").
MAX_NODES: Final[int] = 1_000_000

#: libyaml's loader when PyYAML was built with it (9-11x faster, same results), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, origin: str | Path) -> Any:
    """Parse YAML text; a problem is an :class:`InputError` naming ``origin``.

    Syntax errors name the line and the column. Documents nested deeper than
    :data:`MAX_DEPTH` or holding more than :data:`MAX_NODES` values are refused.
    """
    data = _parse_yaml(text, origin)
    check_size(data, origin)
    return data


def _parse_yaml(text: str, origin: str | Path) -> Any:
    """Parse YAML text; a syntax error names ``origin``, the line and the column."""
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "a syntax error"
        raise InputError(origin, where, f"valid YAML ({problem})") from None
    except RecursionError:  # the composer recurses once per nesting level
        raise InputError(origin, "", f"YAML nested at most {MAX_DEPTH} levels deep") from None


def check_size(data: Any, origin: str | Path) -> None:
    """Refuse data nested deeper than :data:`MAX_DEPTH` or larger than :data:`MAX_NODES`.

    Walks the data without recursion, so any depth can be checked.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise InputError(origin, "", f"at most {MAX_NODES:,} values in one file")
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > MAX_DEPTH:
            raise InputError(origin, "", f"YAML nested at most {MAX_DEPTH} levels deep")
        stack.extend((c, depth + 1) for c in children)


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
