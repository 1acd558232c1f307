"""Benchmark: Monte Carlo throughput in province-year draws per second.

One province-year draw is one simulated reserve margin for one year of one
case. Everything runs on one core (numpy's element-wise kernels and the
numba kernel are single-threaded). For each engine the figure printed is the
median of several repeats with the spread, in draws per CPU-second
(``time.process_time``, robust to other jobs on a shared machine) and per
wall-clock second. Ratios compare the engines within this one run.

* numpy kernel: ``simulate_margins`` on one block (draws only, no statistics);
* numpy simulate(): the NumPy engine, chunked, with exact quantiles;
* numba kernel: ``uncertainty_kernel.run`` (draws and streamed statistics);
* numba simulate(): the kernel engine end to end (quantiles from histograms).

The start-up cost of the kernel (numba import + loading the cached compiled
code) is measured in a fresh interpreter.

    .venv/bin/python scripts/bench_montecarlo.py [--draws N] [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from gridatlas.app.cases import load_case
from gridatlas.model import margin_histogram as mh
from gridatlas.model import uncertainty_kernel as kernel
from gridatlas.model.uncertainty import simulate_margins
from gridatlas.runners.uncertainty import margin_model, simulate

STARTUP = """
import time
from gridatlas.app.cases import load_case
from gridatlas.runners.uncertainty import simulate
case = load_case("anhui")
simulate(case, "extreme", draws=10, engine="numpy")
w, c = time.perf_counter(), time.process_time()
simulate(case, "extreme", draws=10, engine="kernel")
print(time.perf_counter() - w, time.process_time() - c)
"""


def _time(fn: Callable[[], object], work: int, repeats: int) -> tuple[list[float], list[float]]:
    cpu, wall = [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(work / (time.process_time() - c0))
        wall.append(work / (time.perf_counter() - w0))
    return cpu, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    n = args.draws

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    for attempt in ("first", "second"):
        # the first fresh interpreter may compile (and fill the cache); the second loads it
        wall, cpu = subprocess.run(
            [sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True
        ).stdout.split()
        print(
            f"kernel start-up, {attempt} fresh interpreter (numba import + compile or cache "
            f"load, first 10-draw run): {float(wall):.2f} s wall, {float(cpu):.2f} CPU-s"
        )
    for name, weather in (("zhejiang", "extreme"), ("anhui", "extreme")):
        case = load_case(name)
        years = len(case.years)
        model = margin_model(case, weather)
        rng = np.random.default_rng(1)
        hist = np.zeros((years, mh.BINS + 2), dtype=np.int64)
        acc = kernel.new_accumulator(years)

        def numba_kernel(model=model, case=case, hist=hist, acc=acc) -> None:
            for first in range(0, n, kernel.MAX_CALL_DRAWS):
                step = min(kernel.MAX_CALL_DRAWS, n - first)
                kernel.run(model, case.band_min, 2, first, step, hist, acc, mh.LOW, mh.BIN_WIDTH)

        simulate_margins(model, 1000, rng)  # warm-up
        simulate(case, weather, draws=10, engine="kernel")  # compile / load
        work = n * years
        runs = {
            "numpy kernel, one block": (
                lambda model=model, rng=rng: simulate_margins(model, n, rng)
            ),
            "numpy simulate()": (
                lambda case=case, weather=weather: simulate(case, weather, n, 2, engine="numpy")
            ),
            "numba kernel + streamed stats": numba_kernel,
            "numba simulate()": (
                lambda case=case, weather=weather: simulate(case, weather, n, 2, engine="kernel")
            ),
        }
        medians = {}
        for label, fn in runs.items():
            cpu, wall = _time(fn, work, args.repeats)
            medians[label] = statistics.median(cpu)
            print(
                f"{name:9s} {weather:8s} {label:30s} {statistics.median(cpu) / 1e6:7.1f} M/CPU-s "
                f"(min {min(cpu) / 1e6:.1f}, max {max(cpu) / 1e6:.1f}); wall "
                f"{statistics.median(wall) / 1e6:7.1f} M/s; {n:,} draws × {years} years, "
                f"{args.repeats} repeats"
            )
        print(
            f"{name:9s} ratios (CPU): kernel/numpy kernel "
            f"{medians['numba kernel + streamed stats'] / medians['numpy kernel, one block']:.1f}×"
            f", simulate() kernel/numpy "
            f"{medians['numba simulate()'] / medians['numpy simulate()']:.1f}×"
        )


if __name__ == "__main__":
    main()
