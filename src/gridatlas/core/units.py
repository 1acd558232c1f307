"""Unit handling at the edges.

Internally capacities are MW, energies GWh and money 元 (CNY). Users declare
their units; these functions convert to and from the internal ones. Unit names
are accepted in the Chinese and the SI spelling.
"""

from __future__ import annotations

from typing import Final

#: Capacity units → MW per unit.
CAPACITY_UNITS: Final[dict[str, float]] = {
    "万千瓦": 10.0,
    "万kW": 10.0,
    "10^4 kW": 10.0,
    "kW": 1e-3,
    "MW": 1.0,
    "GW": 1e3,
    "亿千瓦": 1e5,
    "亿kW": 1e5,
}

#: Energy units → GWh per unit.
ENERGY_UNITS: Final[dict[str, float]] = {
    "亿千瓦时": 100.0,
    "亿kWh": 100.0,
    "kWh": 1e-6,
    "MWh": 1e-3,
    "GWh": 1.0,
    "TWh": 1e3,
}

#: Money units → 元 per unit.
MONEY_UNITS: Final[dict[str, float]] = {
    "元": 1.0,
    "CNY": 1.0,
    "万元": 1e4,
    "亿元": 1e8,
    "万亿元": 1e12,
}


def _factor(table: dict[str, float], unit: str, kind: str) -> float:
    try:
        return table[unit.strip()]
    except KeyError:
        known = ", ".join(table)
        raise ValueError(f"unknown {kind} unit {unit!r}; use one of: {known}") from None


def capacity_factor(unit: str) -> float:
    """MW per one ``unit`` of capacity, e.g. ``capacity_factor("万千瓦") == 10``."""
    return _factor(CAPACITY_UNITS, unit, "capacity")


def energy_factor(unit: str) -> float:
    """GWh per one ``unit`` of energy, e.g. ``energy_factor("亿千瓦时") == 100``."""
    return _factor(ENERGY_UNITS, unit, "energy")


def money_factor(unit: str) -> float:
    """元 per one ``unit`` of money, e.g. ``money_factor("亿元") == 1e8``."""
    return _factor(MONEY_UNITS, unit, "money")


def convert_capacity(value: float, from_unit: str, to_unit: str) -> float:
    """Convert a capacity between two declared units."""
    return value * capacity_factor(from_unit) / capacity_factor(to_unit)
