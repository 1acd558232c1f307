"""Capacity adequacy: effective supply, reserve margin, surplus, tightness.

Pure, vectorised functions. All capacities in MW (any consistent unit works:
margins are ratios). The method is section 三 of seed report 004, which takes
it from PKU Energy Research Institute's 《中国典型省份煤电转型优化潜力研究》:

    Σ_i P_i · α_i + P_in − P_out ≥ P_m

with P_i installed capacity of technology i, α_i its effective-capacity
coefficient, P_in the equivalent capacity of imports, P_out the capacity
serving other provinces and P_m the peak load.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray

TIGHTNESS_CLASSES: Final[tuple[str, ...]] = ("deficit", "tight", "balanced", "ample")


def effective_capacity(capacity_nom: npt.ArrayLike, coefficient: npt.ArrayLike) -> FloatArray:
    """Firm capacity counted at the peak.

    Parameters
    ----------
    capacity_nom : array_like
        Installed capacity. [MW]
    coefficient : array_like
        Effective-capacity coefficient α_i, broadcast against ``capacity_nom``. [p.u.]

    Returns
    -------
    numpy.ndarray
        ``capacity_nom * coefficient``. [MW]

    Notes
    -----
    Seed report 004 §3.1 (Anhui) lists the default coefficients: nuclear 1.0,
    gas 0.95, coal 0.9, conventional hydro 0.5, pumped storage 1.0, wind 0.1,
    solar 0.2.
    """
    return np.asarray(capacity_nom, dtype=float) * np.asarray(coefficient, dtype=float)


def effective_supply(
    local_supply: npt.ArrayLike, imports: npt.ArrayLike, exports: npt.ArrayLike
) -> FloatArray:
    """Effective supply = local effective capacity + import equivalents − exports. [MW]"""
    return (
        np.asarray(local_supply, dtype=float)
        + np.asarray(imports, dtype=float)
        - np.asarray(exports, dtype=float)
    )


def reserve_margin(supply: npt.ArrayLike, peak_load: npt.ArrayLike) -> FloatArray:
    """Reserve margin = effective supply / peak load − 1. [p.u.]

    Notes
    -----
    Definition printed under tables 22, 33 and 39 of seed report 004
    ("系统备用率=有效容量供应/最高用电负荷-1").
    """
    return np.asarray(supply, dtype=float) / np.asarray(peak_load, dtype=float) - 1.0


def surplus(
    supply: npt.ArrayLike, peak_load: npt.ArrayLike, required_margin: npt.ArrayLike
) -> FloatArray:
    """Capacity above (+) or below (−) what the required reserve margin asks for.

    ``supply − peak_load × (1 + required_margin)``. [MW]
    """
    required = np.asarray(required_margin, dtype=float)
    return np.asarray(supply, dtype=float) - np.asarray(peak_load, dtype=float) * (1.0 + required)


def tightness(
    margin: npt.ArrayLike, band_min: float, band_max: float, ample_gap: float
) -> npt.NDArray[np.str_]:
    """Classify reserve margins.

    ``deficit`` below 0, ``tight`` from 0 to ``band_min``, ``balanced`` from
    ``band_min`` to ``band_max + ample_gap``, ``ample`` above that.
    Thresholds are documented in docs/method.md; the defaults (13%, 14%, 3 pp)
    make the report's own words come out: Anhui 2026 neutral 17.9% "充足",
    2027 14.9% "合理区间", Zhejiang 2026 13.2% "基本平衡".
    """
    m = np.asarray(margin, dtype=float)
    idx = np.searchsorted(np.array([0.0, band_min, band_max + ample_gap]), m, side="right")
    return np.asarray(TIGHTNESS_CLASSES, dtype=np.str_)[idx]
