"""The bundled provincial capitals where ``gridatlas economics`` places site archetypes.

``data/microgrid/screening_locations.csv``: ``code, capital_zh, latitude, longitude``
[degrees, WGS 84, rounded to 0.01°]. The coordinates are the capitals' commonly
published city-centre positions (gazetteer values as compiled by gridatlas, as of
2024); they time the clear-sky PV profile of a screen and nothing else.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from gridatlas.core.errors import InputError
from gridatlas.domain.province_screen import Location

SOURCE = "gridatlas compilation of provincial capital coordinates (gazetteer values), as of 2024"


@cache
def screening_locations() -> dict[str, Location]:
    """Capital of each of the 31 mainland provinces by province code."""
    origin = "bundled:microgrid/screening_locations.csv"
    text = resources.files("gridatlas.data").joinpath("microgrid", "screening_locations.csv")
    out: dict[str, Location] = {}
    for line, row in enumerate(csv.DictReader(text.read_text("utf-8").splitlines()), start=2):
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except (KeyError, TypeError, ValueError):
            raise InputError(origin, f"line {line}", "numeric latitude and longitude") from None
        out[row["code"]] = Location(row["code"], row["capital_zh"], lat, lon)
    return out
