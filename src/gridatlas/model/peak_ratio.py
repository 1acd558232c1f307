"""Weather-sensitive share of a load shape, and the peak-to-consumption growth ratio it implies.

Split the load into a base that does not depend on the weather and a
weather-sensitive part (cooling and heating). From one year's hourly shape:

* the base level is the median daily maximum of the shoulder months (April,
  May, October, November by default), when little cooling or heating runs;
* ``s_peak`` = (annual peak − base level) / annual peak, the weather part of
  the peak;
* ``s_energy`` = Σ over days of max(0, day's energy − median shoulder-day
  energy) / annual energy, the weather part of the energy.

If the base grows at ``g`` a year and the weather part at ``g (1 + k)``, the
peak grows at ``g (1 + k s_peak)`` and the energy at ``g (1 + k s_energy)``
(to first order), so the peak-to-consumption growth ratio is

    r = (1 + k s_peak) / (1 + k s_energy).

One year's shape identifies ``s_peak`` and ``s_energy`` but not ``k``: ``k = 0``
(both parts grow alike) gives r = 1 whatever the shape. docs/national-cases.md
compares the ratios this gives with the report's and says why it is not the
default of the generated cases.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gridatlas.core.types import FloatArray

#: Days in each month of a non-leap year.
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
#: Shoulder months taken as weather-neutral (April, May, October, November): seed 004
#: chart 32 finds 浙江's residential use rising below 10 °C and above 28 °C monthly mean
#: temperature; these months lie between in east China. gridatlas choice.
SHOULDER_MONTHS = (4, 5, 10, 11)


def weather_shares(
    shape: FloatArray, shoulder_months: Sequence[int] = SHOULDER_MONTHS
) -> tuple[float, float]:
    """Weather-sensitive share of the annual peak and of the annual energy.

    Parameters
    ----------
    shape : array (8760,)
        Hourly load of a non-leap year, any scale. [any power unit]
    shoulder_months : sequence of int
        Months (1-12) whose days set the weather-neutral base.

    Returns
    -------
    (s_peak, s_energy) : tuple of float
        Both clipped at 0 from below. [p.u.]
    """
    x = np.asarray(shape, dtype=np.float64)
    if x.shape != (8760,):
        raise ValueError("shape must hold the 8760 hours of a non-leap year")
    days = x.reshape(365, 24)
    month = np.repeat(np.arange(1, 13), MONTH_DAYS)
    shoulder = np.isin(month, list(shoulder_months))
    peak = float(x.max())
    base = float(np.median(days.max(axis=1)[shoulder]))
    energy = days.sum(axis=1)
    base_energy = float(np.median(energy[shoulder]))
    s_peak = max(0.0, (peak - base) / peak)
    s_energy = float(np.clip(energy - base_energy, 0.0, None).sum() / energy.sum())
    return s_peak, s_energy


def growth_ratio(s_peak: float, s_energy: float, k: float) -> float:
    """Peak growth over consumption growth when the weather part grows ``1 + k`` times as fast.

    Parameters
    ----------
    s_peak, s_energy : float
        Weather-sensitive shares (:func:`weather_shares`). [p.u.]
    k : float
        Extra relative growth of the weather-sensitive part. [p.u.]
    """
    return (1.0 + k * s_peak) / (1.0 + k * s_energy)


def implied_k(s_peak: float, s_energy: float, ratio: float) -> float:
    """The ``k`` at which :func:`growth_ratio` equals ``ratio`` (inverse of it). [p.u.]"""
    den = s_peak - ratio * s_energy
    if den == 0:
        raise ValueError("no k gives this ratio for these shares")
    return (ratio - 1.0) / den
