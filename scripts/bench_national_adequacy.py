"""Speed of ``gridatlas adequacy national`` (figures are printed, not asserted).

Times the three stages of one year: building the 31-province system (balance cases,
profiles), the LOLE/EUE run, and the joint firm-capacity search; prints seconds of
wall and CPU time per stage and the number of search runs.

Run from the repository root: ``.venv/bin/python scripts/bench_national_adequacy.py [YEAR]``.
"""

from __future__ import annotations

import sys
import time

from gridatlas.app.national_adequacy import build_national_system, run_national_adequacy


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def main(year: int = 2025, samples: int = 200, firm_samples: int = 100) -> None:
    w0, c0 = _clock()
    ns = build_national_system(year)
    w1, c1 = _clock()
    run_national_adequacy(year, samples=samples, firm_samples=None, national=ns)
    w2, c2 = _clock()
    na = run_national_adequacy(year, samples=samples, firm_samples=firm_samples, national=ns)
    w3, c3 = _clock()
    units = sum(u.count for u in ns.system.units)
    print(f"year {year}: 31 regions, {units} units, {len(ns.system.interfaces)} interfaces")
    print(f"build:            {w1 - w0:6.1f} s wall {c1 - c0:6.1f} s CPU")
    print(f"run ({samples} samples): {w2 - w1:6.1f} s wall {c2 - c1:6.1f} s CPU")
    print(
        f"run + firm search ({firm_samples} samples, {na.firm_evaluations} runs): "
        f"{w3 - w2:6.1f} s wall {c3 - c2:6.1f} s CPU"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2025)
