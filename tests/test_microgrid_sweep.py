"""Sweep on a local Dask cluster."""

from __future__ import annotations

import shutil
from importlib import resources

import yaml

from gridatlas.app.microgrid import sweep


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
