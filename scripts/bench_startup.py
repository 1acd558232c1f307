"""Benchmark start-up: whole-process ``gridatlas cases`` against bare Python.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python scripts/bench_startup.py [--repeats 5] [--exe .venv/bin/gridatlas]

1. Wall time of ``python -c pass`` and of ``gridatlas cases`` (and
   ``gridatlas --help``), each a fresh process, median of ``--repeats``.
2. How many modules ``gridatlas cases`` loads (``sys.modules`` at exit), and
   whether pandas, openpyxl, PIL, matplotlib, scipy or highspy are among them.
"""

from __future__ import annotations

import argparse
import os
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


def _time(cmd: list[str], repeats: int) -> float:
    runs = []
    env = {**os.environ, "COLUMNS": "160"}
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


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
    bare = _time([python, "-c", "pass"], args.repeats)
    cases = _time([*base, "cases"], args.repeats)
    helps = _time([*base, "--help"], args.repeats)
    print(f"{' '.join(base)}: median of {args.repeats}, whole process, {os.cpu_count()} cores")
    print(f"  python -c pass      {bare * 1e3:8.0f} ms")
    print(f"  gridatlas cases     {cases * 1e3:8.0f} ms   ({cases / bare:.0f}x bare python)")
    print(f"  gridatlas --help    {helps * 1e3:8.0f} ms")
    proc = subprocess.run([python, "-c", _COUNT], check=True, capture_output=True, text=True)
    count, _, tops = proc.stderr.strip().splitlines()[-1].partition(" ")
    heavy = [h for h in HEAVY if h in tops.split()]
    print(f"  modules loaded by `gridatlas cases`: {count}")
    print(f"  heavy libraries among them: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
