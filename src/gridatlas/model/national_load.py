"""Peak load from annual energy and an hourly shape (pure numpy)."""

from __future__ import annotations

import numpy as np

from gridatlas.core.types import FloatArray


def normalise_by_mean(demand: FloatArray) -> FloatArray:
    """Hourly values divided by their mean, column by column: mean 1, max = peak/mean [p.u.].

    Parameters
    ----------
    demand : numpy.ndarray
        Hourly demand, shape (hours,) or (hours, n). [MW]
    """
    d = np.asarray(demand, dtype=float)
    return d / d.mean(axis=0)


def peak_from_energy(consumption_mwh: float, shape: FloatArray) -> float:
    """Annual peak implied by an annual energy and an hourly shape.

    ``peak = E × max(shape) / sum(shape)``: the shape's peak hour carries the
    same share of the year's energy as in the shape. With a mean-normalised
    8760-hour shape this is ``E / 8760 × max(shape)``.

    Parameters
    ----------
    consumption_mwh : float
        Annual consumption. [MWh]
    shape : numpy.ndarray
        Hourly load shape, any positive scale, one value per hour. [p.u.]

    Returns
    -------
    float
        Annual peak load. [MW]
    """
    s = np.asarray(shape, dtype=float)
    return float(consumption_mwh * s.max() / s.sum())
