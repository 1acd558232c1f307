"""A straightforward NumPy sequential Monte Carlo, for cross-checks and speed ratios.

Single region, units and fixed profiles only (no storage, no transfers). It
steps hour by hour over all samples at once and draws one uniform number per
unit, sample and hour from NumPy's default generator — the textbook method that
:mod:`gridatlas.model.smc` replaces with event-by-event draws in a compiled
kernel. Same outage model: hourly failure probability ``pf`` and repair
probability ``pr``, first hour drawn from the stationary distribution.
"""

from __future__ import annotations

import numpy as np

from gridatlas.core.types import FloatArray


def simulate_reference(
    load: FloatArray,
    fixed: FloatArray,
    unit_cap: FloatArray,
    unit_pf: FloatArray,
    unit_pr: FloatArray,
    samples: int,
    seed: int,
) -> tuple[FloatArray, FloatArray]:
    """Shortfall hours and unserved energy of each sample.

    Parameters
    ----------
    load, fixed : (T,) arrays
        Hourly load and fixed supply (profiles) of the one region. [MW]
    unit_cap, unit_pf, unit_pr : (U,) arrays
        Unit capacity [MW] and hourly failure / repair probabilities.
    samples : int
    seed : int

    Returns
    -------
    lol_hours, eue : (samples,) arrays
        Shortfall hours [h] and unserved energy [MWh] per sample.
    """
    rng = np.random.default_rng(seed)
    pf = unit_pf[:, None]
    pr = unit_pr[:, None]
    forced = np.where(unit_pf > 0, unit_pf / np.maximum(unit_pf + unit_pr, 1e-300), 0.0)
    up = rng.random((unit_cap.size, samples)) >= forced[:, None]
    lol = np.zeros(samples)
    eue = np.zeros(samples)
    for t in range(load.size):
        if t > 0:
            u = rng.random(up.shape)
            up = np.where(up, u >= pf, u < pr)
        avail = unit_cap @ up + fixed[t]
        gap = load[t] - avail
        short = gap > 1e-6
        lol += short
        eue += np.where(short, gap, 0.0)
    return lol, eue
