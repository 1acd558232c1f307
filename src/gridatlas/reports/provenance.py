"""Provenance of an output: the gridatlas version, a hash of the inputs, the sources.

Every JSON document and workbook gridatlas writes carries the same block::

    {"gridatlas_version": "0.1.0",
     "inputs_sha256": "<64 hex digits>",
     "sources": [{"key", "title", "publisher", "as_of"}, ...]}

``inputs_sha256`` is the SHA-256 of the inputs' canonical JSON text (keys
sorted, no spaces, UTF-8, floats written by ``repr``): checked objects are
taken field by field, numpy arrays element by element, so the same input
gives the same hash whether it came from YAML, Excel or Python, and any
changed number changes it. Fields named ``origin`` (where an input was read
from, not what it says) are left out.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import BaseModel

from gridatlas.core.version import __version__

if TYPE_CHECKING:
    from openpyxl import Workbook

SHEET = "出处 provenance"
#: Fields that say where an input came from, not what it says.
_NOT_INPUT = frozenset({"origin", "tariff_origin"})


def canonical(obj: Any) -> Any:
    """``obj`` as plain JSON data (dicts, lists, str, int, float, bool, None).

    Raises
    ------
    TypeError
        For a value with no canonical form (rather than hashing its ``repr``,
        which may hold a memory address).
    """
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else repr(obj)
    if isinstance(obj, enum.Enum):
        return canonical(obj.value)
    if isinstance(obj, np.ndarray):
        return canonical(obj.tolist())
    if isinstance(obj, np.generic):
        return canonical(obj.item())
    if isinstance(obj, BaseModel):
        return canonical(
            obj.model_dump(mode="python", exclude=set(_NOT_INPUT & set(type(obj).model_fields)))
        )
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: canonical(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if f.compare and f.name not in _NOT_INPUT
        }
    if isinstance(obj, Mapping):
        return {str(k): canonical(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        items = [canonical(v) for v in obj]
        if isinstance(obj, set | frozenset):
            items.sort(key=lambda v: json.dumps(v, sort_keys=True))
        return items
    if isinstance(obj, PurePath):
        return obj.as_posix()
    if isinstance(obj, date | datetime):
        return obj.isoformat()
    raise TypeError(f"no canonical form for {type(obj).__name__}")


def inputs_sha256(inputs: Any) -> str:
    """SHA-256 (hex) of the canonical JSON text of ``inputs``."""
    text = json.dumps(canonical(inputs), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _source(key: str, src: Any) -> dict[str, Any]:
    get = src.get if isinstance(src, Mapping) else lambda k: getattr(src, k, None)
    out = {"key": key}
    for field in ("title", "publisher", "as_of", "file", "document"):
        value = get(field)
        if value is not None:
            out[field] = str(value)
    return out


def provenance(inputs: Any, sources: Mapping[str, Any] | Iterable[Any] = ()) -> dict[str, Any]:
    """The provenance block of an output.

    Parameters
    ----------
    inputs : any
        Everything the result depends on (checked objects, options), in any
        structure :func:`canonical` accepts.
    sources : mapping or iterable
        The sources the inputs cite: a mapping ``key -> source`` (objects or
        mappings with ``title``, ``publisher``, ``as_of``), or plain strings.
    """
    if isinstance(sources, Mapping):
        items = [_source(str(k), v) for k, v in sources.items()]
    else:
        items = [{"key": s} if isinstance(s, str) else _source("", s) for s in sources]
    return {
        "gridatlas_version": __version__,
        "inputs_sha256": inputs_sha256(inputs),
        "sources": items,
    }


def provenance_rows(prov: Mapping[str, Any]) -> list[list[str]]:
    """The provenance block as rows (item, value) for a table or a sheet."""
    rows = [
        ["gridatlas_version", str(prov["gridatlas_version"])],
        ["inputs_sha256", str(prov["inputs_sha256"])],
    ]
    for i, src in enumerate(prov["sources"]):
        text = " · ".join(str(v) for k, v in src.items() if k != "key")
        rows.append([f"sources[{i}] {src.get('key', '')}".rstrip(), text])
    return rows


def add_provenance_sheet(wb: Workbook, prov: Mapping[str, Any]) -> None:
    """Append a sheet holding the provenance block to an openpyxl workbook."""
    ws = wb.create_sheet(SHEET)
    ws.append(["item", "value"])
    for row in provenance_rows(prov):
        ws.append(row)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
