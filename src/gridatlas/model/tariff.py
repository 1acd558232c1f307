"""Chinese time-of-use tariffs and the two-part bill (峰谷分时电价, 两部制电价).

A tariff is, per hour of the year, a period (深谷/谷/平/峰/尖峰) and an energy
price [元/kWh], plus the fixed part of the two-part tariff: a demand charge on
each month's maximum demand [元/kW·月] or a capacity charge on the transformer
rating [元/kVA·月], and an export price for surplus PV [元/kWh] (or no export).

Maximum demand is taken from hourly mean power; billing meters use 15-minute
means, so hourly data understate the billed demand of a spiky load (see
docs/microgrid.md). The bill is

    energy_m  = Σ_{h∈m} price_h · import_h            [元]
    demand_m  = demand_charge · max_{h∈m} import_h    [元]   (demand basis)
    capacity_m = capacity_charge · transformer_kva    [元]   (capacity basis)
    export_m  = export_price · Σ_{h∈m} export_h       [元]
    total     = Σ_m energy_m + demand_m + capacity_m − export_m
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray

IntArray = npt.NDArray[np.int64]

PERIODS: Final[tuple[str, ...]] = ("deep_valley", "valley", "flat", "peak", "critical_peak")
PERIOD_ZH: Final[dict[str, str]] = {
    "deep_valley": "深谷",
    "valley": "谷",
    "flat": "平",
    "peak": "峰",
    "critical_peak": "尖峰",
}
HOURS_PER_DAY: Final = 24

Basis = Literal["demand", "capacity", "none"]


class HoursError(ValueError):
    """An hour map is malformed or does not cover the day; ``expected`` says how."""

    def __init__(self, expected: str, got: object = None):
        self.expected = expected
        self.got = got
        super().__init__(expected)


def parse_ranges(text: str, lo: int, hi: int, what: str) -> list[int]:
    """Integers in ``"a-b,c-d,e"`` ranges; ``a-b`` means a ≤ x < b for hours.

    ``what`` is ``"hour"`` (end exclusive, 0..24) or ``"month"`` (end inclusive, 1..12).
    """
    out: list[int] = []
    inclusive = what == "month"
    for part in str(text).replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        a, sep, b = part.partition("-")
        try:
            start = int(a)
            end = int(b) if sep else (start if inclusive else start + 1)
        except ValueError:
            raise HoursError(f'{what} ranges such as "10-12,14-19"', text) from None
        stop = end + 1 if inclusive else end
        if not (lo <= start < stop <= hi + (1 if inclusive else 0)) or start >= stop:
            raise HoursError(f"{what} ranges within {lo}..{hi} with start before end", part)
        out.extend(range(start, stop))
    return out


def hour_map(periods: dict[str, str]) -> npt.NDArray[np.int8]:
    """Period index (into :data:`PERIODS`) of each hour 0..23 of a day.

    Raises
    ------
    HoursError
        When an hour is in no period or in two.
    """
    out = np.full(HOURS_PER_DAY, -1, dtype=np.int8)
    for name, text in periods.items():
        idx = PERIODS.index(name)
        for h in parse_ranges(text, 0, HOURS_PER_DAY, "hour"):
            if out[h] != -1:
                raise HoursError(
                    "each hour in exactly one period",
                    f"hour {h} in both {PERIODS[out[h]]} and {name}",
                )
            out[h] = idx
    missing = np.flatnonzero(out < 0)
    if missing.size:
        raise HoursError(
            "periods that cover all 24 hours (0-24)",
            "missing hours " + ", ".join(str(int(h)) for h in missing),
        )
    return out


@dataclass(frozen=True)
class Calendar:
    """Hour-of-year index of a non-leap year: month [0..11], day [0..364], weekday [0=Mon]."""

    year: int
    month: npt.NDArray[np.int64]
    day: npt.NDArray[np.int64]
    weekday: npt.NDArray[np.int64]
    hour: npt.NDArray[np.int64]

    @property
    def hours(self) -> int:
        return int(self.month.size)

    @property
    def days(self) -> int:
        return self.hours // HOURS_PER_DAY

    def day_of(self, month_day: str) -> int:
        """Day index of ``MM-DD`` or ``YYYY-MM-DD`` in this year."""
        parts = month_day.strip().split("-")
        if len(parts) == 3:
            if int(parts[0]) != self.year:
                raise HoursError(f"a date in {self.year}", month_day)
            parts = parts[1:]
        m, d = int(parts[0]), int(parts[1])
        stamp = np.datetime64(f"{self.year:04d}-{m:02d}-{d:02d}")
        return int((stamp - np.datetime64(f"{self.year:04d}-01-01")).astype(int))


@cache
def calendar(year: int) -> Calendar:
    """The hourly calendar of ``year`` (must be a non-leap year: 8760 h)."""
    start = np.datetime64(f"{year:04d}-01-01T00", "h")
    stamps = start + np.arange(8760)
    end = np.datetime64(f"{year + 1:04d}-01-01T00", "h")
    if int((end - start).astype(int)) != 8760:
        raise HoursError("a non-leap year (8760 hours)", year)
    days = (stamps.astype("datetime64[D]") - np.datetime64(f"{year:04d}-01-01")).astype(np.int64)
    months = stamps.astype("datetime64[M]").astype(np.int64) % 12
    # 1970-01-01 was a Thursday (weekday 3 with Monday = 0)
    weekday = (stamps.astype("datetime64[D]").astype(np.int64) + 3) % 7
    hour = np.tile(np.arange(HOURS_PER_DAY, dtype=np.int64), 365)
    return Calendar(year, months.astype(np.int64), days, weekday.astype(np.int64), hour)


@dataclass(frozen=True)
class Tariff:
    """A numeric tariff on an hourly calendar.

    Attributes
    ----------
    period : int8 array (8760,)
        Period index into :data:`PERIODS`.
    price : array (8760,)
        Energy price of each hour. [元/kWh]
    basis : {"demand", "capacity", "none"}
        What the fixed part of the two-part tariff is charged on.
    demand_charge : float
        On each month's maximum import. [元/kW·月]
    capacity_charge : float
        On ``transformer_kva`` every month. [元/kVA·月]
    transformer_kva : float
        [kVA]
    export_allowed : bool
    export_price : float
        [元/kWh]
    export_limit : float
        [kW]; ``inf`` for no limit.
    """

    name: str
    calendar: Calendar
    period: npt.NDArray[np.int8]
    price: FloatArray
    basis: Basis
    demand_charge: float
    capacity_charge: float
    transformer_kva: float
    export_allowed: bool
    export_price: float
    export_limit: float
    illustrative: bool = True

    @property
    def month(self) -> npt.NDArray[np.int64]:
        return self.calendar.month

    @property
    def demand_price(self) -> float:
        """Demand charge that applies, 0 unless on the demand basis. [元/kW·月]"""
        return self.demand_charge if self.basis == "demand" else 0.0

    @property
    def export_credit(self) -> float:
        """Export price that applies, 0 when export is not allowed. [元/kWh]"""
        return self.export_price if self.export_allowed else 0.0


def price_series(
    cal: Calendar,
    month_maps: npt.NDArray[np.int8],
    month_prices: FloatArray,
    holiday_days: npt.NDArray[np.bool_] | None = None,
    holiday_map: npt.NDArray[np.int8] | None = None,
) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """Period and price of every hour.

    Parameters
    ----------
    month_maps : int8 array (12, 24)
        Period index by month and hour.
    month_prices : array (12, 5)
        Price of each period in each month. [元/kWh]
    holiday_days : bool array (365,), optional
        Days billed on ``holiday_map``.
    holiday_map : int8 array (24,), optional
    """
    period = month_maps[cal.month, cal.hour].astype(np.int8)
    if holiday_days is not None and holiday_map is not None:
        on = holiday_days[cal.day]
        period = np.where(on, holiday_map[cal.hour], period).astype(np.int8)
    price = month_prices[cal.month, period]
    return period, np.asarray(price, dtype=np.float64)


@dataclass(frozen=True)
class Bill:
    """A year's electricity bill by month. [元]

    ``energy_by_period`` has shape (12, 5): energy charges by month and period.
    """

    energy_by_period: FloatArray
    demand: FloatArray
    capacity: FloatArray
    export: FloatArray
    max_demand_kw: FloatArray
    import_kwh: FloatArray
    export_kwh: FloatArray

    @property
    def energy(self) -> FloatArray:
        """Energy charge by month. [元]"""
        return np.asarray(self.energy_by_period.sum(axis=1))

    @property
    def fixed(self) -> FloatArray:
        """Demand plus capacity charge by month. [元]"""
        return self.demand + self.capacity

    @property
    def monthly_total(self) -> FloatArray:
        """Energy + demand + capacity − export credit by month. [元]"""
        return self.energy + self.demand + self.capacity - self.export

    @property
    def total(self) -> float:
        """The year's bill. [元/yr]"""
        return float(self.monthly_total.sum())

    def summary(self) -> dict[str, float]:
        """Totals: energy, demand (demand + capacity charge), export credit, total. [元/yr]"""
        return {
            "energy": float(self.energy.sum()),
            "demand": float(self.fixed.sum()),
            "export_credit": float(self.export.sum()),
            "total": self.total,
        }


