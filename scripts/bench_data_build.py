"""Benchmark the national data build: reading each raw file and the whole build.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python scripts/bench_data_build.py [--from ../shared/data] [--repeats 2]

Shows, per repeat, the read time of each tracker (openpyxl read-only) and the NEA
file, and the total wall time of ``build_national`` (reading, aggregation,
load shape, link registry). Compare ratios within one run; the machine is noisy.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from gridatlas.app.data_build import build_national


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--from", dest="raw", type=Path, default=Path("..") / "shared" / "data")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    totals = []
    for i in range(args.repeats):
        t0 = time.perf_counter()
        build = build_national(args.raw)
        total = time.perf_counter() - t0
        totals.append(total)
        reads = ", ".join(f"{k} {v:.1f} s" for k, v in build.seconds.items())
        print(f"run {i + 1}: build {total:.1f} s ({reads})")
    print(f"median build time: {statistics.median(totals):.1f} s over {len(totals)} runs")


if __name__ == "__main__":
    main()
