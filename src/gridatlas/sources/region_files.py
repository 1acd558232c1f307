"""Read region knowledge-base files (``gridatlas.region/1`` YAML) and validate them.

The bundled files live in the package data folder ``gridatlas/data/regions``;
a user folder of files in the same format can be given instead or on top (to
update a region). Every problem is raised as :class:`gridatlas.core.errors.InputError`
naming the file, the field path and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from gridatlas.core.errors import InputError
from gridatlas.core.validation import field_path
from gridatlas.domain.region import SCHEMA, Region, region_codes
from gridatlas.sources.yaml_files import parse_yaml, read_yaml

_PACKAGE_FOLDER = "regions"


def bundled_folder() -> Traversable:
    """The package-data folder holding the bundled region files."""
    return resources.files("gridatlas.data").joinpath(_PACKAGE_FOLDER)


M = TypeVar("M", bound=BaseModel)


def validate_tagged(raw: Any, source: str | Path, model: type[M], schema: str, holds: str) -> M:
    """Check the parsed content of a file tagged ``schema: <schema>`` against ``model``.

    ``holds`` says what the mapping holds, for the error when it is not a mapping.
    """
    if not isinstance(raw, dict):
        raise InputError(source, "", f"a YAML mapping {holds}", got=type(raw).__name__)
    if raw.get("schema") != schema:
        raise InputError(source, "schema", repr(schema), got=raw.get("schema"))
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise _input_error(exc, source) from None


def _validate(raw: Any, source: str | Path) -> Region:
    return validate_tagged(raw, source, Region, SCHEMA, "with the region fields")


def parse_region(text: str, source: str | Path) -> Region:
    """Parse and validate one region file's text; ``source`` names it in errors."""
    return _validate(parse_yaml(text, source), source)


def read_region_file(path: str | Path | Traversable) -> Region:
    """Read one region file; the file stem must equal the region's code."""
    source = str(path)
    if isinstance(path, str):
        path = Path(path)
    region = _validate(read_yaml(path, source), source)
    stem = Path(path.name).stem
    if stem != region.code:
        raise InputError(source, "code", f"the file name's code {stem!r}", got=region.code)
    return region


def _yaml_files(folder: Traversable | Path) -> list[Traversable | Path]:
    return sorted(
        (e for e in folder.iterdir() if e.name.endswith((".yaml", ".yml"))),
        key=lambda e: e.name,
    )


def read_region_folder(folder: str | Path) -> dict[str, Region]:
    """All region files of a user folder by code (``<CODE>.yaml``)."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(path, "", "a folder of <CODE>.yaml region files")
    return _read_all(_yaml_files(path))


def _read_all(files: Iterable[Traversable | Path]) -> dict[str, Region]:
    out: dict[str, Region] = {}
    for entry in files:
        region = read_region_file(entry)
        out[region.code] = region
    return out


@cache
def _bundled() -> Mapping[str, Region]:
    return _read_all(_yaml_files(bundled_folder()))


def load_regions(folder: str | Path | None = None) -> dict[str, Region]:
    """All regions by code in registry order (31 mainland, then HMT).

    The bundled files are read first; files of ``folder`` (if given) replace
    or add regions of the same code. Only regions that have a file appear.
    """
    found = dict(_bundled())
    if folder is not None:
        found.update(read_region_folder(folder))
    order = {code: i for i, code in enumerate(region_codes())}
    return {c: found[c] for c in sorted(found, key=lambda c: order.get(c, len(order)))}


def load_region(code: str, folder: str | Path | None = None) -> Region:
    """One region by its code (``GD``, ``HMT``…)."""
    regions = load_regions(folder)
    if code not in regions:
        raise InputError(
            str(folder or "gridatlas/data/regions"),
            "code",
            f"one of {', '.join(regions) or '(no region files)'}",
            got=code,
        )
    return regions[code]


def _input_error(exc: ValidationError, source: str | Path) -> InputError:
    """The first pydantic error as an InputError with a dotted/indexed field path."""
    err = exc.errors(include_url=False)[0]
    field = field_path(tuple(err["loc"]))
    msg = str(err["msg"])
    # Cross-field checks of Region put their field path first: "indicators[2].line: ..."
    if msg.startswith("Value error, "):
        msg = msg.removeprefix("Value error, ")
        head, sep, rest = msg.partition(": ")
        if sep and " " not in head:
            # a nested model's check names its own field: "value: exactly one of …"
            field, msg = (f"{field}.{head}" if field else head), rest
    expected = _expected(err, msg)
    got = err.get("input") if err["type"] != "missing" else None
    if isinstance(got, dict | list):
        got = None
    more = exc.error_count() - 1
    if more:
        expected += f" (and {more} more problem{'s' if more > 1 else ''})"
    return InputError(source, field, expected, got=got)


def _expected(err: Mapping[str, Any], msg: str) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "this field (it is missing)"
    if kind == "extra_forbidden":
        return "no such field (unknown fields are not allowed)"
    if kind == "literal_error":
        return f"one of {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return "a date 'YYYY' or 'YYYY-MM'" if "\\d{4}" in str(ctx.get("pattern")) else msg
    for prefix, replacement in (
        ("Input should be ", ""),
        ("Value should be ", ""),
        ("List should have ", "a list with "),
        ("String should have ", "a text with "),
    ):
        if msg.startswith(prefix):
            return replacement + msg.removeprefix(prefix)
    return msg or str(kind)


def check_files(paths: Iterable[str | Path]) -> list[str]:
    """Validate region files; one line per file, ``OK <file>`` or the error."""
    out = []
    for p in paths:
        try:
            region = read_region_file(Path(p))
        except InputError as exc:
            out.append(f"ERROR {exc}")
        else:
            out.append(f"OK {p} ({region.code}, {len(region.indicators)} indicators)")
    return out


if (
    __name__ == "__main__"
):  # python -m gridatlas.sources.region_files src/gridatlas/data/regions/*.yaml
    import sys

    lines = check_files(sys.argv[1:])
    print("\n".join(lines))
    sys.exit(1 if any(line.startswith("ERROR") for line in lines) else 0)
