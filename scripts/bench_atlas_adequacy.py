"""Speed of the atlas's background LOLE/EUE run (figures are printed, not asserted).

Through the API in one process: the time of the first ``GET /api/v1/atlas?metric=lole``
(it only starts the job: 202), the time until the layer is done (200), the job's own
``seconds`` (system build + Monte Carlo), the time of a cached answer, and the latency of
another layer (``reserve_margin``) while the job runs against after it (the ratio shows
what the run costs the other requests).

Run from the repository root:
``.venv/bin/python scripts/bench_atlas_adequacy.py [SAMPLES]`` (default: the server's 200).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from gridatlas.app.atlas_adequacy import SAMPLES
from gridatlas.web.app import create_app


def _ms(client: TestClient, params: dict[str, str]) -> tuple[float, int]:
    t0 = time.perf_counter()
    r = client.get("/api/v1/atlas", params=params)
    return (time.perf_counter() - t0) * 1000.0, r.status_code


def main(samples: int = SAMPLES) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Path(tmp) / "s.sqlite", adequacy_samples=samples)
        with TestClient(app) as client:
            client.get("/api/v1/atlas", params={"metric": "reserve_margin"})  # warm the cases
            t0 = time.perf_counter()
            first_ms, first_status = _ms(client, {"metric": "lole"})
            busy: list[float] = []
            status = first_status
            while status == 202:
                ms, _ = _ms(client, {"metric": "reserve_margin", "year": "2025"})
                busy.append(ms)
                time.sleep(0.2)
                _, status = _ms(client, {"metric": "lole"})
            total = time.perf_counter() - t0
            body = client.get("/api/v1/atlas", params={"metric": "lole"}).json()
            cached_ms = statistics.median(_ms(client, {"metric": "lole"})[0] for _ in range(10))
            idle = [_ms(client, {"metric": "reserve_margin", "year": "2025"})[0] for _ in range(10)]
    print(f"samples {samples}: first request {first_ms:.0f} ms (HTTP {first_status})")
    print(f"until done: {total:.1f} s wall; the job's own run {body['seconds']:.1f} s")
    print(f"cached answer: {cached_ms:.0f} ms (median of 10)")
    if busy:
        b, i = statistics.median(busy), statistics.median(idle)
        print(
            f"reserve_margin layer during the run {b:.0f} ms, after {i:.0f} ms "
            f"(ratio {b / i:.1f}, medians of {len(busy)} and {len(idle)})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES)
