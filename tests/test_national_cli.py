"""``gridatlas data sources|capacity|import-gas|import-storage``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gridatlas.app.data_overlay import gas_overlay
from gridatlas.cli import app
from gridatlas.core.errors import InputError
from gridatlas.sources.national import load_national

ROOT = Path(__file__).resolve().parents[1]
GAS = (
    ROOT.parent / "shared" / "data" / "gem" / "Global-Gas-Plant-Tracker-GGPT-February-2023-v2.xlsx"
)


@pytest.fixture(autouse=True)
def user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the user's own overlay folder out of the tests."""
    monkeypatch.setenv("GRIDATLAS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


def test_sources_json_is_one_document_listing_every_source() -> None:
    doc = json.loads(run("data", "sources", "-f", "json"))
    ids = {s["id"] for s in doc["sources"]}
    assert {"gem_coal", "gem_wind", "gem_hydro", "gem_nuclear", "nea_pv", "pik_consumption"} <= ids
    for s in doc["sources"]:
        assert s["licence"] and s["as_of"] and s["citation"] and s["rows"] > 0


def test_sources_table_in_chinese() -> None:
    assert "全国数据集来源" in run("data", "sources")


def test_capacity_json_shape() -> None:
    doc = json.loads(run("data", "capacity", "--year", "2023", "-f", "json"))
    assert doc["unit"] == "MW" and doc["year"] == 2023
    assert len(doc["provinces"]) == 31
    ah = doc["provinces"]["AH"]
    assert ah["gas"] == 1180.0  # seed 004 表22, 118 万千瓦
    assert ah["new_storage"] is None  # no source: missing, not zero
    assert ah["solar_utility"] == pytest.approx(12859.0)  # NEA 2023-12: 12.859 GW


def test_capacity_table_uses_wan_kw_and_chinese_names() -> None:
    out = run("data", "capacity", "--year", "2020")
    assert "万千瓦" in out and "安徽" in out


def test_capacity_year_outside_the_table_is_an_input_error() -> None:
    result = CliRunner().invoke(app, ["data", "capacity", "--year", "1999", "-f", "json"])
    assert isinstance(result.exception, InputError)
    assert result.stdout == ""


def test_storage_overlay_replaces_missing_values(tmp_path: Path, user_home: Path) -> None:
    f = tmp_path / "storage.csv"
    f.write_text("province,year,mw,source,as_of\n安徽,2023,1500,my survey,2024-01\nZJ,2023,900,,\n")
    CliRunner().invoke(app, ["data", "import-storage", str(f)])
    assert (user_home / "national" / "new_storage.csv").is_file()
    doc = json.loads(run("data", "capacity", "--year", "2023", "-f", "json"))
    assert doc["provinces"]["AH"]["new_storage"] == 1500.0
    assert doc["provinces"]["ZJ"]["new_storage"] == 900.0
    assert doc["provinces"]["SH"]["new_storage"] is None
    # the bundled dataset itself is unchanged
    assert load_national().capacity_in(2023)["AH"]["new_storage"] is None


def test_gas_import_from_the_users_own_tracker(user_home: Path) -> None:
    # importer test only: nothing from the gas tracker is bundled (CC BY-NC-SA 4.0)
    if not GAS.is_file():
        pytest.skip("../shared/data is not beside the repository")
    frame = gas_overlay(GAS)
    assert set(frame["technology"]) == {"gas"}
    assert len(frame["province"].unique()) == 31
    assert (frame["mw"] >= 0).all()
    by_year = frame.groupby("year")["mw"].sum()
    assert by_year.is_monotonic_increasing or by_year.diff().min() > -0.05 * by_year.max()
    run("data", "import-gas", str(GAS))
    doc = json.loads(run("data", "capacity", "--year", "2020", "-f", "json"))
    assert doc["provinces"]["GD"]["gas"] is not None and doc["provinces"]["GD"]["gas"] > 0


def test_peaks_json_for_every_province() -> None:
    doc = json.loads(run("data", "peaks", "--year", "2024", "-f", "json"))
    assert doc["unit"] == "MW" and len(doc["provinces"]) == 31
    data = load_national()
    cons = data.consumption
    e = float(cons.loc[(cons["province"] == "GD") & (cons["year"] == 2024), "mwh"].iloc[0])
    # identity: mean-normalised shape → peak = E / 8760 h × peak-to-mean ratio; the
    # stored shape has 4 significant digits, so its mean is 1 only to ~1e-5 (rel 1e-4)
    assert doc["provinces"]["GD"] == pytest.approx(e / 8760 * data.shape("GD").max(), rel=1e-4)


def test_cli_exits_2_without_traceback_on_a_bad_year() -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "gridatlas", "data", "capacity", "--year", "1990", "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and "--year" in proc.stderr
