"""``gridatlas adequacy``: JSON shape, ELCC command, bad system files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from gridatlas.core.errors import InputError
from gridatlas.sources.system_files import load_system

SMALL = {
    "name": "two-area",
    "hours": 3,
    "regions": [
        {"name": "North", "load_mw": "north"},
        {"name": "South", "load_mw": [50, 60, 70]},
    ],
    "profiles": "profiles.csv",
    "units": [
        {
            "name": "coal",
            "region": "North",
            "count": 2,
            "capacity_mw": 60,
            "forced_outage_rate": 0.1,
            "mttr_h": 10,
        },
        {"name": "gas", "region": "South", "capacity_mw": 80, "mttf_h": 500, "mttr_h": 20},
    ],
    "variable": [
        {"name": "pv", "region": "South", "kind": "solar", "capacity_mw": 20, "profile": "pv"}
    ],
    "hydro": [
        {
            "name": "dam",
            "region": "North",
            "capacity_mw": 10,
            "period_hours": 24,
            "energy_mwh": {"dry": [15]},
        }
    ],
    "storage": [
        {"name": "bess", "region": "South", "power_mw": 10, "energy_mwh": 20, "initial_soc": 1.0}
    ],
    "interfaces": [
        {
            "name": "tie",
            "from_region": "North",
            "to_region": "South",
            "limit_forward_mw": 30,
            "limit_backward_mw": 20,
        }
    ],
}


def _write(folder: Path, raw: dict, csv_text: str = "north,pv\n90,0\n100,0.5\n95,1\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "system.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    (folder / "profiles.csv").write_text(csv_text, encoding="utf-8")
    return folder / "system.yaml"


def test_json_has_the_documented_shape(cli) -> None:
    runner, app = cli
    out = runner.invoke(
        app, ["adequacy", "ieee-rts79", "--samples", "600", "--seed", "1", "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert (doc["system"], doc["samples"], doc["seed"], doc["unit_energy"]) == (
        "ieee-rts79",
        600,
        1,
        "MWh",
    )
    for area in (doc["regions"]["RTS"], doc["system_total"]):
        assert set(area) == {"lole", "lold", "eue", "neue", "lolf"}
        assert area["lole"]["value"] > 0 and area["lole"]["stderr"] > 0
    # the explicit subcommand gives the same document
    again = runner.invoke(
        app, ["adequacy", "run", "ieee-rts79", "--samples", "600", "--seed", "1", "-f", "json"]
    )
    assert json.loads(again.stdout) == doc


def test_elcc_json(cli) -> None:
    runner, app = cli
    out = runner.invoke(
        app,
        [
            "adequacy",
            "elcc",
            "ieee-rts79",
            "--resource",
            "thermal",
            "--mw",
            "100",
            "--forced-outage-rate",
            "0.08",
            "--mttr",
            "100",
            "--metric",
            "lole",
            "--samples",
            "256",
            "-f",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["metric"] == "lole" and doc["tolerance_mw"] == pytest.approx(1.0)
    assert 0 < doc["efc_mw"] <= 100 and 0 < doc["elcc_mw"] <= 100


def test_a_system_folder_runs_and_is_reproducible(tmp_path: Path, cli) -> None:
    path = _write(tmp_path / "sys", SMALL)
    system = load_system(path.parent)
    assert system.regions[0].load_mw == [90, 100, 95]
    runner, app = cli
    args = ["adequacy", str(path), "--samples", "300", "--seed", "4", "-f", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == json.loads(runner.invoke(app, args).stdout)
    assert set(json.loads(first.stdout)["regions"]) == {"North", "South"}


@pytest.mark.parametrize(
    ("change", "field", "expected"),
    [
        (lambda r: r["units"][0].update(capacity_mw=-5), "units[coal].capacity_mw", "> 0"),
        (lambda r: r["units"][0].update(region="East"), "", "region 'East'"),
        (lambda r: r["regions"][0].update(load_mw="nope"), "regions[North].load_mw", "column"),
        (
            lambda r: r["storage"][0].update(charge_efficiency=1.5),
            "storage[bess].charge_efficiency",
            "≤ 1",
        ),
        (lambda r: r["units"][1].pop("mttr_h"), "units[gas]", "mttr_h"),
        (lambda r: r.update(colour="red"), "colour", "known field"),
    ],
)
def test_bad_files_give_one_input_error(tmp_path: Path, change, field: str, expected: str) -> None:
    raw = json.loads(json.dumps(SMALL))
    change(raw)
    path = _write(tmp_path / "bad", raw)
    with pytest.raises(InputError) as info:
        load_system(path)
    assert info.value.source == str(path)
    assert info.value.field == field
    assert expected in str(info.value)


def test_bad_csv_names_the_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "csv", SMALL, "north,pv\n90,0\n100,x\n95,1\n")
    with pytest.raises(InputError, match=r"profiles.csv: pv, line 3: expected a number"):
        load_system(path)
    path = _write(tmp_path / "short", SMALL, "north,pv\n90,0\n100,0.5\n")
    with pytest.raises(InputError, match="load_mw has 2 values; expected 3"):
        load_system(path)


def test_cli_bad_file_exits_2_without_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    raw = json.loads(json.dumps(SMALL))
    raw["units"][0]["count"] = 0
    path = _write(tmp_path / "cli", raw)
    proc = subprocess.run(
        [sys.executable, "-m", "gridatlas", "adequacy", str(path), "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "units[coal].count" in proc.stderr and "Traceback" not in proc.stderr


def test_xlsx_and_table_outputs(tmp_path: Path, cli) -> None:
    from openpyxl import load_workbook

    runner, app = cli
    target = tmp_path / "rts.xlsx"
    out = runner.invoke(
        app,
        ["adequacy", "ieee-rts79", "-n", "300", "-f", "xlsx", "-o", str(target), "--lang", "en"],
    )
    assert out.exit_code == 0, out.output
    wb = load_workbook(target)
    assert wb.sheetnames == ["metrics", "lol_month_hour", "eue_month_hour"]
    rows = list(wb["metrics"].iter_rows(values_only=True))
    assert rows[0][1].startswith("loss of load expectation") and rows[1][0] == "RTS"
    table = runner.invoke(app, ["adequacy", "ieee-rts79", "-n", "300"])
    assert table.exit_code == 0 and "全系统" in table.stdout


def test_elcc_bad_input(cli) -> None:
    runner, app = cli
    out = runner.invoke(
        app,
        ["adequacy", "elcc", "ieee-rts79", "--resource", "firm", "--mw", "50", "--region", "Mars"],
    )
    assert out.exit_code != 0
    assert isinstance(out.exception, InputError) and "--region" in str(out.exception)
    solar = runner.invoke(
        app, ["adequacy", "elcc", "ieee-rts79", "--resource", "solar", "--mw", "50"]
    )
    assert isinstance(solar.exception, InputError) and "--profile" in str(solar.exception)
