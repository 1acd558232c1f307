"""Company exposure to provincial tightness: pure formulas (docs/exposure.md).

For a company c, provinces p and one year:

``shortfall_p = max(0, band_min_p − margin_p)``  [p.u.]
    how far the province's reserve margin falls below the lower edge of its
    required band (0 when the margin is in or above the band);

``exposure_c = Σ_p w_cp · shortfall_p / Σ_p w_cp``  over provinces with a result
    the capacity-weighted shortfall, with ``w_cp`` the company's attributable
    capacity in service in p [MW]. Provinces without a result are left out of
    both sums (their capacity is reported as not covered, never as zero
    shortfall). A company with all its capacity in one province has exactly
    that province's shortfall.

``tight_share_c = Σ_{p tight or deficit} w_cp / Σ_p w_cp``  [p.u.]

The same weighted mean serves LOLE [h/yr] where an adequacy result exists.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray


def shortfall(margin: npt.ArrayLike, band_min: npt.ArrayLike) -> FloatArray:
    """Reserve-margin shortfall below the band's lower edge, ≥ 0. [p.u.]"""
    return np.maximum(0.0, np.asarray(band_min, dtype=float) - np.asarray(margin, dtype=float))


def weighted_mean(weights: npt.ArrayLike, values: npt.ArrayLike) -> float:
    """Σ w·v / Σ w over entries whose value is not NaN; NaN when that weight is 0.

    Parameters
    ----------
    weights : array_like
        Capacity per province. [MW]
    values : array_like
        Value per province (NaN = no result for that province).
    """
    w = np.asarray(weights, dtype=float)
    v = np.asarray(values, dtype=float)
    ok = ~np.isnan(v)
    total = float(w[ok].sum())
    if total <= 0.0:
        return float("nan")
    return float((w[ok] * v[ok]).sum() / total)


def share_where(weights: npt.ArrayLike, flag: npt.ArrayLike, covered: npt.ArrayLike) -> float:
    """Share of covered weight where ``flag`` holds; NaN when nothing is covered. [p.u.]"""
    w = np.asarray(weights, dtype=float)
    cov = np.asarray(covered, dtype=bool)
    total = float(w[cov].sum())
    if total <= 0.0:
        return float("nan")
    return float(w[cov & np.asarray(flag, dtype=bool)].sum() / total)
