"""Benchmark the microgrid screening: the 8760-hour sizing LP and a 200-site Dask sweep.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python scripts/bench_microgrid.py [--repeats 5] [--sites 200] [--optimize-sweep]

1. Build and solve time of the sizing LP (PV kWp, battery kW and kWh free) for
   the bundled Guangdong two-shift factory: a 4-period tariff (valley, flat,
   peak, critical peak) with a monthly demand charge and DR events. Median of
   ``--repeats`` runs, split into matrix build and HiGHS solve (the solve
   includes the warm-start sample LP); the cold solve and the fixed-size LP are
   shown for comparison, and a variant with wider limits (PV ≤ 2,000 kWp,
   battery ≤ 2,000 kW / 8,000 kWh) where the warm start matters more.
2. Sites per minute of a sweep over ``--sites`` site files generated in a
   temporary folder from the bundled examples with varied load, sizes and
   coordinates, on a LocalCluster (2 single-threaded worker processes).
"""

from __future__ import annotations

import argparse
import copy
import statistics
import tempfile
import time
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from gridatlas.app.microgrid import sweep
from gridatlas.model.dispatch_lp import solve
from gridatlas.sources.site_files import bundled_site_names, load_site


def bench_lp(repeats: int) -> None:
    site = load_site("gd_two_shift_factory")
    periods = sorted({int(p) for p in np.unique(site.tariff.period)})
    print(
        f"sizing LP: site gd_two_shift_factory, 8760 h, tariff periods {periods}, "
        f"demand charge {site.tariff.demand_charge:g} 元/kW·月, DR hours {int(site.plant.dr.event_hours.sum()) if site.plant.dr else 0}"
    )
    wide = replace(
        site.limits, pv_kw=(0.0, 2000.0), battery_kw=(0.0, 2000.0), battery_kwh=(0.0, 8000.0)
    )
    for label, kwargs in (
        ("sizing, warm start", {"limits": site.limits}),
        ("sizing, cold", {"limits": site.limits, "warm_start": False}),
        ("wide limits, warm", {"limits": wide}),
        ("wide limits, cold", {"limits": wide, "warm_start": False}),
        ("fixed sizes", {"sizes": site.sizes}),
    ):
        builds, solves, totals = [], [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            d = solve(site.plant, **kwargs)  # type: ignore[arg-type]
            totals.append(time.perf_counter() - t0)
            builds.append(d.build_seconds)
            solves.append(d.solve_seconds)
        print(
            f"  {label:<20} median build {statistics.median(builds):.3f} s + solve "
            f"{statistics.median(solves):.3f} s = {statistics.median(totals):.3f} s "
            f"(min {min(totals):.3f}, max {max(totals):.3f}, n={repeats}); sizes {d.sizes}"
        )


def make_sites(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` site files varied from the bundled examples."""
    rng = np.random.default_rng(seed)
    src = resources.files("gridatlas.data").joinpath("microgrid", "sites")
    bases = [
        yaml.safe_load(src.joinpath(f"{name}.yaml").read_text("utf-8"))
        for name in bundled_site_names()
    ]
    for i in range(n):
        raw = copy.deepcopy(bases[i % len(bases)])
        k = float(rng.uniform(0.6, 1.4))
        raw["name"] = f"{raw['name']}_{i:03d}"
        raw["load"]["annual_kwh"] = round(raw["load"]["annual_kwh"] * k)
        raw["load"]["peak_kw"] = round(raw["load"]["peak_kw"] * k * float(rng.uniform(0.95, 1.05)))
        raw["latitude"] = round(raw["latitude"] + float(rng.uniform(-1, 1)), 2)
        raw["longitude"] = round(raw["longitude"] + float(rng.uniform(-1, 1)), 2)
        s = float(rng.uniform(0.5, 1.0))
        raw["pv"]["pv_kw"] = round(raw["pv"]["pv_kw"] * s)
        raw["battery"]["power_kw"] = round(raw["battery"]["power_kw"] * k)
        raw["battery"]["energy_kwh"] = round(
            raw["battery"]["power_kw"] * float(rng.choice([2.0, 2.0, 3.0]))
        )
        raw["battery"]["power_kw_max"] = max(
            raw["battery"]["power_kw_max"], raw["battery"]["power_kw"]
        )
        raw["battery"]["energy_kwh_max"] = max(
            raw["battery"]["energy_kwh_max"], raw["battery"]["energy_kwh"]
        )
        if "demand_response" in raw:
            raw["demand_response"]["committed_kw"] = round(
                min(raw["demand_response"]["committed_kw"] * k, raw["battery"]["power_kw"] * 0.8)
            )
        (folder / f"site_{i:03d}.yaml").write_text(
            yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8"
        )


def bench_sweep(n: int, optimize: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_sites(folder, n)
        t0 = time.perf_counter()
        rows = sweep(folder, optimize=optimize)
        dt = time.perf_counter() - t0
    errors = [r for r in rows if "error" in r]
    mode = "optimize" if optimize else "evaluate"
    print(
        f"sweep ({mode}): {len(rows)} sites in {dt:.1f} s on a local cluster → {len(rows) / dt * 60:.0f} sites/minute ({len(errors)} with input errors)"
    )
    for r in errors[:3]:
        print("   ", r["error"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--sites", type=int, default=200)
    ap.add_argument("--optimize-sweep", action="store_true")
    ap.add_argument("--skip-sweep", action="store_true")
    args = ap.parse_args()
    bench_lp(args.repeats)
    if not args.skip_sweep:
        bench_sweep(args.sites, args.optimize_sweep)


if __name__ == "__main__":
    main()
