"""The atlas's LOLE/EUE layer: computed once in the background, 202 until then, then the
same numbers as ``gridatlas adequacy national``.

The real run uses few samples (``SAMPLES``; the same count in the other web tests, so one
pytest process computes it once); the pending state is tested with a stand-in run held
at a gate, so no test waits for the 200-sample run.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gridatlas.app import atlas_adequacy as aa
from gridatlas.app.jobs import JobPool, QueueFull
from gridatlas.cli import app as cli_app
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import label
from gridatlas.web.app import create_app

#: Sample years of the real test run (the web tests share it; ≥ 2 is required).
SAMPLES = 4
#: Sample count of the stand-in runs: a key of their own, so a real run finishing in the
#: background (another app of this process) never answers for them.
FAKE_SAMPLES = 3


def wait_done(client: TestClient, params: dict[str, str], tries: int = 1200) -> Any:
    for _ in range(tries):
        r = client.get("/api/v1/atlas", params=params)
        if r.status_code == 200:
            return r
        # 202 while the run is queued or running; 429 while other jobs fill the queue
        assert r.status_code in (202, 429), r.text
        time.sleep(0.1)
    raise AssertionError("the LOLE layer did not finish")


@pytest.fixture
def gated(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """An empty result cache and a stand-in run that waits for the gate."""
    gate = threading.Event()
    calls: list[int] = []

    def fake(
        year: int, samples: int, seed: int, progress: Callable[[float], None] | None = None
    ) -> aa.AtlasAdequacy:
        calls.append(samples)
        assert gate.wait(30)
        out = aa.AtlasAdequacy(
            year=year,
            samples=samples,
            seed=seed,
            seconds=0.0,
            provinces={"AH": aa.ProvinceLole(1.25, 0.5, 300.0, 40.0)},
            system_lole_h=1.25,
            system_eue_mwh=300.0,
            sources=("stand-in",),
        )
        aa._results[(year, samples, seed)] = out
        return out

    monkeypatch.setattr(aa, "_results", {})
    monkeypatch.setattr(aa, "compute", fake)
    yield gate
    gate.set()
    assert calls == [FAKE_SAMPLES]  # one run, however often the layer was asked for


def test_lole_layer_is_202_until_the_background_run_is_done(
    gated: threading.Event, tmp_path: Path
) -> None:
    with TestClient(create_app(tmp_path / "s.sqlite", adequacy_samples=FAKE_SAMPLES)) as client:
        params = {"metric": "lole", "lang": "en"}
        for _ in range(3):  # asking again does not start another run
            r = client.get("/api/v1/atlas", params=params)
            assert r.status_code == 202
            body = r.json()
            assert body["status"] in ("queued", "running")
            assert all(tile["value"] is None for tile in body["tiles"])
            assert body["unit"] == "h/yr" and body["year"] == aa.YEAR
            assert body["source"] is None
        job = client.get(body["job"]["url"]).json()
        assert job["kind"] == "atlas-adequacy" and job["status"] in ("queued", "running")
        # the other metrics do not wait for it
        assert client.get("/api/v1/atlas", params={"metric": "reserve_margin"}).status_code == 200
        gated.set()
        done = wait_done(client, params).json()
        assert done["status"] == "done" and done["samples"] == FAKE_SAMPLES
        tiles = {t["code"]: t for t in done["tiles"]}
        assert tiles["AH"]["value"] == 1.25
        assert tiles["AH"]["detail"] == {
            "lole_se": 0.5,
            "eue_mwh": 300.0,
            "eue_se": 40.0,
            "eue_unit": "MWh/yr",
        }
        assert tiles["ZJ"]["value"] is None  # not in the run: no data, never zero
        assert f"{FAKE_SAMPLES} sample years" in done["source"]
        assert done["source"].startswith("gridatlas model result")
        assert done["caveat"] == label("atlas_adequacy_caveat", "en")


def test_the_run_can_start_with_the_server(gated: threading.Event, tmp_path: Path) -> None:
    app = create_app(tmp_path / "s.sqlite", adequacy_samples=FAKE_SAMPLES, adequacy_at_start=True)
    with TestClient(app) as client:
        assert client.app.state.adequacy.started  # type: ignore[attr-defined]
        gated.set()
        done = wait_done(client, {"metric": "lole"}).json()
        assert done["status"] == "done"


def test_on_demand_by_default(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.sqlite", adequacy_samples=FAKE_SAMPLES)) as client:
        assert not client.app.state.adequacy.started  # type: ignore[attr-defined]


def test_a_full_job_queue_is_429_then_the_run_starts(
    gated: threading.Event, tmp_path: Path
) -> None:
    app = create_app(tmp_path / "s.sqlite", workers=1, queue=0, adequacy_samples=FAKE_SAMPLES)
    with TestClient(app) as client:
        gate = threading.Event()
        client.app.state.jobs.submit("block", lambda p: gate.wait(30))  # type: ignore[attr-defined]
        r = client.get("/api/v1/atlas", params={"metric": "lole"})
        assert r.status_code == 429 and r.headers["content-type"] == "application/problem+json"
        assert r.headers["retry-after"]
        gate.set()
        gated.set()
        assert wait_done(client, {"metric": "lole"}).json()["status"] == "done"


def test_a_failed_run_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: object, **kwargs: object) -> aa.AtlasAdequacy:
        raise RuntimeError("no system")

    monkeypatch.setattr(aa, "_results", {})
    monkeypatch.setattr(aa, "compute", broken)
    with TestClient(create_app(tmp_path / "s.sqlite", adequacy_samples=FAKE_SAMPLES)) as client:
        body = wait_done(client, {"metric": "lole"}).json()
        assert body["status"] == "failed" and "no system" in body["error"]
        assert all(tile["value"] is None for tile in body["tiles"])


def test_a_busy_pool_answers_queue_full_and_a_later_call_starts_the_run(
    gated: threading.Event,
) -> None:
    pool = JobPool(workers=1, queue=0)
    gate = threading.Event()
    pool.submit("block", lambda p: gate.wait(30))  # the pool is busy and its queue full
    jobs = aa.AdequacyJobs(pool, samples=FAKE_SAMPLES)
    with pytest.raises(QueueFull):  # the API answers 429
        jobs.state()
    gate.set()
    for _ in range(100):
        try:
            state = jobs.state()
            break
        except QueueFull:
            time.sleep(0.05)
    assert state.status in ("queued", "running") and state.job is not None
    gated.set()
    for _ in range(200):
        if jobs.state().status == "done":
            break
        time.sleep(0.05)
    assert jobs.state().status == "done" and jobs.state().result is not None
    pool.shutdown()


def test_create_app_refuses_too_few_samples(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        create_app(tmp_path / "s.sqlite", adequacy_samples=1)


def test_lole_layer_equals_the_cli(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "s.sqlite", adequacy_samples=SAMPLES)) as client:
        body = wait_done(client, {"metric": "lole"}).json()
    assert body["status"] == "done" and body["samples"] == SAMPLES
    out = CliRunner().invoke(
        cli_app,
        [
            "adequacy",
            "national",
            "--year",
            str(aa.YEAR),
            "--samples",
            str(SAMPLES),
            "--firm-samples",
            "0",
            "-f",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    cli = json.loads(out.stdout)
    assert (cli["year"], cli["samples"], cli["seed"]) == (aa.YEAR, SAMPLES, aa.SEED)
    tiles = {t["code"]: t for t in body["tiles"]}
    assert len(cli["regions"]) == 31
    for row in cli["regions"]:
        tile = tiles[row["province"]]
        assert tile["value"] == row["lole_h"]
        assert tile["detail"]["lole_se"] == row["lole_se"]
        assert tile["detail"]["eue_mwh"] == row["eue_mwh"]
        assert tile["detail"]["eue_se"] == row["eue_se"]
        # identities of the metrics: an hour short is unserved energy, and a year has 8760 h
        assert 0.0 <= row["lole_h"] <= 8760.0
        assert (row["lole_h"] == 0.0) == (row["eue_mwh"] == 0.0)
    assert tiles["HMT"]["value"] is None
    assert f"{SAMPLES} 个抽样年" in body["source"]
