"""Benchmark: Monte Carlo throughput in province-year draws per second.

One province-year draw is one simulated reserve margin for one year of one
case. Run on one core (numpy's element-wise kernels are single-threaded);
the figure printed is the median of several repeats, with the spread, so a
noisy machine shows as a wide spread rather than a wrong number.

    .venv/bin/python scripts/bench_montecarlo.py [--draws N] [--repeats R]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from gridatlas.app.cases import load_case
from gridatlas.model.uncertainty import simulate_margins
from gridatlas.runners.uncertainty import margin_model, simulate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    for name, weather in (("zhejiang", "extreme"), ("anhui", "extreme")):
        case = load_case(name)
        years = len(case.years)
        model = margin_model(case, weather)
        rng = np.random.default_rng(1)
        simulate_margins(model, 1000, rng)  # warm-up
        kernel, full = [], []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            simulate_margins(model, args.draws, rng)
            kernel.append(args.draws * years / (time.perf_counter() - t0))
            t0 = time.perf_counter()
            simulate(case, weather, draws=args.draws, seed=2)
            full.append(args.draws * years / (time.perf_counter() - t0))
        for label, rates in (("kernel, one block", kernel), ("simulate(), chunked + stats", full)):
            med = statistics.median(rates)
            print(
                f"{name:9s} {weather:8s} {label:28s} {med / 1e6:7.1f} M province-year draws/s"
                f"  (min {min(rates) / 1e6:.1f}, max {max(rates) / 1e6:.1f}; "
                f"{args.draws:,} draws × {years} years, {args.repeats} repeats)"
            )


if __name__ == "__main__":
    main()
