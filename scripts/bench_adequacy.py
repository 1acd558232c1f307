"""Speed of the adequacy Monte Carlo (figures are printed, not asserted).

1. IEEE RTS-79, one area: sample-years per second of the compiled kernel on one
   core, and of the straightforward NumPy implementation in the same run (ratio).
2. A synthetic 31-region system with transfers, storage, renewables and
   interface outages: sample-years per second on one core.

Run from the repository root: ``.venv/bin/python scripts/bench_adequacy.py``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core for the NumPy reference too
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import time

import numpy as np

from gridatlas.domain.power_system import PowerSystem
from gridatlas.model.smc_reference import simulate_reference
from gridatlas.runners.adequacy import SYSTEM, run, run_arrays, to_arrays
from gridatlas.sources.system_files import load_system

HOURS = 8760


def synthetic_system(n_regions: int = 31, seed: int = 0) -> PowerSystem:
    """A made-up national-scale system: n regions on a ring with chords.

    Each region: peak 15-90 GW; hourly load = peak × (0.62 + 0.2 seasonal + 0.12
    daily sinusoids + 2 % noise), capped at the peak; 48 thermal units sized
    peak/48 (FOR 5-8 %, MTTR 30-60 h); solar 15 % of peak (clear-sky-like daily
    bell) and wind 15 % (random AR(1) around 30 %); 4-h storage of 3 % of peak.
    Interfaces: ring neighbours and every 5th region to the one 10 along, limit
    8 % of the smaller peak, each way; FOR 1 %, MTTR 20 h. Not any real grid; sized so that
    shortfalls happen (system LOLE of the order of 1 h/yr), as in real planning studies.
    """
    rng = np.random.default_rng(seed)
    t = np.arange(HOURS)
    season = np.cos(2 * np.pi * (t / HOURS - 0.55))
    daily = np.sin(2 * np.pi * ((t % 24) - 9) / 24)
    sun = np.clip(np.sin(np.pi * ((t % 24) - 6) / 12), 0, None) * (0.8 + 0.2 * season)
    regions, units, variable, storage, interfaces = [], [], [], [], []
    peaks = rng.uniform(15_000, 90_000, n_regions)
    for r in range(n_regions):
        name = f"R{r:02d}"
        shape = (
            0.62
            + 0.2 * season * rng.uniform(0.5, 1)
            + 0.12 * daily
            + 0.02 * rng.standard_normal(HOURS)
        )
        load = peaks[r] * np.minimum(shape / shape.max(), 1.0)
        regions.append({"name": name, "load_mw": load.round(3).tolist()})
        for k in range(4):
            units.append(
                {
                    "name": f"{name}-th{k}",
                    "region": name,
                    "count": 12,
                    "capacity_mw": round(peaks[r] / 48, 1),
                    "forced_outage_rate": round(float(rng.uniform(0.05, 0.08)), 3),
                    "mttr_h": float(rng.uniform(30, 60)),
                }
            )
        wind = np.empty(HOURS)
        x = 0.0
        for h in range(HOURS):
            x = 0.97 * x + 0.24 * rng.standard_normal()
            wind[h] = x
        wind = np.clip(0.3 + 0.2 * wind, 0, 1)
        variable.append(
            {
                "name": f"{name}-pv",
                "region": name,
                "kind": "solar",
                "capacity_mw": 0.15 * peaks[r],
                "profile": sun.round(4).tolist(),
            }
        )
        variable.append(
            {
                "name": f"{name}-wind",
                "region": name,
                "kind": "wind",
                "capacity_mw": 0.15 * peaks[r],
                "profile": wind.round(4).tolist(),
            }
        )
        storage.append(
            {
                "name": f"{name}-bess",
                "region": name,
                "power_mw": 0.03 * peaks[r],
                "energy_mwh": 0.12 * peaks[r],
                "initial_soc": 1.0,
                "charge_efficiency": 0.92,
                "discharge_efficiency": 0.92,
            }
        )
    pairs = {(r, (r + 1) % n_regions) for r in range(n_regions)}
    pairs |= {(r, (r + 10) % n_regions) for r in range(0, n_regions, 5)}
    for a, b in sorted(pairs):
        lim = 0.08 * min(peaks[a], peaks[b])
        interfaces.append(
            {
                "name": f"R{a:02d}-R{b:02d}",
                "from_region": f"R{a:02d}",
                "to_region": f"R{b:02d}",
                "limit_forward_mw": lim,
                "limit_backward_mw": lim,
                "forced_outage_rate": 0.01,
                "mttr_h": 20.0,
            }
        )
    return PowerSystem.model_validate(
        {
            "name": "synthetic-31",
            "hours": HOURS,
            "regions": regions,
            "units": units,
            "variable": variable,
            "storage": storage,
            "interfaces": interfaces,
        }
    )


class Timer:
    """Wall-clock and CPU time of a block (CPU time is this process's, i.e. one core here)."""

    def __enter__(self) -> Timer:
        self.wall = -time.perf_counter()
        self.cpu = -time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall += time.perf_counter()
        self.cpu += time.process_time()


def rate(label: str, samples: int, timer: Timer) -> float:
    """Print and return sample-years per CPU-second (wall-clock rate shown too)."""
    per_cpu = samples / timer.cpu
    print(
        f"{label:<50} {samples:>7,} samples  {per_cpu:>9,.0f} /CPU-s  "
        f"({samples / timer.wall:,.0f} /wall-s)"
    )
    return per_cpu


def main() -> None:
    rts = load_system("ieee-rts79")
    arrays = to_arrays(rts)
    run_arrays(arrays, 256, 1)  # compile (or load the cache) outside the timing
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; rates in sample-years")
    n = 40_000
    with Timer() as tm:
        res = run_arrays(arrays, n, 1)
    fast = rate("RTS-79 single area, numba kernel", n, tm)
    m = res.metrics[SYSTEM]
    print(
        f"    LOLE {m['lole'].value:.3f} ± {m['lole'].stderr:.3f} h/yr, EUE {m['eue'].value:.1f} ± {m['eue'].stderr:.1f} MWh/yr"
    )
    n_ref = 200
    with Timer() as tm:
        lol, eue = simulate_reference(
            arrays.load[0],
            np.zeros(rts.hours),
            arrays.unit_cap,
            arrays.unit_pf,
            arrays.unit_pr,
            n_ref,
            1,
        )
    slow = rate("RTS-79 single area, NumPy hour-by-hour reference", n_ref, tm)
    print(
        f"    LOLE {lol.mean():.3f} ± {lol.std(ddof=1) / np.sqrt(n_ref):.3f} h/yr, EUE {eue.mean():.1f} MWh/yr"
    )
    print(f"    speed ratio kernel / NumPy: {fast / slow:,.0f}x")

    synth = synthetic_system()
    sa = to_arrays(synth)
    run_arrays(sa, 16, 1)
    n = 2_000
    with Timer() as tm:
        res = run(synth, n, 1)
    rate(f"synthetic {len(synth.regions)} regions, {len(synth.interfaces)} links, storage", n, tm)
    m = res.metrics[SYSTEM]
    print(
        f"    system LOLE {m['lole'].value:.3f} ± {m['lole'].stderr:.3f} h/yr, EUE {m['eue'].value:.0f} ± {m['eue'].stderr:.0f} MWh/yr"
    )


if __name__ == "__main__":
    main()
