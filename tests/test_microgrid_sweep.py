"""Sweep on a local Dask cluster."""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources

import yaml
from dask.distributed import Client

from gridatlas.app import sweep_worker
from gridatlas.app.microgrid import local_cluster, screen_file, site_files, sweep


def test_three_site_sweep_on_local_dask_cluster(tmp_path):
    src = resources.files("gridatlas.data").joinpath("microgrid", "sites")
    for name in ("gd_two_shift_factory", "zj_cold_store"):
        with resources.as_file(src.joinpath(f"{name}.yaml")) as p:
            shutil.copy(p, tmp_path / f"{name}.yaml")
    bad = yaml.safe_load(src.joinpath("js_ev_charging.yaml").read_text("utf-8"))
    bad["battery"]["energy_kwh"] = 0
    (tmp_path / "zz_bad.yaml").write_text(yaml.safe_dump(bad, allow_unicode=True), encoding="utf-8")
    seen: list[int] = []
    rows = sweep(tmp_path, progress=lambda done, total: seen.append(done))
    assert [r.get("site") for r in rows[:2]] == ["gd_two_shift_factory", "zj_cold_store"]
    assert "battery.energy_kwh" in rows[2]["error"]
    assert seen == [1, 2, 3]
    assert all(r["currency"] == "CNY" and r["npv"] is not None for r in rows[:2])


def test_sweep_on_warm_local_cluster_equals_plain_loop(tmp_path, monkeypatch):
    """Two workers give the plain loop's results (any order), and run as the loop's process does."""
    src = resources.files("gridatlas.data").joinpath("microgrid", "sites")
    for name in ("sh_commercial_building", "zj_cold_store", "js_ev_charging"):
        raw = yaml.safe_load(src.joinpath(f"{name}.yaml").read_text("utf-8"))
        raw["latitude"] = round(raw["latitude"] + 0.37, 2)  # a location no earlier test cached
        (tmp_path / f"{name}.yaml").write_text(
            yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8"
        )
    loop = [screen_file(str(p)) for p in site_files(tmp_path)]
    # what an earlier Dask cluster in this process leaves behind must not reach these workers
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    cluster = local_cluster(2)
    try:
        with Client(cluster) as client:
            state = client.run(
                lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), sweep_worker._warm)
            )
        rows = sweep(tmp_path, scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"
    assert list(state.values()) == [(None, True), (None, True)]

    def key(rs: list[dict]) -> list[str]:
        return sorted(json.dumps(r, sort_keys=True) for r in rs)

    assert all("error" not in r for r in loop)
    assert key(rows) == key(loop)
