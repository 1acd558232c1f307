"""Monte Carlo adequacy for one case: distribution of the reserve margin.

Builds a :class:`~gridatlas.model.uncertainty.MarginModel` from a case and a
weather scenario, runs the kernel in chunks and summarises per year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.domain.case import Case
from gridatlas.model.adequacy import FloatArray
from gridatlas.model.uncertainty import MarginModel, simulate_margins, summarise
from gridatlas.runners.balance import effective_supply, link_equivalent

QUANTILES = (0.05, 0.5, 0.95)
FIRM_TECHNOLOGIES = ("coal", "gas", "nuclear", "pumped_storage")
CHUNK = 1 << 16


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
        }


def simulate(
    case: Case,
    weather: str = "neutral",
    draws: int = 100_000,
    seed: int = 20241,
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Monte Carlo of the reserve margin of ``case`` under ``weather``.

    Parameters
    ----------
    draws : int
        Number of draws; each gives one margin per year.
    seed : int
        Seed of the random generator (PCG64): the same seed gives the same result.
    progress : callable, optional
        Called with the number of draws finished after each chunk.
    """
    if draws < 1:
        raise InputError(case.origin, "--draws", "a positive number of draws", draws)
    model = margin_model(case, weather)
    rng = np.random.default_rng(seed)
    chunks = []
    done = 0
    while done < draws:
        n = min(CHUNK, draws - done)
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
