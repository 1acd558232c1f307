"""Benchmark the scaling of the microgrid sweep: plain loop vs. one and two Dask workers.

Prints figures; asserts nothing. Run from the repository root:

    .venv/bin/python scripts/bench_sweep.py [--sites 20] [--repeats 3]

Each repeat writes ``--sites`` site files (varied from the bundled examples by
``bench_microgrid.make_sites``, a new seed per repeat so that no cache carries
over from one repeat to the next) into a temporary folder, then screens them

1. in a plain loop in this process (``screen_file`` one file after another,
   the process already warm: its imports were paid before timing);
2. with :func:`gridatlas.app.microgrid.sweep` on a LocalCluster of one
   single-threaded worker process;
3. the same on two worker processes.

Each cluster is started afresh per repeat; its start (including any worker
warm-up that :func:`gridatlas.app.microgrid.local_cluster` does) is timed
separately from the sweep itself (``sweep(..., scheduler=address)``, which
includes connecting the client). Ratios are of wall-clock medians within this
one run: ``1w/loop`` = loop time / one-worker time (1.0 = as fast as the loop),
``2w/1w`` = one-worker time / two-worker time. CPU seconds are given too (this
process: loop, scheduler and client; workers: ``time.process_time`` in each
worker process), and the load average, because the machine is shared. Each
sweep's results are compared with the loop's (order-independent).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_microgrid import make_sites

from gridatlas.app.microgrid import local_cluster, screen_file, site_files, sweep


def _key(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def _worker_cpu(client: Any) -> dict[str, float]:
    return {k: float(v) for k, v in client.run(time.process_time).items()}


def _run_cluster(
    folder: Path, n_workers: int
) -> tuple[float, float, float, list[float], list[dict[str, Any]]]:
    """(start s, sweep s, main-process CPU s, CPU s of each worker, rows) on a fresh cluster."""
    from dask.distributed import Client

    t0 = time.perf_counter()
    cluster = local_cluster(n_workers)
    start = time.perf_counter() - t0
    try:
        with Client(cluster) as probe:
            cpu_w0 = _worker_cpu(probe)
        c0 = time.process_time()
        t1 = time.perf_counter()
        rows = sweep(folder, scheduler=cluster.scheduler_address)
        wall = time.perf_counter() - t1
        cpu_main = time.process_time() - c0
        with Client(cluster) as probe:
            cpu_w = [v - cpu_w0[k] for k, v in _worker_cpu(probe).items()]
    finally:
        cluster.close()
    return start, wall, cpu_main, cpu_w, rows


def _cpu_bound(cpu_main: float, cpu_w: list[float]) -> float:
    """Shortest wall time the measured CPU allows on 2 idle cores. [s]"""
    return max([*cpu_w, (sum(cpu_w) + cpu_main) / min(2, os.cpu_count() or 1)])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    print(f"load average before: {os.getloadavg()}  cpus: {os.cpu_count()}", flush=True)
    warm = tempfile.TemporaryDirectory()  # warm this process: imports, first solve
    make_sites(Path(warm.name), 1, seed=1)
    screen_file(str(site_files(warm.name)[0]))
    warm.cleanup()
    loop_t: list[float] = []
    loop_cpu: list[float] = []
    res: dict[int, dict[str, list[float]]] = {
        n: {"start": [], "wall": [], "cpu_main": [], "cpu_w": [], "bound": []} for n in (1, 2)
    }
    for rep in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            make_sites(folder, args.sites, seed=100 + rep)
            paths = [str(p) for p in site_files(folder)]
            c0 = time.process_time()
            t0 = time.perf_counter()
            ref = [screen_file(p) for p in paths]
            loop_t.append(time.perf_counter() - t0)
            loop_cpu.append(time.process_time() - c0)
            line = f"repeat {rep + 1}: loop {loop_t[-1]:.2f} s (cpu {loop_cpu[-1]:.2f})"
            for n in (1, 2):
                start, wall, cpu_main, cpu_w, rows = _run_cluster(folder, n)
                same = _key(rows) == _key(ref)
                r = res[n]
                r["start"].append(start)
                r["wall"].append(wall)
                r["cpu_main"].append(cpu_main)
                r["cpu_w"].append(sum(cpu_w))
                r["bound"].append(_cpu_bound(cpu_main, cpu_w))
                each = "+".join(f"{c:.2f}" for c in cpu_w)
                line += (
                    f" | {n}w start {start:.2f} s, sweep {wall:.2f} s (cpu main {cpu_main:.2f}, "
                    f"workers {each}){'' if same else ' RESULTS DIFFER'}"
                )
            print(line, f"| load {os.getloadavg()[0]:.2f}", flush=True)
    med = statistics.median
    lt, w1, w2 = med(loop_t), med(res[1]["wall"]), med(res[2]["wall"])
    print(f"\n{args.sites} sites, median of {args.repeats} repeats (wall s; cpu s):")
    print(f"  plain loop    wall {lt:6.2f}   cpu {med(loop_cpu):6.2f}")
    for n, w in ((1, w1), (2, w2)):
        r = res[n]
        print(
            f"  {n} worker(s)   wall {w:6.2f}   cpu workers {med(r['cpu_w']):6.2f}, main "
            f"{med(r['cpu_main']):5.2f}; cluster start (incl. warm-up) {med(r['start']):.2f} s"
        )
    print("  wall-clock ratios (valid only on an idle machine):")
    print(f"    1w vs loop speed   {lt / w1:.2f}x   (target >= 0.95)")
    print(f"    2w vs 1w speed     {w1 / w2:.2f}x   (target >= 1.85)")
    b1, b2, lc = med(res[1]["bound"]), med(res[2]["bound"]), med(loop_cpu)
    print("  CPU-time ratios (idle-machine estimate: wall >= busiest worker's CPU and")
    print("  >= (all workers' + this process's CPU) / cores; ignores waiting between tasks):")
    print(f"    1w vs loop speed   {lc / b1:.2f}x   (loop cpu {lc:.2f} / 1w bound {b1:.2f})")
    print(f"    2w vs 1w speed     {b1 / b2:.2f}x   (1w bound {b1:.2f} / 2w bound {b2:.2f})")
    print(f"  2w throughput        {args.sites / w2 * 60:.0f} sites/min (sweep only, wall)")
    print(
        f"  2w end to end        {args.sites / (w2 + med(res[2]['start'])) * 60:.0f} sites/min "
        "(cluster start + sweep, wall)"
    )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
