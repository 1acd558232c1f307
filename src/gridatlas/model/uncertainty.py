"""Monte Carlo of the reserve margin: a vectorised kernel.

Each draw perturbs, for every projected year,

* consumption growth by an additive normal shock ``ε ~ N(0, sd)``;
* the peak-to-consumption ratio by a factor ``1 + δ``, ``δ ~ U(−s, s)``;
* hydrology: supply moves uniformly between its driest and wettest declared
  value (``u ~ U(0, 1)``), which is exact because supply is linear in the
  hydro coefficients;
* commissioning: with probability ``p`` the firm capacity added in a year
  arrives one year late.

Peak growth is ``(c + ε) · r · (1 + δ)``. The spreads are project
assumptions, not the report's (docs/method.md); cases may change them.
Arrays are float32: the margins are ratios and need no more precision, and
half the memory traffic doubles the throughput.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

F32 = np.float32
Array32 = npt.NDArray[np.float32]


@dataclass(frozen=True)
class MarginModel:
    """Everything the kernel needs for one case and one weather, per year.

    Attributes
    ----------
    supply_low, supply_high : array, shape (T,)
        Effective supply in the driest and the wettest hydrology. [MW]
    additions : array, shape (T,)
        Firm capacity commissioned in each year that may slip a year. [MW]
    peak_fixed : array, shape (T,)
        Published peak loads, NaN where projected; entry 0 is given. [MW]
    consumption_growth, ratio : array, shape (T,)
        Central consumption growth [p.u./yr] and peak/consumption ratio [p.u.].
    reference_ratio : array, shape (T,), optional
        Ratio of the neutral path when this weather is a one-year shock on it
        (the ``shock`` convention); None for a path that compounds on itself.
    """

    supply_low: npt.NDArray[np.float64]
    supply_high: npt.NDArray[np.float64]
    additions: npt.NDArray[np.float64]
    peak_fixed: npt.NDArray[np.float64]
    consumption_growth: npt.NDArray[np.float64]
    ratio: npt.NDArray[np.float64]
    reference_ratio: npt.NDArray[np.float64] | None
    growth_sd: float
    ratio_spread: float
    slip_probability: float


def _path(fixed: npt.NDArray[np.float64], growth: Array32) -> Array32:
    n, t_len = growth.shape
    peak = np.empty((n, t_len), dtype=F32)
    peak[:, 0] = fixed[0]
    for t in range(1, t_len):
        if np.isnan(fixed[t]):
            np.multiply(peak[:, t - 1], 1.0 + growth[:, t], out=peak[:, t])
        else:
            peak[:, t] = fixed[t]
    return peak


def simulate_margins(model: MarginModel, draws: int, rng: np.random.Generator) -> Array32:
    """Reserve margins of ``draws`` Monte Carlo draws. [p.u.], shape (draws, T)."""
    t_len = model.peak_fixed.shape[0]
    shape = (draws, t_len)
    lo = model.supply_low.astype(F32)
    span = (model.supply_high - model.supply_low).astype(F32)

    supply = rng.random(shape, dtype=F32)
    supply *= span
    supply += lo
    slipped = rng.random(shape, dtype=F32) < F32(model.slip_probability)
    supply -= slipped * model.additions.astype(F32)

    cons = rng.standard_normal(shape, dtype=F32)
    cons *= F32(model.growth_sd)
    cons += np.nan_to_num(model.consumption_growth).astype(F32)
    spread = rng.random(shape, dtype=F32)
    spread *= F32(2.0 * model.ratio_spread)
    spread += F32(1.0 - model.ratio_spread)  # 1 + δ
    cons *= spread  # (c + ε)(1 + δ): shared by this path and its reference

    growth = cons * np.nan_to_num(model.ratio).astype(F32)
    if model.reference_ratio is None:
        peak = _path(model.peak_fixed, growth)
    else:
        reference = _path(model.peak_fixed, cons * model.reference_ratio.astype(F32))
        peak = np.empty(shape, dtype=F32)
        peak[:, 0] = model.peak_fixed[0]
        for t in range(1, t_len):
            if np.isnan(model.peak_fixed[t]):
                np.multiply(reference[:, t - 1], 1.0 + growth[:, t], out=peak[:, t])
            else:
                peak[:, t] = model.peak_fixed[t]
    supply /= peak
    supply -= F32(1.0)
    return supply


def summarise(margins: Array32, band_min: float, quantiles: tuple[float, ...]) -> dict[str, object]:
    """Per-year mean, quantiles, P(margin < band_min) and P(margin < 0)."""
    values = np.quantile(margins, list(quantiles), axis=0)
    return {
        "mean": margins.mean(axis=0, dtype=np.float64),
        "quantiles": dict(zip(quantiles, values, strict=True)),
        "p_below_band": (margins < band_min).mean(axis=0),
        "p_deficit": (margins < 0).mean(axis=0),
    }
