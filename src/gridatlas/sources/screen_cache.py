"""Microgrid screens cached on disk, keyed on everything that decides them.

A screen's result depends on its site mapping (tariff inline), the ``optimize``
flag and gridatlas's own code and bundled data. The key is the SHA-256 of all
three: the site as canonical JSON, the flag, and a fingerprint of every ``.py``,
``.csv`` and ``.yaml`` file of the installed package. Any change to any of them
is a different key, so a cached result is never stale; old entries are simply
no longer read.

Where: ``$GRIDATLAS_CACHE_DIR`` if set (``off`` or empty: no cache), else
``$XDG_CACHE_HOME/gridatlas`` or ``~/.cache/gridatlas``, in ``screens/<key>.json``.
This module reads; :func:`gridatlas.reports.atomic.write_text_atomic` writes.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

ENV = "GRIDATLAS_CACHE_DIR"
_SUFFIXES = (".py", ".csv", ".yaml", ".yml")


def cache_dir() -> Path | None:
    """The screens cache folder, or None when caching is off."""
    given = os.environ.get(ENV)
    if given is not None:
        return None if given.strip().lower() in ("", "off", "0", "none") else Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gridatlas"


@cache
def code_fingerprint() -> str:
    """SHA-256 over the package's code and bundled data files (path and bytes)."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in _SUFFIXES and p.is_file()):
        if "__pycache__" in path.parts:
            continue
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def screen_key(raw: dict[str, Any], optimize: bool) -> str:
    """The cache key of one screen."""
    text = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    payload = f"{code_fingerprint()}\n{optimize}\n{text}"
    return hashlib.sha256(payload.encode()).hexdigest()


def screen_path(folder: Path, key: str) -> Path:
    """Where the screen of ``key`` is cached."""
    return folder / "screens" / f"{key}.json"


def read_screen(folder: Path, key: str) -> dict[str, Any] | None:
    """A cached screen, or None when absent or unreadable (then it is computed again)."""
    try:
        data = json.loads(screen_path(folder, key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
