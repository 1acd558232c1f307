"""Fixed-bin histograms of Monte Carlo margins and the quantiles read from them.

The compiled kernel (:mod:`gridatlas.model.uncertainty_kernel`) keeps no
draw-sized array: each margin adds one count to its year's histogram. Bins
have width ``BIN_WIDTH = 2⁻¹⁶ p.u.`` (≈ 1.5·10⁻⁵ p.u., 0.0015 percentage
points) over ``[-1, 3)`` p.u.; column 0 counts margins below the range and
the last column those above it.

Quantiles follow NumPy's default (linear interpolation between order
statistics ``x₍ⱼ₎`` and ``x₍ⱼ₊₁₎`` with ``j + frac = (n − 1)·p``). Each order
statistic is located exactly (its bin is known from the cumulative counts)
and placed inside its bin by its rank there; the estimate is then clipped to
the exact minimum and maximum. So each order statistic is off by less than
one bin, and the interpolated quantile, a convex combination of two of them,
is within **one bin width** of ``np.quantile`` over the same draws (plus the
2⁻³² p.u. resolution of the fixed-point min/max).
"""

from __future__ import annotations

import math

import numpy as np

from gridatlas.core.types import FloatArray, IntArray

#: histogram bin width [p.u.]
BIN_WIDTH = 2.0**-16
#: lower edge of the first regular bin [p.u.]; margin −1 means zero supply
LOW = -1.0
#: number of regular bins: the range is [−1, 3) p.u.
BINS = 4 * 2**16


def order_statistic(
    counts: IntArray, rank: int, low: float, width: float, vmin: float, vmax: float
) -> float:
    """Estimate of the ``rank``-th smallest value (0-based) from bin counts.

    Parameters
    ----------
    counts : array, shape (bins + 2,)
        Under-range count, the regular bins, over-range count.
    rank : int
        0-based rank among the ``counts.sum()`` values.
    low, width : float
        Lower edge of the first regular bin and the bin width. [p.u.]
    vmin, vmax : float
        Exact (to 2⁻³² p.u.) smallest and largest value. [p.u.]

    Returns
    -------
    float
        The estimate [p.u.], or NaN when the value lies outside the bins.
    """
    cum = np.cumsum(counts)
    b = int(np.searchsorted(cum, rank, side="right"))
    if b == 0 or b >= counts.shape[0] - 1:
        return math.nan
    inside = rank - int(cum[b] - counts[b])
    value = low + (b - 1 + (inside + 0.5) / int(counts[b])) * width
    return min(max(value, vmin), vmax)


def quantiles(
    counts: IntArray,
    probabilities: tuple[float, ...],
    low: float,
    width: float,
    vmin: float,
    vmax: float,
) -> FloatArray:
    """Quantiles (NumPy's linear rule) from one histogram; NaN where out of range. [p.u.]"""
    n = int(counts.sum())
    # Only the occupied span matters; cumulative counts over it are cheap.
    nz = np.flatnonzero(counts)
    first, last = int(nz[0]), int(nz[-1])
    span = counts[first : last + 1]
    span_low = low + (first - 1) * width
    guard = np.zeros(span.shape[0] + 2, dtype=np.int64)
    guard[1:-1] = span
    out = np.empty(len(probabilities))
    for i, p in enumerate(probabilities):
        h = (n - 1) * p
        j = math.floor(h)
        frac = h - j
        if first == 0 or last == counts.shape[0] - 1:
            a = order_statistic(counts, j, low, width, vmin, vmax)
            b = order_statistic(counts, min(j + 1, n - 1), low, width, vmin, vmax)
        else:
            a = order_statistic(guard, j, span_low, width, vmin, vmax)
            b = order_statistic(guard, min(j + 1, n - 1), span_low, width, vmin, vmax)
        out[i] = a + frac * (b - a)
    return out
