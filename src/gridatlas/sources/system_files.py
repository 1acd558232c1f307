"""Read adequacy system files (YAML + CSV profiles) into a checked PowerSystem.

A system is a folder (or a ``.yaml`` file) in the format of ``docs/adequacy.md``:
the YAML holds regions, units, renewables, hydro, storage and interfaces; hourly
series are either inline lists or the name of a column of the CSV file(s) given
under ``profiles``. Every problem is one :class:`InputError` naming the file, the
field and what was expected. Bundled systems live in ``data/systems/NAME/``.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gridatlas.core.errors import InputError
from gridatlas.core.validation import input_error
from gridatlas.domain.power_system import PowerSystem
from gridatlas.sources.yaml_files import read_yaml

_DIR = "systems"
MAIN_FILE = "system.yaml"

#: (group, field) of every hourly series that may name a CSV column.
SERIES_FIELDS: tuple[tuple[str, str], ...] = (
    ("regions", "load_mw"),
    ("units", "capacity_profile"),
    ("variable", "profile"),
)


def bundled_system_names() -> list[str]:
    """Names of the systems that ship with gridatlas."""
    folder = resources.files("gridatlas.data").joinpath(_DIR)
    return sorted(
        e.name for e in folder.iterdir() if e.is_dir() and e.joinpath(MAIN_FILE).is_file()
    )


def read_profiles(text: str, origin: str) -> dict[str, list[float]]:
    """Columns of a profile CSV (header row, one row per hour, numbers only)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not rows[0]:
        raise InputError(origin, "header", "a header row naming the columns")
    header = [h.strip() for h in rows[0]]
    cols: dict[str, list[float]] = {h: [] for h in header}
    for i, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise InputError(origin, f"line {i}", f"{len(header)} comma-separated values", len(row))
        for h, cell in zip(header, row, strict=True):
            try:
                cols[h].append(float(cell))
            except ValueError:
                raise InputError(origin, f"{h}, line {i}", "a number", cell) from None
    return cols


def _resolve_series(
    raw: dict[str, Any], columns: dict[str, tuple[str, list[float]]], origin: str
) -> None:
    for group, fld in SERIES_FIELDS:
        items = raw.get(group) or []
        if not isinstance(items, list):
            continue
        for k, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get(fld), str):
                continue
            name = item[fld]
            label = item.get("name", k)
            if name not in columns:
                have = ", ".join(sorted(columns)) or "no profiles file"
                raise InputError(
                    origin,
                    f"{group}[{label}].{fld}",
                    f"a column of the profiles file ({have})",
                    name,
                )
            item[fld] = columns[name][1]


def system_from_dict(raw: Any, origin: str, read_text: Any = None) -> PowerSystem:
    """Check a raw mapping (from YAML) and build the system.

    ``read_text(name)`` returns the text of a profiles file named in ``raw``.
    """
    if not isinstance(raw, dict):
        raise InputError(origin, "", "a mapping with name, hours, regions, …")
    raw = dict(raw)
    for group, _ in SERIES_FIELDS:
        if isinstance(raw.get(group), list):
            raw[group] = [dict(x) if isinstance(x, dict) else x for x in raw[group]]
    files = raw.pop("profiles", None) or []
    if isinstance(files, str):
        files = [files]
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        raise InputError(origin, "profiles", "a CSV file name or a list of them")
    columns: dict[str, tuple[str, list[float]]] = {}
    for f in files:
        if read_text is None:
            raise InputError(
                origin, "profiles", "inline series (no folder to read profile files from)"
            )
        text = read_text(f)
        for name, values in read_profiles(text, f).items():
            if name in columns:
                raise InputError(
                    f, name, "a column name not already used in another profiles file", name
                )
            columns[name] = (f, values)
    _resolve_series(raw, columns, origin)
    try:
        return PowerSystem.model_validate(raw)
    except ValidationError as exc:
        err = max(exc.errors(), key=lambda e: len(e["loc"]))
        if err["type"] == "value_error" and not err["loc"]:
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
            raise InputError(origin, "", msg) from None
        raise input_error(exc, raw, origin) from None


def _folder_reader(folder: Path | Traversable, origin: str) -> Any:
    def read(name: str) -> str:
        target = folder.joinpath(name)
        try:
            return target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(
                origin, "profiles", f"a readable UTF-8 CSV file {name} beside it ({exc})"
            ) from None

    return read


def load_system(ref: str | Path) -> PowerSystem:
    """A bundled system by name, a system folder, or a system YAML file."""
    if isinstance(ref, str) and ref in bundled_system_names():
        folder = resources.files("gridatlas.data").joinpath(_DIR, ref)
        origin = f"bundled:{ref}/{MAIN_FILE}"
        return system_from_dict(
            read_yaml(folder.joinpath(MAIN_FILE), origin), origin, _folder_reader(folder, origin)
        )
    path = Path(ref)
    if path.is_dir():
        path = path / MAIN_FILE
    if not path.is_file():
        names = ", ".join(bundled_system_names())
        raise InputError(
            str(ref), "", f"a bundled system ({names}), a system folder or a system .yaml file"
        )
    return system_from_dict(read_yaml(path), str(path), _folder_reader(path.parent, str(path)))