def bill(import_kw: FloatArray, export_kw: FloatArray, tariff: Tariff) -> Bill:
    """The bill for hourly grid import and export (kW mean over each hour = kWh).

    Parameters
    ----------
    import_kw, export_kw : array (8760,)
        Hourly import from and export to the grid. [kW]
    tariff : Tariff

    Returns
    -------
    Bill
        Monthly charges. [元]
    """
    imp = np.asarray(import_kw, dtype=np.float64)
    exp = np.asarray(export_kw, dtype=np.float64)
    if imp.shape != tariff.price.shape or exp.shape != tariff.price.shape:
        raise ValueError(f"import/export must have {tariff.price.size} hours")
    m = tariff.month
    energy = np.zeros((12, len(PERIODS)))
    np.add.at(energy, (m, tariff.period.astype(np.int64)), tariff.price * imp)
    max_kw = np.zeros(12)
    np.maximum.at(max_kw, m, imp)
    demand = np.asarray(tariff.demand_price * max_kw, dtype=np.float64)
    cap_each = (
        tariff.capacity_charge * tariff.transformer_kva if tariff.basis == "capacity" else 0.0
    )
    capacity = np.full(12, cap_each)
    exported = np.bincount(m, weights=exp, minlength=12).astype(np.float64)
    imported = np.bincount(m, weights=imp, minlength=12).astype(np.float64)
    export = np.asarray(tariff.export_credit * exported, dtype=np.float64)
    return Bill(energy, demand, capacity, export, max_kw, imported, exported)
