"""Peak-load outlook.

``peak_t = peak_(t-1) × (1 + g_t × ratio_t)`` with ``g_t`` the consumption
growth and ``ratio_t`` the peak-to-consumption growth ratio of the weather
scenario (seed report 004 §3.1-3.4). The report uses two conventions for the
extreme-weather path; both are here by name:

``persistent``
    Each extreme year compounds on the previous *extreme* year. Table 22
    (Anhui): 7066 × 1.105 = 7808, 7808 × 1.098 = 8573.
``shock``
    Each extreme year is a one-year shock on the previous *neutral* year. Note
    under tables 33 and 39: "极端气候条件下的最大用电负荷=上一年中性情景下的最大用电负荷×(1+YOY)".
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import numpy.typing as npt

from gridatlas.model.adequacy import FloatArray

ExtremePath = Literal["persistent", "shock"]
EXTREME_PATHS: Final[tuple[str, ...]] = ("persistent", "shock")


def consumption_growth(gdp_growth: npt.ArrayLike, elasticity: npt.ArrayLike) -> FloatArray:
    """Consumption growth from GDP growth and electricity elasticity. [p.u./yr]"""
    return np.asarray(gdp_growth, dtype=float) * np.asarray(elasticity, dtype=float)


def peak_growth(consumption_growth: npt.ArrayLike, ratio: npt.ArrayLike) -> FloatArray:
    """Peak-load growth = consumption growth × peak-to-consumption ratio. [p.u./yr]"""
    return np.asarray(consumption_growth, dtype=float) * np.asarray(ratio, dtype=float)


def peak_path(
    growth: npt.ArrayLike,
    fixed: npt.ArrayLike,
    reference: npt.ArrayLike | None = None,
) -> FloatArray:
    """Roll a peak-load path forward.

    Parameters
    ----------
    growth : array_like, shape (..., T)
        Peak-load growth for each year; entry 0 is unused. [p.u./yr]
    fixed : array_like, shape (T,)
        Published peak loads (actual years); NaN where the path is computed.
        Entry 0 must be given. [MW]
    reference : array_like, shape (T,), optional
        When given, year t grows from ``reference[t-1]`` instead of this path's
        own year t-1: the ``shock`` convention (reference = neutral path).

    Returns
    -------
    numpy.ndarray, shape (..., T)
        Peak load. [MW]
    """
    g = np.asarray(growth, dtype=float)
    fx = np.asarray(fixed, dtype=float)
    if np.isnan(fx[0]):
        raise ValueError("the first year's peak load must be given")
    out = np.empty(np.broadcast_shapes(g.shape, fx.shape), dtype=float)
    out[..., 0] = fx[0]
    ref = None if reference is None else np.asarray(reference, dtype=float)
    for t in range(1, fx.shape[-1]):
        if not np.isnan(fx[t]):
            out[..., t] = fx[t]
            continue
        base = out[..., t - 1] if ref is None else ref[..., t - 1]
        out[..., t] = base * (1.0 + g[..., t])
    return out


def growth_from_path(peak: npt.ArrayLike) -> FloatArray:
    """Year-on-year growth of a path; NaN for the first year. [p.u./yr]"""
    p = np.asarray(peak, dtype=float)
    out = np.full(p.shape, np.nan)
    out[..., 1:] = p[..., 1:] / p[..., :-1] - 1.0
    return out
