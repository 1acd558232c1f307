"""The catalogue of bundled cases: their names and YAML text, read without checking.

Light on purpose (no numpy, no pydantic): listing the cases must start fast.
:func:`gridatlas.sources.case_files.read_case` reads and checks one case.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from gridatlas.sources.yaml_files import parse_yaml

_CASES = "cases"


def bundled_case_names() -> list[str]:
    """Names of the cases shipped with gridatlas."""
    folder = resources.files("gridatlas.data").joinpath(_CASES)
    return sorted(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )


def bundled_case_text(name: str) -> str:
    """The YAML text of a bundled case."""
    return resources.files("gridatlas.data").joinpath(_CASES, f"{name}.yaml").read_text("utf-8")


def bundled_case_raw(name: str) -> dict[str, Any]:
    """The raw mapping of a bundled case, as written (not checked)."""
    raw = parse_yaml(bundled_case_text(name), f"bundled:{name}")
    return raw if isinstance(raw, dict) else {}
