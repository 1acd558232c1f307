"""Bundled defaults of the national adequacy system (``data/adequacy/*.csv``), read once.

``outage_defaults.csv``  technology, unit_mw, unit_mw_source, mttf_h, mttr_h, forced_outage_rate,
                         outage_source, note (IEEE RTS-79 published unit data)
``storage_defaults.csv`` technology, duration_h, round_trip_efficiency, source
``variable_defaults.csv`` technology, capacity_factor, source
``capitals.csv``         province, capital_en, latitude, longitude, source
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

_DIR = "adequacy"


Table = dict[str, dict[str, str]]


@cache
def _table(name: str) -> Table:
    text = resources.files("gridatlas.data").joinpath(_DIR, name).read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    key = next(iter(rows[0]))
    return {r[key]: r for r in rows}


def outage_defaults() -> Table:
    """Unit size and outage model per technology (row by technology; values as text)."""
    return _table("outage_defaults.csv")


def storage_defaults() -> Table:
    """Storage duration [h] and round-trip efficiency [p.u.] per technology."""
    return _table("storage_defaults.csv")


def variable_defaults() -> Table:
    """Capacity factor [p.u.] of the wind and solar profiles."""
    return _table("variable_defaults.csv")


def capitals() -> Table:
    """Latitude and longitude [°] of each province's capital, by province code."""
    return _table("capitals.csv")
