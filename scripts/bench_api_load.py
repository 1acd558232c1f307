"""Load benchmark of the web API (a benchmark, not a test): figures are printed.

Starts ``gridatlas serve`` (uvicorn, one process) on a free loopback port with a
throw-away scenario database, then runs CLIENTS concurrent clients for SECONDS
seconds, each looping over a mix of endpoints. Bounded in time and count; only
127.0.0.1 is contacted. Prints requests, errors (any non-2xx or transport
error), throughput and p50/p95 latency overall and per endpoint.

    .venv/bin/python scripts/bench_api_load.py [--clients 100] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

MIX: list[tuple[str, str, str, dict[str, object] | None]] = [
    ("cases", "GET", "/api/v1/cases", None),
    ("balance", "GET", "/api/v1/cases/anhui/balance", None),
    (
        "balance+overrides",
        "POST",
        "/api/v1/cases/zhejiang/balance",
        {"overrides": {"peak_growth": {"neutral": {"2027": 0.08}}}},
    ),
    ("atlas", "GET", "/api/v1/atlas?year=2026", None),
    ("region", "GET", "/api/v1/regions/GD", None),
    ("search", "GET", "/api/v1/search?q=%E8%99%9A%E6%8B%9F%E7%94%B5%E5%8E%82", None),
    ("recommend", "GET", "/api/v1/recommend?role=investor&top=5", None),
    ("simulate", "POST", "/api/v1/cases/sichuan/simulate", {"draws": 2000}),
    ("page", "GET", "/", None),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def client(
    c: httpx.AsyncClient,
    start: int,
    deadline: float,
    lat: dict[str, list[float]],
    errors: dict[str, list[str]],
) -> None:
    i = start
    while time.perf_counter() < deadline:
        name, method, path, body = MIX[i % len(MIX)]
        i += 1
        t0 = time.perf_counter()
        try:
            r = await c.request(method, path, json=body)
            ok = 200 <= r.status_code < 300
            why = f"HTTP {r.status_code}"
        except httpx.HTTPError as exc:
            ok, why = False, type(exc).__name__
        lat[name].append(time.perf_counter() - t0)
        if not ok:
            errors[name].append(why)


async def run(base: str, clients: int, seconds: float) -> None:
    lat: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60.0, limits=limits) as c:
        for _name, method, path, body in MIX:  # warm caches once, outside the timing
            await c.request(method, path, json=body)
        t0 = time.perf_counter()
        deadline = t0 + seconds
        await asyncio.gather(*(client(c, k, deadline, lat, errors) for k in range(clients)))
        wall = time.perf_counter() - t0
    every = [x for v in lat.values() for x in v]
    n_err = sum(len(v) for v in errors.values())

    def q(xs: list[float], p: float) -> float:
        return statistics.quantiles(xs, n=100)[int(p) - 1] * 1000 if len(xs) > 1 else xs[0] * 1000

    load = os.getloadavg()[0]
    print(f"machine load average (1 min) at the end: {load:.1f} on {os.cpu_count()} cores")
    print(f"clients {clients}, {wall:.1f} s, {len(every)} requests, {len(every) / wall:.0f} req/s")
    print(f"errors {n_err}" + ("" if not n_err else f": {dict(errors)}"))
    print(f"all         p50 {q(every, 50):7.1f} ms   p95 {q(every, 95):7.1f} ms")
    for name, _, _, _ in MIX:
        xs = lat[name]
        print(f"{name:18s} n={len(xs):5d}  p50 {q(xs, 50):7.1f} ms   p95 {q(xs, 95):7.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        server = subprocess.Popen(
            [sys.executable, "-m", "gridatlas.cli.serve", "--port", str(port), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    httpx.get(base + "/api/v1/cases", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            print(f"machine load average (1 min) at the start: {os.getloadavg()[0]:.1f}")
            asyncio.run(run(base, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
