"""The CJK font file that ships with gridatlas's dependencies (Noto Sans CJK)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def bundled_cjk_font() -> Path | None:
    """Path of the Noto Sans CJK font installed with gridatlas, or None if it is absent."""
    try:
        pkg = resources.files("cvttf_NotoSansCJK_Regular")
    except ModuleNotFoundError:
        return None
    for entry in pkg.iterdir():
        if entry.name.lower().endswith((".otf", ".ttf")):
            return Path(str(entry))
    return None
