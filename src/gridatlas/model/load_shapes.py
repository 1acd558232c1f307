"""Synthetic hourly load shapes of typical Chinese commercial and industrial sites.

The shapes are project assumptions (``illustrative``), written to reproduce the
features that drive a storage and PV screening: working hours by shift pattern,
weekends and public holidays, the summer cooling peak and the Spring Festival
shutdown. The site types are the scenes the orange book names as entry points
(seed 000, 广东 “重点场景方向”: 制造业园区与工商业, 光储充与车网互动场站,
楼宇、冷库、物流园等柔性负荷池; 数据中心 under 韶关及粤东西北).

A shape ``s`` (> 0) is scaled to a stated annual energy ``E`` [kWh] and peak
``P`` [kW] by a power law that keeps the peak and matches the energy exactly:

    load_h = P · (s_h / max s)^γ,   γ chosen so that Σ_h load_h = E

(γ is found by bisection; Σ load is monotone decreasing in γ). Any load factor
``E / (8760 P)`` in (0, 1) can be met this way without negative values.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from gridatlas.model.tariff import Calendar, FloatArray

# Daily shapes [p.u. of the day's maximum] for a working day and a rest day.
_H = np.arange(24)


def _band(start: float, end: float, low: float, high: float = 1.0, ramp: float = 1.0) -> FloatArray:
    """``high`` between start and end (hours), ``low`` outside, linear ramps."""
    up = np.clip((_H + 0.5 - start) / ramp + 0.5, 0, 1)
    down = np.clip((end - (_H + 0.5)) / ramp + 0.5, 0, 1)
    return np.asarray(low + (high - low) * np.minimum(up, down))


def _shapes() -> dict[str, tuple[FloatArray, FloatArray, FloatArray]]:
    """Shape name → (working-day shape, rest-day shape, monthly factor)."""
    summer = np.array([0.92, 0.88, 0.93, 0.96, 1.0, 1.06, 1.12, 1.14, 1.06, 0.99, 0.95, 0.93])
    flat_year = np.array([0.95, 0.9, 0.97, 0.98, 1.0, 1.0, 1.02, 1.02, 1.0, 1.0, 0.99, 0.98])
    one = _band(8, 17.5, 0.12) - 0.25 * ((_H >= 12) & (_H < 13))
    two = _band(8, 24, 0.22) - 0.12 * ((_H == 16) | (_H == 12))
    three = 0.92 + 0.06 * np.sin(2 * np.pi * (_H - 4) / 24) - 0.08 * np.isin(_H, (0, 8, 16))
    commercial = _band(8, 21, 0.18) + 0.12 * _band(13, 17, 0.0)
    cold = 0.78 + 0.1 * _band(9, 18, 0.0) - 0.06 * _band(0, 6, 0.0)
    data = 0.95 + 0.03 * np.sin(2 * np.pi * (_H - 9) / 24)
    ev = (
        0.18
        + 0.55 * np.exp(-0.5 * ((_H - 2.5) / 2.2) ** 2)
        + 0.7 * np.exp(-0.5 * ((_H - 12.5) / 1.8) ** 2)
        + 0.8 * np.exp(-0.5 * ((_H - 20.0) / 2.0) ** 2)
    )
    return {
        "one_shift": (one, np.full(24, 0.12), flat_year),
        "two_shift": (two, np.full(24, 0.22), flat_year),
        "three_shift": (three, three * 0.85, flat_year),
        "commercial": (commercial, _band(9, 21, 0.18, 0.8), summer * summer),
        "cold_storage": (cold, cold, summer),
        "data_centre": (data, data, np.sqrt(summer)),
        "ev_charging": (ev, ev * 1.1, flat_year),
    }


SHAPES: Final[dict[str, tuple[FloatArray, FloatArray, FloatArray]]] = _shapes()
#: Shapes that stop for the Spring Festival and on weekends (manufacturing).
_SHUTDOWN_SHAPES: Final = ("one_shift", "two_shift", "three_shift")
#: Which weekdays are rest days for each shape (0 = Monday).
_REST_DAYS: Final[dict[str, tuple[int, ...]]] = {
    "one_shift": (5, 6),
    "two_shift": (6,),
    "three_shift": (6,),
    "commercial": (),
    "cold_storage": (),
    "data_centre": (),
    "ev_charging": (5, 6),
}


def raw_shape(
    shape: str,
    cal: Calendar,
    holidays: npt.NDArray[np.bool_] | None = None,
    seed: int = 0,
) -> FloatArray:
    """An unscaled, strictly positive hourly shape for one site type.

    Parameters
    ----------
    shape : str
        One of :data:`SHAPES`.
    cal : Calendar
        Hourly calendar of the year.
    holidays : bool array (365,), optional
        Public holidays (rest days for every shape with rest days).
    seed : int
        Seed of the small deterministic noise (±3 %) that keeps days apart.

    Returns
    -------
    array (8760,)
        [p.u.]
    """
    work, rest, monthly = SHAPES[shape]
    weekday_of_day = cal.weekday[::24]
    rest_day = np.isin(weekday_of_day, _REST_DAYS[shape])
    if holidays is not None and _REST_DAYS[shape]:
        rest_day = rest_day | holidays
    daily = np.where(rest_day[cal.day], rest[cal.hour], work[cal.hour])
    out = daily * monthly[cal.month]
    if shape in _SHUTDOWN_SHAPES and holidays is not None:
        # manufacturing runs at half its rest-day load over long holiday runs (≥ 3 days)
        runs = _long_runs(holidays, 3)
        out = np.where(runs[cal.day], out * 0.5, out)
    rng = np.random.default_rng(seed)
    noise = 1.0 + 0.03 * rng.standard_normal(cal.hours)
    return np.asarray(np.maximum(out * noise, 1e-3))


def _long_runs(days: npt.NDArray[np.bool_], length: int) -> npt.NDArray[np.bool_]:
    out = np.zeros_like(days)
    i = 0
    n = days.size
    while i < n:
        if days[i]:
            j = i
            while j < n and days[j]:
                j += 1
            if j - i >= length:
                out[i:j] = True
            i = j
        else:
            i += 1
    return out


def load_factor(annual_kwh: float, peak_kw: float, hours: int = 8760) -> float:
    """Annual energy over peak times hours. [p.u.]"""
    return annual_kwh / (peak_kw * hours)


def scale_to_energy_and_peak(shape: FloatArray, annual_kwh: float, peak_kw: float) -> FloatArray:
    """Scale a positive shape so that its maximum is ``peak_kw`` and its sum ``annual_kwh``.

    Parameters
    ----------
    shape : array
        Strictly positive values. [any]
    annual_kwh : float
        Target energy over the array. [kWh]
    peak_kw : float
        Target maximum. [kW]

    Returns
    -------
    array
        Hourly load. [kW]

    Raises
    ------
    ValueError
        If the load factor ``annual_kwh / (n · peak_kw)`` is not in (0, 1].
    """
    s = np.asarray(shape, dtype=np.float64)
    n = s.size
    lf = load_factor(annual_kwh, peak_kw, n)
    if not 0.0 < lf <= 1.0:
        raise ValueError(f"load factor annual_kwh/(peak_kw·{n} h) = {lf:.3f} must be in (0, 1]")
    r = s / s.max()
    if lf == 1.0:
        return np.full(n, peak_kw)
    logr = np.log(r)

    def mean_at(g: float) -> float:
        return float(np.exp(g * logr).mean())

    lo, hi = 0.0, 1.0
    while mean_at(hi) > lf:
        hi *= 2.0
        if hi > 1e4:
            raise ValueError(f"load factor {lf:.4f} is too low for this shape")
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if mean_at(mid) > lf:
            lo = mid
        else:
            hi = mid
    g = 0.5 * (lo + hi)
    out = peak_kw * np.exp(g * logr)
    # the bisection leaves a relative error below 1e-12 in the mean; remove it on
    # the non-peak hours so that the peak stays exact
    top = out >= peak_kw * (1 - 1e-12)
    rest = out[~top].sum()
    if rest > 0:
        out[~top] *= (annual_kwh - out[top].sum()) / rest
    return np.asarray(out)
