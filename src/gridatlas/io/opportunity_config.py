"""Read the opportunity-assessment config (``gridatlas.opportunity/1`` YAML).

The bundled file is ``gridatlas/data/assessment/weights.yaml``; ``--weights FILE``
reads a user copy instead. Problems are raised as :class:`InputError` naming the
file, the field path and what was expected.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml
from pydantic import ValidationError

from gridatlas.domain.opportunity import OPPORTUNITY_SCHEMA, AssessmentConfig
from gridatlas.errors import InputError
from gridatlas.io.region_files import _input_error


def bundled_weights() -> Traversable:
    """The bundled ``weights.yaml``."""
    return resources.files("gridatlas.data").joinpath("assessment", "weights.yaml")


def parse_config(text: str, source: str | Path) -> AssessmentConfig:
    """Parse and validate a config's text; ``source`` names it in errors."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise InputError(source, where, "valid YAML", got=str(exc).splitlines()[0]) from None
    if not isinstance(raw, dict):
        raise InputError(source, "", "a YAML mapping of assessment settings", type(raw).__name__)
    if raw.get("schema") != OPPORTUNITY_SCHEMA:
        raise InputError(source, "schema", repr(OPPORTUNITY_SCHEMA), got=raw.get("schema"))
    try:
        return AssessmentConfig.model_validate(raw)
    except ValidationError as exc:
        raise _input_error(exc, source) from None


@cache
def _bundled() -> AssessmentConfig:
    return parse_config(
        bundled_weights().read_text(encoding="utf-8"), "gridatlas/data/assessment/weights.yaml"
    )


def load_config(path: str | Path | None = None) -> AssessmentConfig:
    """The bundled config, or the one in ``path``."""
    if path is None:
        return _bundled()
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(p, "", "a readable UTF-8 weights file", got=str(exc)) from None
    return parse_config(text, p)
