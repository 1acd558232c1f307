"""Year series as users write them, and their checked numeric form.

A series is one number (every year), a list with one entry per year, or a
mapping ``{year: value}``. :data:`SeriesInput` validates the shape when the
file is read; :func:`to_array` aligns it with the case's years later, when
they are known.
"""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from gridatlas.model.adequacy import FloatArray

EXPECTED_SERIES = "a number, a list with one number per year, or a mapping year: number"


class SeriesError(ValueError):
    """A series does not fit the case's years; ``where`` is the year or index."""

    def __init__(self, expected: str, where: str = "", got: object = None):
        self.expected = expected
        self.where = where
        self.got = got
        super().__init__(expected)


def clean_number(value: Any) -> Any:
    """Turn ``"7.2%"`` into 0.072 and ``"1,234"`` into 1234.0; leave anything else as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip().replace(",", "").replace("，", "").replace("％", "%")
    if text == "":
        return None
    try:
        return float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
    except ValueError:
        return value


def _number(value: Any, where: str) -> float | None:
    value = clean_number(value)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raise PydanticCustomError(
        "series", "{expected}", {"expected": f"a number at {where} (got {value!r})"}
    )


def _coerce(value: Any) -> float | list[float | None] | dict[int, float | None]:
    if isinstance(value, list | tuple):
        return [_number(v, f"position {i + 1}") for i, v in enumerate(value)]
    if isinstance(value, dict):
        out: dict[int, float | None] = {}
        for k, v in value.items():
            try:
                year = int(k)
            except (TypeError, ValueError):
                raise PydanticCustomError(
                    "series", "{expected}", {"expected": f"a year as key (got {k!r})"}
                ) from None
            out[year] = _number(v, str(year))
        return out
    number = _number(value, "this field")
    if number is None:
        raise PydanticCustomError("series", "{expected}", {"expected": EXPECTED_SERIES})
    return number


SeriesInput = Annotated[Any, BeforeValidator(_coerce)]


def to_array(value: Any, years: list[int], *, allow_missing: bool = False) -> FloatArray:
    """Align a validated series with ``years``; NaN marks a missing entry.

    Raises
    ------
    SeriesError
        On a wrong length, a year outside the case, or (unless
        ``allow_missing``) a missing value.
    """
    n = len(years)
    if isinstance(value, float | int):
        arr = np.full(n, float(value))
    elif isinstance(value, list):
        if len(value) != n:
            raise SeriesError(
                f"{n} values, one per year {years[0]}–{years[-1]}", got=f"{len(value)} values"
            )
        arr = np.array([np.nan if v is None else v for v in value], dtype=float)
    elif isinstance(value, dict):
        extra = sorted(set(value) - set(years))
        if extra:
            raise SeriesError(
                f"years within {years[0]}–{years[-1]}", where=str(extra[0]), got=extra[0]
            )
        arr = np.array([np.nan if value.get(y) is None else value[y] for y in years], dtype=float)
    else:  # pragma: no cover - the validator admits nothing else
        raise SeriesError(EXPECTED_SERIES, got=value)
    if not allow_missing and np.isnan(arr).any():
        missing = years[int(np.flatnonzero(np.isnan(arr))[0])]
        raise SeriesError(
            f"a value for every year {years[0]}–{years[-1]}", where=str(missing), got="nothing"
        )
    return arr
