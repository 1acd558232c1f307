"""Load aggregate pipeline inputs (``gridatlas.pipeline-starts/1`` YAML).

A bundled input is named (``report-2024``); anything else is a file path.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from gridatlas.domain.pipeline_input import StartsInput
from gridatlas.errors import InputError

_FOLDER = "pipeline"


def bundled_inputs() -> list[str]:
    """Names of the bundled aggregate inputs."""
    folder = resources.files("gridatlas.data").joinpath(_FOLDER)
    return sorted(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_starts(text: str, origin: str) -> StartsInput:
    """Parse and validate the YAML text of an aggregate input."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(origin, "", f"valid YAML ({exc})".replace("\n", " ")) from None
    if not isinstance(data, dict):
        raise InputError(origin, "", "a YAML mapping with format: gridatlas.pipeline-starts/1")
    try:
        return StartsInput.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        got = err.get("input") if err["type"] != "missing" else None
        msg = err["msg"].removeprefix("Value error, ").removeprefix("expected ")
        msg = re.sub(r", got .*$", "", msg)
        raise InputError(origin, _loc(tuple(err["loc"])), msg, got) from None


def load_starts(ref: str | Path) -> StartsInput:
    """A bundled input by name, or a YAML file by path."""
    name = str(ref)
    if name in bundled_inputs():
        text = (
            resources.files("gridatlas.data").joinpath(_FOLDER, f"{name}.yaml").read_text("utf-8")
        )
        return parse_starts(text, name)
    path = Path(ref)
    if not path.is_file():
        names = ", ".join(bundled_inputs())
        raise InputError(name, "--input", f"a bundled input ({names}) or a .yaml file path")
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, "", f"a readable UTF-8 YAML file ({exc})") from None
    return parse_starts(text, str(path))
