"""Site files: bad input gives one clear error naming file and field; Excel round trip."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest
import typer
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from gridatlas.cli.microgrid import register
from gridatlas.core.errors import InputError
from gridatlas.reports.site_template import write_site_xlsx
from gridatlas.sources.site_files import (
    load_site,
    read_site_raw,
    read_site_xlsx,
    site_from_raw,
    template_yaml,
)


@pytest.fixture(scope="module")
def base() -> dict:
    return yaml.safe_load(template_yaml())


def _err(raw: dict, tmp: Path | None = None) -> InputError:
    with pytest.raises(InputError) as exc:
        site_from_raw(raw, "site.yaml", tmp)
    return exc.value


def _write_csv(path: Path, values: list[str]) -> None:
    path.write_text("kw\n" + "\n".join(values) + "\n", encoding="utf-8")


def test_template_is_a_valid_site(base):
    site = site_from_raw(base, "template")
    assert site.load.size == 8760 and site.load.max() == pytest.approx(1500.0)


def test_profile_of_wrong_length(base):
    raw = copy.deepcopy(base)
    raw["load"] = {"profile_kw": [1.0] * 100}
    e = _err(raw)
    assert (e.source, e.field) == ("site.yaml", "load.profile_kw")
    assert "8760" in e.expected


def test_profile_with_negative_and_missing_values(base, tmp_path):
    raw = copy.deepcopy(base)
    values = [10.0] * 8760
    values[42] = -1.0
    raw["load"] = {"profile_kw": values}
    e = _err(raw)
    assert e.field == "load.profile_kw[42]" and "≥ 0" in e.expected
    values[42] = None  # type: ignore[call-overload]
    e = _err(raw)
    assert e.field == "load.profile_kw[42]" and "missing" in e.expected
    rows = ["10"] * 8760
    rows[99] = ""
    _write_csv(tmp_path / "load.csv", rows)
    raw["load"] = {"profile_csv": "load.csv"}
    e = _err(raw, tmp_path)
    assert e.source.endswith("load.csv") and e.field == "row 101"
    _write_csv(tmp_path / "short.csv", ["10"] * 8000)
    raw["load"] = {"profile_csv": "short.csv"}
    e = _err(raw, tmp_path)
    assert "8760" in e.expected and e.got == "8000 rows"


def test_tariff_periods_must_cover_24_hours(base):
    raw = copy.deepcopy(base)
    raw["tariff"]["schedule"][1]["periods"]["flat"] = "8-10,12-14,19-23"
    e = _err(raw)
    assert e.field == "tariff.schedule[1].periods"
    assert "24 hours" in e.expected and "23" in str(e.got)


def test_tariff_months_must_be_covered(base):
    raw = copy.deepcopy(base)
    raw["tariff"]["schedule"][0]["months"] = "1-6,10-11"
    e = _err(raw)
    assert e.field == "tariff.schedule" and "12" in str(e.got)


def test_battery_with_power_but_no_energy(base):
    raw = copy.deepcopy(base)
    raw["battery"]["energy_kwh"] = 0
    e = _err(raw)
    assert e.field == "battery.energy_kwh" and "power_kw > 0" in e.expected


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("pv", "pv_kw_min"), 5000, "pv.pv_kw_min"),
        (("pv", "pv_kw"), 5000, "pv.pv_kw"),
        (("load", "annual_kwh"), 2e7, "load.annual_kwh"),
        (("demand_response", "committed_kw"), 5000, "demand_response.committed_kw"),
        (("battery", "duration_h_max"), 0.5, "battery.duration_h_max"),
    ],
)
def test_infeasible_limits(base, path, value, field):
    raw = copy.deepcopy(base)
    raw[path[0]][path[1]] = value
    e = _err(raw)
    assert e.field == field, e


def test_unknown_field_and_bad_type(base):
    raw = copy.deepcopy(base)
    raw["battery"]["capacity"] = 3
    assert _err(raw).field == "battery.capacity"
    raw = copy.deepcopy(base)
    raw["pv"]["tilt_deg"] = "steep"
    assert _err(raw).field == "pv.tilt_deg"


def test_bundled_names_and_paths(tmp_path):
    raw, origin, _ = read_site_raw("gd_two_shift_factory")
    assert origin == "bundled:gd_two_shift_factory"
    with pytest.raises(InputError) as exc:
        load_site("no_such_site")
    assert exc.value.field == "SITE"
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_site(path).name == "gd_two_shift_factory"


def test_excel_template_round_trip(base, tmp_path):
    target = tmp_path / "t.xlsx"
    write_site_xlsx(base, target)
    raw = read_site_xlsx(target)
    a, b = site_from_raw(base, "yaml"), site_from_raw(raw, str(target))
    assert np.array_equal(a.tariff.price, b.tariff.price)
    assert np.allclose(a.load, b.load) and a.sizes == b.sizes
    assert b.spec.demand_response is not None and b.spec.demand_response.event_months == [7, 8, 9]


def test_excel_hour_gap_is_reported(base, tmp_path):
    target = tmp_path / "t.xlsx"
    write_site_xlsx(base, target)
    wb = load_workbook(target)
    ws = wb[next(n for n in wb.sheetnames if n.endswith("tariff_schedule"))]
    ws["F2"] = None  # hour 4 of the first rule
    wb.save(target)
    with pytest.raises(InputError) as exc:
        site_from_raw(read_site_xlsx(target), str(target))
    assert exc.value.field == "tariff.schedule[0].periods" and "4" in str(exc.value.got)
    ws["F2"] = "午夜"
    wb.save(target)
    with pytest.raises(InputError) as exc:
        read_site_xlsx(target)
    assert exc.value.field.endswith("tariff_schedule!F2")


def test_cli_bad_input_is_one_line_exit_2(base, tmp_path):
    raw = copy.deepcopy(base)
    raw["battery"]["energy_kwh"] = 0
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    app = typer.Typer()
    register(app)
    app.callback()(lambda: None)
    result = CliRunner().invoke(app, ["microgrid", "evaluate", str(path)])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)
    assert str(result.exception).startswith(f"{path}: battery.energy_kwh: expected")
