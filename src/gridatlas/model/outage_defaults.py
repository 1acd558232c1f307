"""Pure rules for building a provincial adequacy system from balance-case figures.

* :func:`split_units` turns an installed capacity into ``count`` identical units.
* :func:`scale_to_peak` scales a normalised load shape so its maximum is a given peak.
* :func:`synthetic_wind` is a documented synthetic hourly wind profile (no weather data
  ships with gridatlas): a seeded AR(1) process with seasonal and diurnal terms,
  passed through a logistic "power curve" and scaled to a capacity factor.
* :func:`scale_to_capacity_factor` rescales a 0-1 profile to a mean, clipping at 1.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np

from gridatlas.core.types import FloatArray

#: Synthetic wind parameters (gridatlas assumptions, documented in docs/adequacy.md).
WIND_AR1: Final = 0.97  # hour-to-hour persistence of the weather index
WIND_SEASON: Final = 0.35  # amplitude of the seasonal term (highest around 1 March)
WIND_DIURNAL: Final = 0.20  # amplitude of the diurnal term (highest around 02:00)
WIND_SLOPE: Final = 2.5  # steepness of the logistic power curve


def split_units(capacity_mw: float, unit_mw: float) -> tuple[int, float]:
    """``count`` units of equal size that add up to ``capacity_mw``.

    Parameters
    ----------
    capacity_mw : float
        Installed capacity. [MW]
    unit_mw : float
        Typical unit size. [MW]

    Returns
    -------
    (count, size) : (int, float)
        ``count = max(1, round(capacity/unit))`` and ``size = capacity/count`` [MW];
        (0, 0.0) when ``capacity_mw`` ≤ 0.
    """
    if capacity_mw <= 0:
        return 0, 0.0
    count = max(1, round(capacity_mw / unit_mw))
    return count, capacity_mw / count


def scale_to_peak(shape: FloatArray, peak_mw: float) -> FloatArray:
    """``shape`` scaled so that its maximum equals ``peak_mw``. [MW]"""
    top = float(np.max(shape))
    if top <= 0:
        return np.zeros_like(shape, dtype=float)
    return np.asarray(shape, dtype=float) * (peak_mw / top)


def scale_to_capacity_factor(profile: FloatArray, cf: float) -> FloatArray:
    """``profile`` rescaled to mean ``cf`` [p.u.], clipped at 1 (the clipped energy re-spread)."""
    p = np.asarray(profile, dtype=float)
    if p.sum() <= 0:
        return np.zeros_like(p)
    out = p * (cf * len(p) / p.sum())
    for _ in range(10):
        clipped = np.minimum(out, 1.0)
        short = cf * len(p) - clipped.sum()
        free = clipped < 1.0
        if short <= 1e-9 or not free.any():
            return clipped
        out = clipped + free * clipped * short / max(clipped[free].sum(), 1e-12)
    return np.asarray(np.minimum(out, 1.0))


def synthetic_wind(seed: int, cf: float, hours: int = 8760) -> FloatArray:
    """A synthetic hourly wind output profile with mean ``cf``. [p.u.]

    ``x_t = a·x_{t-1} + sqrt(1-a²)·e_t`` (standard normal ``e``, ``a`` = :data:`WIND_AR1`)
    plus ``WIND_SEASON·cos(2π(d−60)/365)`` and ``WIND_DIURNAL·cos(2π(h−2)/24)``;
    output = logistic(``WIND_SLOPE``·x), then scaled to mean ``cf`` and clipped at 1.
    Not measured weather: it only gives wind a plausible spread, persistence and
    season; results that depend on it are labelled as such.
    """
    rng = np.random.default_rng(seed)
    e = rng.standard_normal(hours)
    a = WIND_AR1
    x = np.empty(hours)
    x[0] = e[0]
    k = math.sqrt(1 - a * a)
    for i in range(1, hours):
        x[i] = a * x[i - 1] + k * e[i]
    hours_of = np.arange(hours)
    day, hour = hours_of // 24, hours_of % 24
    x = (
        x
        + WIND_SEASON * np.cos(2 * np.pi * (day - 60) / 365)
        + WIND_DIURNAL * np.cos(2 * np.pi * (hour - 2) / 24)
    )
    raw = 1.0 / (1.0 + np.exp(-WIND_SLOPE * x))
    return scale_to_capacity_factor(raw, cf)
