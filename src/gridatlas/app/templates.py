"""Blank input templates: the commented YAML text read as data, for the Excel variants."""

from __future__ import annotations

from typing import Any

from gridatlas.sources.yaml_files import parse_yaml

__all__ = ["template_data"]


def template_data(text: str) -> dict[str, Any]:
    """The content of a commented YAML template (for writing it as an Excel template)."""
    return parse_yaml(text, "template")
