"""Monte Carlo adequacy for one case: distribution of the reserve margin.

Builds a :class:`~gridatlas.model.uncertainty.MarginModel` from a case and a
weather scenario, runs one of two engines in chunks and summarises per year:

* ``numpy``: :func:`~gridatlas.model.uncertainty.simulate_margins` with
  NumPy's PCG64 generator; keeps every margin and takes exact quantiles.
  No start-up cost; used for small runs.
* ``kernel``: the compiled, fused kernel of
  :mod:`gridatlas.model.uncertainty_kernel` (counter-based SplitMix64 keyed by
  seed and draw index, statistics streamed into fixed-bin histograms, memory
  independent of the number of draws). Importing numba and loading the
  compiled kernel costs about 0.7 s, so ``auto`` uses it only for runs of at
  least :data:`KERNEL_MIN_PROVINCE_YEARS` province-year draws, or when it is
  already compiled in this process (docs/method.md §7).

The two engines draw different random numbers: the same seed gives the same
result within one engine only. :attr:`SimulationResult.engine` says which ran.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Literal

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.types import FloatArray, IntArray
from gridatlas.domain.case import Case
from gridatlas.model import margin_histogram
from gridatlas.model.uncertainty import MarginModel, simulate_margins, summarise
from gridatlas.runners.balance import effective_supply, link_equivalent

QUANTILES = (0.05, 0.5, 0.95)
FIRM_TECHNOLOGIES = ("coal", "gas", "nuclear", "pumped_storage")
CHUNK = 1 << 16
#: draws per kernel call (progress granularity of the kernel engine)
KERNEL_CHUNK = 1 << 20
KERNEL_MODULE = "gridatlas.model.uncertainty_kernel"
#: ``auto`` switches to the kernel from this many draws × years: the NumPy path
#: runs at ≈ 20 M province-years/s, so 10 M take ≈ 0.5 s, about the kernel's
#: start-up (numba import + cached-code load ≈ 0.7 s) — see scripts/bench_montecarlo.py
KERNEL_MIN_PROVINCE_YEARS = 10_000_000
Engine = Literal["auto", "kernel", "numpy"]


def _firm_supply(case: Case) -> FloatArray:
    """Supply from capacity that can slip: thermal, nuclear, pumped storage, new links. [MW]"""
    h = case.hydrologies[0]
    firm = sum(case.capacity[t] * case.coefficients[t][h] for t in FIRM_TECHNOLOGIES)
    for link in case.links:
        if link.type != "hydro":
            firm = firm + link_equivalent(link, h)
    return np.asarray(firm, dtype=float)


def margin_model(case: Case, weather: str) -> MarginModel:
    """The kernel's inputs for one case and weather."""
    if weather not in case.weathers:
        raise InputError(case.origin, "--weather", "one of " + ", ".join(case.weathers), weather)
    supplies = np.array([effective_supply(case, h) for h in case.hydrologies])
    projected = np.isnan(case.peak_fixed)
    firm = _firm_supply(case)
    additions = np.zeros_like(firm)
    additions[1:] = np.maximum(np.diff(firm), 0.0)
    additions[~projected] = 0.0

    g_neutral = case.weathers["neutral"].growth
    g_weather = case.weathers[weather].growth
    cons = case.consumption_growth
    usable = np.isfinite(cons) & (cons != 0)
    base = np.where(usable, cons, g_neutral)
    ok = np.isfinite(base) & (base != 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(ok, g_weather / base, 1.0)
        ref = np.where(ok, g_neutral / base, 1.0)
    shock = weather != "neutral" and case.extreme_path == "shock"
    u = case.uncertainty
    return MarginModel(
        supply_low=supplies.min(axis=0),
        supply_high=supplies.max(axis=0) if u.hydro == "uniform" else supplies.min(axis=0),
        additions=additions,
        peak_fixed=case.peak_fixed,
        consumption_growth=np.nan_to_num(base),
        ratio=np.nan_to_num(ratio),
        reference_ratio=np.nan_to_num(ref) if shock else None,
        growth_sd=u.consumption_growth_sd,
        ratio_spread=u.ratio_spread,
        slip_probability=u.slip_probability,
    )


@dataclass(frozen=True)
class SimulationResult:
    """Per-year distribution of the reserve margin for one weather."""

    case: Case
    weather: str
    draws: int
    seed: int
    mean: FloatArray
    quantiles: dict[float, FloatArray]
    p_below_band: FloatArray
    p_deficit: FloatArray
    #: which engine ran: "numpy" (PCG64, exact quantiles) or "kernel" (SplitMix64, histogram)
    engine: str = "numpy"
    #: bound on the quantiles' error from binning (0 for exact quantiles) [p.u.]
    quantile_error: float = 0.0

    def to_frame(self) -> pd.DataFrame:
        """One row per year; margins and probabilities as fractions."""
        frame = pd.DataFrame({"year": [int(y) for y in self.case.years], "mean": self.mean})
        for q, v in self.quantiles.items():
            frame[f"p{round(q * 100):02d}"] = v
        frame["p_below_band"] = self.p_below_band
        frame["p_deficit"] = self.p_deficit
        frame.attrs["unit"] = "p.u."
        return frame

    def to_json_dict(self) -> dict[str, Any]:
        """Stable JSON: margins and probabilities as fractions."""
        return {
            "case": self.case.name,
            "weather": self.weather,
            "draws": self.draws,
            "seed": self.seed,
            "unit": "p.u.",
            "reserve_band": [self.case.band_min, self.case.band_max],
            "years": [int(y) for y in self.case.years],
            "mean": [round(float(v), 6) for v in self.mean],
            "quantiles": {
                f"p{round(q * 100):02d}": [round(float(x), 6) for x in v]
                for q, v in self.quantiles.items()
            },
            "p_below_band": [round(float(v), 6) for v in self.p_below_band],
            "p_deficit": [round(float(v), 6) for v in self.p_deficit],
            "engine": self.engine,
            "quantile_error": self.quantile_error,
        }


def _kernel_module(engine: Engine, province_years: int) -> ModuleType | None:
    """The kernel module when ``engine`` (resolved for this run size) is the kernel."""
    if engine == "numpy":
        return None
    if engine == "kernel" or province_years >= KERNEL_MIN_PROVINCE_YEARS:
        # Imported here, not at the top: numba's import alone takes ~0.5 s, which
        # every CLI command would otherwise pay. Not a cycle workaround.
        return importlib.import_module(KERNEL_MODULE)
    loaded = sys.modules.get(KERNEL_MODULE)
    if loaded is not None and loaded.is_compiled():
        return loaded
    return None


def simulate(
    case: Case,
    weather: str = "neutral",
    draws: int = 100_000,
    seed: int = 20241,
    progress: Callable[[int], None] | None = None,
    engine: Engine = "auto",
    chunk: int | None = None,
) -> SimulationResult:
    """Monte Carlo of the reserve margin of ``case`` under ``weather``.

    Parameters
    ----------
    draws : int
        Number of draws; each gives one margin per year.
    seed : int
        Seed of the random generator: the same seed and engine give the same result.
    progress : callable, optional
        Called with the number of draws finished after each chunk.
    engine : {"auto", "kernel", "numpy"}
        ``auto`` picks the kernel for large runs or when it is already compiled.
    chunk : int, optional
        Draws per chunk (default 65 536 for NumPy, 1 048 576 for the kernel).
        The kernel's results do not depend on it.
    """
    if draws < 1:
        raise InputError(case.origin, "--draws", "a positive number of draws", draws)
    if engine not in ("auto", "kernel", "numpy"):
        raise InputError(case.origin, "engine", "auto, kernel or numpy", engine)
    model = margin_model(case, weather)
    kernel = _kernel_module(engine, draws * len(case.years))
    if kernel is not None:
        step = chunk or KERNEL_CHUNK
        return _simulate_kernel(kernel, case, weather, model, draws, seed, progress, step)
    chunk = chunk or CHUNK
    rng = np.random.default_rng(seed)
    chunks = []
    done = 0
    while done < draws:
        n = min(chunk, draws - done)
        chunks.append(simulate_margins(model, n, rng))
        done += n
        if progress is not None:
            progress(n)
    margins = np.concatenate(chunks)
    stats = summarise(margins, case.band_min, QUANTILES)
    return SimulationResult(
        case=case,
        weather=weather,
        draws=draws,
        seed=seed,
        mean=np.asarray(stats["mean"]),
        quantiles=dict(stats["quantiles"]),  # type: ignore[call-overload]
        p_below_band=np.asarray(stats["p_below_band"]),
        p_deficit=np.asarray(stats["p_deficit"]),
    )


def _kernel_pass(
    kernel: ModuleType,
    case: Case,
    model: MarginModel,
    draws: int,
    seed: int,
    chunk: int,
    low: float,
    width: float,
    progress: Callable[[int], None] | None,
) -> tuple[IntArray, IntArray, list[int]]:
    """All draws through the kernel: histograms, integer accumulators, fixed-point sums."""
    years = len(case.years)
    hist = np.zeros((years, margin_histogram.BINS + 2), dtype=np.int64)
    acc = kernel.new_accumulator(years)
    sums = [0] * years
    step = max(1, min(chunk, kernel.MAX_CALL_DRAWS))
    done = 0
    while done < draws:
        n = min(step, draws - done)
        part = kernel.run(model, case.band_min, seed, done, n, hist, acc, low, width)
        sums = [a + b for a, b in zip(sums, part, strict=True)]
        done += n
        if progress is not None:
            progress(n)
    return hist, acc, sums


def _simulate_kernel(
    kernel: ModuleType,
    case: Case,
    weather: str,
    model: MarginModel,
    draws: int,
    seed: int,
    progress: Callable[[int], None] | None,
    chunk: int,
) -> SimulationResult:
    """The compiled engine; a second pass over the same draws if a quantile left the bins."""
    low, width = margin_histogram.LOW, margin_histogram.BIN_WIDTH
    hist, acc, sums = _kernel_pass(kernel, case, model, draws, seed, chunk, low, width, progress)
    scale = kernel.FIXED_SCALE
    vmin = acc[:, kernel.ACC_MIN] / scale
    vmax = acc[:, kernel.ACC_MAX] / scale
    qs = _histogram_quantiles(hist, low, width, vmin, vmax)
    if np.isnan(qs).any():
        # Margins outside [−1, 3) p.u. (no real system): same draws, bins over [min, max].
        low = float(vmin.min())
        width = max(float(vmax.max()) - low, 1e-9) / (margin_histogram.BINS - 2)
        hist, acc, sums = _kernel_pass(kernel, case, model, draws, seed, chunk, low, width, None)
        qs = _histogram_quantiles(hist, low, width, vmin, vmax)
    return SimulationResult(
        case=case,
        weather=weather,
        draws=draws,
        seed=seed,
        mean=np.array([s / (draws * scale) for s in sums]),
        quantiles={q: qs[:, i] for i, q in enumerate(QUANTILES)},
        p_below_band=acc[:, kernel.ACC_BELOW_BAND] / draws,
        p_deficit=acc[:, kernel.ACC_DEFICIT] / draws,
        engine="kernel",
        quantile_error=width,
    )


def _histogram_quantiles(
    hist: IntArray, low: float, width: float, vmin: FloatArray, vmax: FloatArray
) -> FloatArray:
    """Per-year quantiles, shape (T, len(QUANTILES)); NaN where outside the bins. [p.u.]"""
    bins = hist.shape[1] - 2
    out = []
    for row, lo, hi in zip(hist, vmin, vmax, strict=True):
        # Only bins between the smallest and largest margin can be occupied.
        first = int(np.clip(np.floor((lo - low) / width) + 1, 0, bins + 1))
        last = int(np.clip(np.floor((hi - low) / width) + 1, 0, bins + 1))
        first, last = max(first - 1, 0), min(last + 1, bins + 1)
        if first == 0 or last == bins + 1:
            part, part_low = row, low
        else:
            part = np.zeros(last - first + 3, dtype=np.int64)
            part[1:-1] = row[first : last + 1]
            part_low = low + (first - 1) * width
        out.append(
            margin_histogram.quantiles(part, QUANTILES, part_low, width, float(lo), float(hi))
        )
    return np.array(out)
