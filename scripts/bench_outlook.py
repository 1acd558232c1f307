"""Benchmark the main job: ``gridatlas outlook`` (what ``make run`` runs), whole process.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python scripts/bench_outlook.py [--repeats 3] [--exe .venv/bin/gridatlas]

Each run is a fresh process writing into its own temporary folder; the median
wall time of ``--repeats`` runs is printed with the fastest and slowest, and
the median CPU time (user + system), which a busy machine inflates less.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _command(exe: str, src: str | None) -> list[str]:
    """The gridatlas command: the console script, or ``python -m gridatlas`` from ``src``."""
    if src is None:
        return [exe]
    os.environ["PYTHONPATH"] = str(Path(src).resolve())
    return [sys.executable, "-m", "gridatlas"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--exe", default=str(Path(sys.executable).parent / "gridatlas"))
    ap.add_argument(
        "--src",
        help="Run `python -m gridatlas` from this source folder instead (e.g. another "
        "checkout's src/, to compare two versions with one interpreter).",
    )
    args = ap.parse_args()
    base = _command(args.exe, args.src)
    runs, cpus = [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(
                [*base, "outlook", "--out", tmp],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            runs.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    print(f"{' '.join(base)} outlook: whole process, {os.cpu_count()} cores, {args.repeats} runs")
    print(
        f"  (load average {os.getloadavg()[0]:.1f}: wall time grows with load, CPU time much less)"
    )
    print(
        f"  wall median {statistics.median(runs):6.2f} s   "
        f"(min {min(runs):.2f} s, max {max(runs):.2f} s)"
    )
    print(f"  CPU  median {statistics.median(cpus):6.2f} s   (user + system)")


if __name__ == "__main__":
    main()
