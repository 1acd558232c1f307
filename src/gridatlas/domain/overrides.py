"""Change a raw case mapping at a field path (for user-defined scenarios)."""

from __future__ import annotations

from typing import Any


def set_path(raw: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at a dotted ``path`` in a raw mapping, in place.

    ``links[陕北-安徽直流].from_year`` addresses a list item by its ``name``;
    ``capacity.coal[2]`` by position.

    Raises
    ------
    KeyError
        When a list item named in the path does not exist.
    """
    node: Any = raw
    parts = _split(path)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(part, tuple):
            key, sel = part
            items = node.get(key) if isinstance(node, dict) else None
            if not isinstance(items, list):
                raise KeyError(path)
            idx = int(sel) if sel.isdigit() else _named(items, sel, path)
            if last:
                items[idx] = value
            else:
                node = items[idx]
        elif last:
            node[part] = value
        else:
            node = node.setdefault(part, {})


def _named(items: list[Any], name: str, path: str) -> int:
    for j, item in enumerate(items):
        if isinstance(item, dict) and item.get("name") == name:
            return j
    raise KeyError(path)


def _split(path: str) -> list[str | tuple[str, str]]:
    parts: list[str | tuple[str, str]] = []
    for piece in path.split("."):
        if "[" in piece and piece.endswith("]"):
            key, sel = piece[:-1].split("[", 1)
            parts.append((key, sel))
        else:
            parts.append(piece)
    return parts
