"""Energy-limited hydro: spread a period's energy budget over its highest-load hours.

Rule (peak shaving, decided before the Monte Carlo): in each period the plant
runs ``min(capacity, max(0, load - level))``, with the level chosen so that the
period's output equals its energy budget (or the plant runs flat out all period
when the budget exceeds capacity × hours). The result is a fixed hourly output
that the simulation treats like a renewable profile; it does not react to
outages, so it understates hydro's value as emergency reserve.
"""

from __future__ import annotations

import numpy as np

from gridatlas.core.types import FloatArray


def peak_shave(
    load: FloatArray, capacity: float, period_hours: int, energy: FloatArray
) -> FloatArray:
    """Hourly output of an energy-limited plant that shaves each period's load peaks.

    Parameters
    ----------
    load : (T,) array
        Hourly load the plant shaves. [MW]
    capacity : float
        Plant capacity. [MW]
    period_hours : int
        Length of one energy period; the last may be shorter. [h]
    energy : (ceil(T / period_hours),) array
        Energy budget of each period. [MWh]

    Returns
    -------
    (T,) array
        Hourly output. [MW]
    """
    load = np.asarray(load, dtype=float)
    out = np.zeros_like(load)
    for k, budget in enumerate(np.asarray(energy, dtype=float)):
        seg = load[k * period_hours : (k + 1) * period_hours]
        if seg.size == 0 or budget <= 0:
            continue
        if budget >= capacity * seg.size:
            out[k * period_hours : k * period_hours + seg.size] = capacity
            continue
        lo, hi = float(seg.min()) - capacity, float(seg.max())
        for _ in range(100):  # bisection on the shaving level; 100 halvings reach float precision
            mid = 0.5 * (lo + hi)
            if np.clip(seg - mid, 0.0, capacity).sum() > budget:
                lo = mid
            else:
                hi = mid
        out[k * period_hours : k * period_hours + seg.size] = np.clip(seg - hi, 0.0, capacity)
    return out
