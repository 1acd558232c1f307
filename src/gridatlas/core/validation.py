"""Turn a pydantic ``ValidationError`` into one :class:`InputError`.

Any schema in gridatlas can use :func:`input_error`: it picks the most
specific problem, writes its location as a field path (list items that have a
``name`` are shown by name: ``links[吉泉].share``) and says in plain words what
was expected. Schema-specific wording comes in through ``hints``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from gridatlas.core.errors import InputError

#: A hint gets (error type, location) and returns a sentence, or None to fall through.
Hint = Callable[[str, tuple[int | str, ...]], str | None]


def field_path(loc: tuple[int | str, ...], raw: Any = None) -> str:
    """Dotted field path (``a.b[2].c``); given ``raw``, list items of named things are shown by name."""
    out = ""
    node: Any = raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            name = item.get("name") if isinstance(item, dict) else None
            out += f"[{name}]" if isinstance(name, str) else f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return out


_OPS = {
    "less_than_equal": "≤",
    "greater_than_equal": "≥",
    "less_than": "<",
    "greater_than": ">",
}


def expected_text(kind: str, ctx: dict[str, Any], msg: str) -> str:
    """Plain words for a pydantic error type."""
    if "expected" in ctx and kind not in ("literal_error", "enum"):
        return str(ctx["expected"])
    if kind == "missing":
        return "a value (this field is required)"
    if kind == "extra_forbidden":
        return "a known field name (`gridatlas template` writes the full format)"
    if kind in ("float_parsing", "float_type"):
        return "a number"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "a whole number"
    if kind in _OPS:
        return f"a number {_OPS[kind]} {next(iter(ctx.values()), '')}"
    if kind in ("literal_error", "enum"):
        return "one of " + str(ctx.get("expected", ""))
    if kind == "string_pattern_mismatch":
        return "lower-case letters, digits, '-' or '_'"
    return msg


def _union_branch(part: int | str) -> bool:
    # pydantic tags union branches in the location (e.g. "float", "ByHydrologySpec")
    return isinstance(part, str) and (part[:1].isupper() or part in ("float", "function-before"))


def input_error(
    exc: ValidationError, raw: Any, origin: str, hints: Hint | None = None
) -> InputError:
    """The most specific error of ``exc`` as one :class:`InputError`."""
    err = max(exc.errors(), key=lambda e: len(e["loc"]))
    loc = tuple(p for p in err["loc"] if not _union_branch(p))
    kind = err["type"]
    hinted = hints(kind, loc) if hints else None
    expected = hinted or expected_text(kind, err.get("ctx") or {}, err["msg"])
    got = err.get("input") if kind not in ("missing", "extra_forbidden") else None
    if isinstance(got, dict | list):
        got = None
    return InputError(origin, field_path(loc, raw), expected, got)
