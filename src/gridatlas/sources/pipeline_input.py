"""Load aggregate pipeline inputs (``gridatlas.pipeline-starts/1`` YAML).

A bundled input is named (``report-2024``); anything else is a file path.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gridatlas.core.errors import InputError
from gridatlas.core.validation import field_path
from gridatlas.domain.pipeline_input import StartsInput
from gridatlas.sources.yaml_files import parse_yaml, read_yaml

_FOLDER = "pipeline"


def bundled_inputs() -> list[str]:
    """Names of the bundled aggregate inputs."""
    folder = resources.files("gridatlas.data").joinpath(_FOLDER)
    return sorted(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )


def parse_starts(text: str, origin: str) -> StartsInput:
    """Parse and validate the YAML text of an aggregate input."""
    return _validate(parse_yaml(text, origin), origin)


def _validate(data: Any, origin: str) -> StartsInput:
    """Validate the parsed content of an aggregate input; ``origin`` names it in errors."""
    if not isinstance(data, dict):
        raise InputError(origin, "", "a YAML mapping with format: gridatlas.pipeline-starts/1")
    try:
        return StartsInput.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        got = err.get("input") if err["type"] != "missing" else None
        msg = err["msg"].removeprefix("Value error, ").removeprefix("expected ")
        msg = re.sub(r", got .*$", "", msg)
        raise InputError(origin, field_path(tuple(err["loc"])), msg, got) from None


def load_starts(ref: str | Path) -> StartsInput:
    """A bundled input by name, or a YAML file by path."""
    name = str(ref)
    if name in bundled_inputs():
        return _validate(
            read_yaml(resources.files("gridatlas.data").joinpath(_FOLDER, f"{name}.yaml"), name),
            name,
        )
    path = Path(ref)
    if not path.is_file():
        names = ", ".join(bundled_inputs())
        raise InputError(name, "--input", f"a bundled input ({names}) or a .yaml file path")
    return _validate(read_yaml(path), str(path))
