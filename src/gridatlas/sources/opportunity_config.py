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
from typing import Any

from gridatlas.domain.opportunity import OPPORTUNITY_SCHEMA, AssessmentConfig
from gridatlas.sources.region_files import validate_tagged
from gridatlas.sources.yaml_files import parse_yaml, read_yaml


def bundled_weights() -> Traversable:
    """The bundled ``weights.yaml``."""
    return resources.files("gridatlas.data").joinpath("assessment", "weights.yaml")


def parse_config(text: str, source: str | Path) -> AssessmentConfig:
    """Parse and validate a config's text; ``source`` names it in errors."""
    return _validate(parse_yaml(text, source), source)


def _validate(raw: Any, source: str | Path) -> AssessmentConfig:
    return validate_tagged(
        raw, source, AssessmentConfig, OPPORTUNITY_SCHEMA, "of assessment settings"
    )


@cache
def _bundled() -> AssessmentConfig:
    origin = "gridatlas/data/assessment/weights.yaml"
    return _validate(read_yaml(bundled_weights(), origin), origin)


def load_config(path: str | Path | None = None) -> AssessmentConfig:
    """The bundled config, or the one in ``path``."""
    if path is None:
        return _bundled()
    p = Path(path)
    return _validate(read_yaml(p), p)
