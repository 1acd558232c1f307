"""Rules that turn the national dataset into a provincial balance case (pure functions).

Each rule is a documented gridatlas default with its basis; the generated cases
say in their notes which rules they used (docs/national-cases.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np

from gridatlas.core.types import FloatArray

#: DC lines whose sending end is not a hydro province count at this fraction of
#: their rating. Basis: the equivalents seed 004 gives its four thermal/renewable
#: DC lines: 灵绍 800/800 (table 33), 吉泉 560/600 (Anhui's 50% share, table 22),
#: 陕北-安徽 547/800 and 甘肃-浙江 550/800 (tables 22, 33; 400×0.9+330×0.1+770×0.2
#: and 400×0.9+336×0.1+784×0.2). Their mean is 0.83; 0.8 rounds it down to one
#: decimal, as the report's own coefficients are given. [p.u.]
DC_FLEET_FRACTION: Final[float] = 0.8
#: AC links count at this contracted fraction of their rating: seed 004 table 33
#: counts 浙北-福州 at 50% (the government agreement). [p.u.]
AC_CONTRACT_FRACTION: Final[float] = 0.5
#: A province whose conventional hydro is at least this share of its installed
#: capacity is treated as hydro-dominated: its hydro and its DC exports follow
#: the hydrology as Sichuan's do in seed 004 §3.4. gridatlas threshold. [p.u.]
HYDRO_DOMINATED_SHARE: Final[float] = 0.30
#: Hydro coefficients of a hydro-dominated province by hydrology: seed 004 §3.4
#: (L657: 汛期水电 平水年80%、枯水年50%). The report gives no wet-year value;
#: gridatlas uses the normal-year 0.8 as a floor. [p.u.]
HYDRO_DOMINATED_COEFFICIENTS: Final[dict[str, float]] = {"wet": 0.8, "normal": 0.8, "dry": 0.5}
#: Peak-to-consumption growth ratio in neutral weather: the peak grows with
#: consumption (constant load factor). The report's four provinces state
#: 0.8 (SC), 1.05 (SH), 1.1 (ZJ) and print rates near 1 for AH. gridatlas default. [p.u.]
NEUTRAL_RATIO: Final[float] = 1.0
#: Extreme-weather ratio: the median of the four the report states, 1.3 (ZJ),
#: 1.4 (AH), 1.5 (SH), 2.0 (SC) (seed 004 §3.1-3.4). [p.u.]
EXTREME_RATIO: Final[float] = float(np.median([1.3, 1.4, 1.5, 2.0]))
#: Number of most recent annual additions averaged to extend wind and solar
#: beyond their last data year. gridatlas default.
TREND_YEARS: Final[int] = 3


def trend_extend(
    years: Sequence[int], values: Sequence[float], target_years: Sequence[int], n_last: int = 3
) -> FloatArray:
    """Extend a capacity series by its mean annual addition over the last ``n_last`` years.

    Years already in ``years`` keep their value; later years add the mean of the
    last ``n_last`` year-on-year increments (negative means are clipped to 0:
    the rule only extends build-out, it does not invent retirements).

    Parameters
    ----------
    years : sequence of int
        Consecutive data years, ascending.
    values : sequence of float
        Capacity in each data year. [MW]
    target_years : sequence of int
        Years wanted. [yr]
    n_last : int
        Increments averaged.

    Returns
    -------
    numpy.ndarray
        Capacity in each target year. [MW]
    """
    y = np.asarray(years, dtype=int)
    v = np.asarray(values, dtype=float)
    if y.size == 0:
        return np.full(len(target_years), np.nan)
    steps = np.diff(v)[-n_last:]
    step = max(float(steps.mean()), 0.0) if steps.size else 0.0
    last_year, last = int(y[-1]), float(v[-1])
    out = []
    for t in target_years:
        if t in y:
            out.append(float(v[int(np.flatnonzero(y == t)[0])]))
        elif t > last_year:
            out.append(last + step * (t - last_year))
        else:
            out.append(float("nan"))
    return np.asarray(out)


def cagr(start: float, end: float, years: int) -> float:
    """Compound annual growth rate between two values ``years`` apart. [p.u./yr]"""
    if start <= 0 or end <= 0 or years <= 0:
        raise ValueError("cagr needs two positive values and a positive span")
    return float((end / start) ** (1.0 / years) - 1.0)


def cumulative_additions(
    add_years: Sequence[int], add_mw: Sequence[float], first_year: int, target_years: Sequence[int]
) -> FloatArray:
    """Capacity added from ``first_year`` on, up to each target year. [MW]

    An addition dated ``y`` counts from year-end ``y``. Additions dated before
    ``first_year`` are left out: a tracker lists a unit under construction
    with a past date only when it is late, and its new date is unknown.
    """
    ay = np.asarray(add_years, dtype=int)
    am = np.asarray(add_mw, dtype=float)
    return np.asarray(
        [float(am[(ay >= first_year) & (ay <= t)].sum()) for t in target_years], dtype=float
    )
