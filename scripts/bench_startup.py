"""Benchmark start-up: whole-process ``gridatlas cases`` against bare Python.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python scripts/bench_startup.py [--repeats 5] [--exe .venv/bin/gridatlas]

1. Wall and CPU time (user + system) of ``python -c pass`` and of
   ``gridatlas cases`` (and ``gridatlas --help``), each a fresh process,
   median of ``--repeats``. On a busy machine the wall time grows with the
   load average; the CPU time much less, so both are printed.
2. How many modules ``gridatlas cases`` loads (``sys.modules`` at exit), and
   whether pandas, openpyxl, PIL, matplotlib, scipy or highspy are among them.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HEAVY = ("pandas", "openpyxl", "PIL", "matplotlib", "scipy", "highspy", "dask", "pvlib")

_COUNT = (
    "import atexit, sys\n"
    "atexit.register(lambda: print(len(sys.modules), ' '.join(sorted({m.split('.')[0] "
    "for m in sys.modules})), file=sys.stderr))\n"
    "sys.argv = ['gridatlas', 'cases']\n"
    "from gridatlas.cli import main\n"
    "main()\n"
)


def _time(cmd: list[str], repeats: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``cmd``. [s]"""
    runs, cpus = [], []
    env = {**os.environ, "COLUMNS": "160"}
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        runs.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(runs), statistics.median(cpus)


def _command(exe: str, src: str | None) -> list[str]:
    """The gridatlas command: the console script, or ``python -m gridatlas`` from ``src``."""
    if src is None:
        return [exe]
    os.environ["PYTHONPATH"] = str(Path(src).resolve())
    return [sys.executable, "-m", "gridatlas"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--exe", default=str(Path(sys.executable).parent / "gridatlas"))
    ap.add_argument(
        "--src",
        help="Run `python -m gridatlas` from this source folder instead (e.g. another "
        "checkout's src/, to compare two versions with one interpreter).",
    )
    args = ap.parse_args()
    base = _command(args.exe, args.src)
    python = sys.executable
    bare, bare_cpu = _time([python, "-c", "pass"], args.repeats)
    cases, cases_cpu = _time([*base, "cases"], args.repeats)
    helps, helps_cpu = _time([*base, "--help"], args.repeats)
    load = os.getloadavg()[0]
    print(f"{' '.join(base)}: median of {args.repeats}, whole process, {os.cpu_count()} cores")
    print(f"  (load average {load:.1f}: wall time grows with load, CPU time much less)")
    print("                         wall        CPU")
    print(f"  python -c pass      {bare * 1e3:6.0f} ms  {bare_cpu * 1e3:6.0f} ms")
    print(
        f"  gridatlas cases     {cases * 1e3:6.0f} ms  {cases_cpu * 1e3:6.0f} ms"
        f"   ({cases / bare:.0f}x bare python, wall)"
    )
    print(f"  gridatlas --help    {helps * 1e3:6.0f} ms  {helps_cpu * 1e3:6.0f} ms")
    proc = subprocess.run([python, "-c", _COUNT], check=True, capture_output=True, text=True)
    count, _, tops = proc.stderr.strip().splitlines()[-1].partition(" ")
    heavy = [h for h in HEAVY if h in tops.split()]
    print(f"  modules loaded by `gridatlas cases`: {count}")
    print(f"  heavy libraries among them: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
