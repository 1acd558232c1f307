"""Read flexibility assumption files (bundled default or a user's YAML)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from gridatlas.core.errors import InputError
from gridatlas.domain.flexibility import FlexibilityAssumptions, assumptions_from_dict
from gridatlas.sources.yaml_files import read_yaml

BUNDLED = "bundled:flexibility/assumptions.yaml"


def bundled_assumptions() -> FlexibilityAssumptions:
    """The default assumptions (``data/flexibility/assumptions.yaml``)."""
    path = resources.files("gridatlas.data").joinpath("flexibility", "assumptions.yaml")
    return assumptions_from_dict(read_yaml(path, BUNDLED), BUNDLED)


def read_assumptions(path: str | Path) -> FlexibilityAssumptions:
    """A user's assumptions file (same layout as the bundled one)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "", "an existing flexibility assumptions file (.yaml)")
    return assumptions_from_dict(read_yaml(path), str(path))
