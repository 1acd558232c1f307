"""Microgrid economics by province: tariff files, placing archetypes, screening, the index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from gridatlas.app.microgrid import evaluate, screen_raw
from gridatlas.app.opportunity import assess, balance_results, economics_by_province
from gridatlas.app.province_economics import bundled_economics, provincial_economics, tariffs
from gridatlas.cli import app
from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.domain.microgrid import TariffSpec
from gridatlas.domain.province_screen import Location, fits_archetypes, placed_site, voltage_range
from gridatlas.reports.economics_report import economics_json
from gridatlas.sources.site_files import bundled_site_names, read_site_raw, read_tariff_raw

HOME = {  # bundled site -> its own tariff (the tariff's DR terms are the site's)
    "zj_cold_store": "zhejiang_industrial_10kv",
    "sh_commercial_building": "shanghai_commercial_10kv",
    "js_ev_charging": "jiangsu_commercial_10kv",
    "gd_two_shift_factory": "guangdong_industrial_10kv",
    "gd_data_centre": "guangdong_industrial_10kv",
}


def _tariff(name: str) -> TariffSpec:
    return TariffSpec.model_validate(read_tariff_raw(name)[0])


def _tariff_raw(name: str) -> dict[str, Any]:
    return dict(read_tariff_raw(name)[0])


@pytest.mark.parametrize("site", sorted(HOME))
def test_placing_an_archetype_at_home_changes_nothing(site: str) -> None:
    # identity: same province, same coordinates and its own tariff (whose DR terms are the
    # site's) must give the bundled site's own screening, to the last yuan
    raw = read_site_raw(site)[0]
    spec = _tariff(HOME[site])
    prov = find_province(raw["province"])
    assert prov is not None
    here = Location(prov.code, "site", raw["latitude"], raw["longitude"])
    placed = screen_raw(placed_site(raw, spec, prov, here), f"test:{site}")
    own = evaluate(site, sensitivity=False)
    assert placed["npv"] == pytest.approx(own.metrics.npv, rel=1e-9, abs=1e-3)
    assert placed["irr"] == pytest.approx(own.metrics.irr, abs=1e-5)  # JSON keeps 5 decimals


def test_placing_keeps_the_commitment_and_takes_the_province_terms() -> None:
    raw = read_site_raw("zj_cold_store")[0]
    gd = _tariff("guangdong_industrial_10kv")
    prov = find_province("广东")
    assert prov is not None and gd.demand_response is not None
    placed = placed_site(raw, gd, prov, Location("GD", "广州", 23.13, 113.26))
    dr = placed["demand_response"]
    assert dr["committed_kw"] == raw["demand_response"]["committed_kw"]
    assert dr["shed_kw_max"] == raw["demand_response"]["shed_kw_max"]
    assert dr["compensation_unit"] == gd.demand_response.compensation_unit == "yuan_per_kwh"
    assert dr["price"] == gd.demand_response.price
    assert (placed["latitude"], placed["longitude"]) == (23.13, 113.26)
    assert placed["pv"]["specific_yield_kwh_per_kwp"] == raw["pv"]["specific_yield_kwh_per_kwp"]
    # a province without DR terms: no DR income at all
    no_terms = gd.model_copy(update={"demand_response": None})
    assert "demand_response" not in placed_site(raw, no_terms, prov, Location("GD", "", 23, 113))
    assert raw["demand_response"]["price"] == 5  # the archetype itself is not changed


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1-10kV", (1.0, 10.0)),
        ("10kV", (10.0, 10.0)),
        ("35 kV", (35.0, 35.0)),
        ("10～20千伏", None),
        ("20-10kV", (10.0, 20.0)),
        ("不满1千伏", None),
        (None, None),
    ],
)
def test_voltage_range(text: str | None, want: tuple[float, float] | None) -> None:
    assert voltage_range(text) == want


def test_which_tariffs_fit_the_archetypes() -> None:
    zj = _tariff("zhejiang_industrial_10kv")
    assert fits_archetypes(zj)
    assert not fits_archetypes(zj.model_copy(update={"voltage": "35kV"}))
    assert not fits_archetypes(zj.model_copy(update={"user_class": "residential"}))
    assert not fits_archetypes(zj.model_copy(update={"user_class": None}))


def test_bundled_economics_screen_four_provinces_and_leave_the_rest_missing() -> None:
    eco = bundled_economics()
    assert len(eco.provinces) == 31
    by = {r.province.code: r for r in eco.provinces}
    with_tariff = {code for code, r in by.items() if r.tariffs}
    assert with_tariff == {"SH", "JS", "ZJ", "GD"}
    for code, r in by.items():
        if code in with_tariff:
            assert r.status == "screened"
            assert len(r.screens) == len(bundled_site_names())
            assert all(s.error is None for s in r.screens)
            best = r.best
            assert best is not None and best.irr is not None
            assert best.irr == max(s.irr for s in r.screens if s.irr is not None)
            assert best.illustrative  # every bundled tariff is illustrative
        else:
            assert (r.status, r.screens, r.best) == ("no_tariff", (), None)
    doc = economics_json(eco)
    assert len(doc["missing"]) == 27
    assert set(doc["best_irr"]) == with_tariff
    json.dumps(doc)  # serialisable as it stands


def _write_tariff(folder: Path, raw: dict[str, Any]) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{raw['name']}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_users_tariff_adds_a_province(tmp_path: Path) -> None:
    raw = _tariff_raw("zhejiang_industrial_10kv")
    raw.update(name="anhui_test_10kv", province="安徽", title="安徽 测试")
    _write_tariff(tmp_path / "t", raw)
    eco = provincial_economics(tmp_path / "t", archetypes=["zj_cold_store"])
    ah = next(r for r in eco.provinces if r.province.code == "AH")
    assert ah.status == "screened" and [s.tariff for s in ah.screens] == ["anhui_test_10kv"]
    assert [t.origin for t in ah.tariffs] == [str(tmp_path / "t" / "anhui_test_10kv.yaml")]
    screened = {r.province.code for r in eco.provinces if r.screens}
    assert screened == {"AH", "SH", "JS", "ZJ", "GD"}


def test_a_tariff_that_fits_no_archetype_is_listed_but_not_screened(tmp_path: Path) -> None:
    raw = _tariff_raw("zhejiang_industrial_10kv")
    raw.update(name="anhui_110kv", province="安徽", voltage="110kV")
    _write_tariff(tmp_path / "t", raw)
    eco = provincial_economics(tmp_path / "t", archetypes=["zj_cold_store"])
    ah = next(r for r in eco.provinces if r.province.code == "AH")
    assert ah.status == "no_fitting_tariff" and ah.screens == ()
    assert [t.fits for t in ah.tariffs] == [False]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"province": "Atlantis"}, "province"),
        ({"citations": {"prices": "nowhere"}}, "citations"),
        ({"user_class": "miners"}, "user_class"),
        ({"illustrative": False}, "illustrative"),  # no source with a notice number
        ({"schedule": [{"months": "1-12", "periods": {"valley": "0-8"}}]}, "schedule[0].periods"),
    ],
)
def test_a_bad_tariff_file_is_one_clear_error(
    tmp_path: Path, change: dict[str, Any], field: str
) -> None:
    raw = _tariff_raw("zhejiang_industrial_10kv")
    raw.update(name="bad", **change)
    path = _write_tariff(tmp_path / "t", raw)
    with pytest.raises(InputError) as err:
        tariffs(tmp_path / "t")
    assert str(path) in str(err.value)
    assert field in str(err.value)


def test_a_cited_tariff_needs_notice_numbers(tmp_path: Path) -> None:
    raw = _tariff_raw("guangdong_industrial_10kv")
    raw.update(name="gd_cited", illustrative=False, citations={})  # all parts -> gd331
    raw.pop("demand_response")
    spec = TariffSpec.model_validate(raw)  # gd331 has a document number: accepted
    assert {spec.citation(p) for p in spec.parts()} == {"gd331"}
    raw["citations"] = {"export": "illustrative"}  # a source without a document number
    with pytest.raises(ValueError, match="export needs a source with a notice number"):
        TariffSpec.model_validate(raw)


def test_dask_gives_the_same_screens_as_the_loop() -> None:
    loop = provincial_economics(archetypes=["gd_data_centre"])
    dask = provincial_economics(archetypes=["gd_data_centre"], workers=1)
    assert economics_json(loop) == economics_json(dask)


def test_project_economics_in_the_index() -> None:
    eco = economics_by_province()
    with_eco = assess("general")
    without = assess("general", economics={})
    best = bundled_economics().best_irr()
    for row in with_eco.rows:
        other = without.row(row.code)
        if row.code in best:
            assert row.raw["project_economics"] == pytest.approx(best[row.code])
            assert row.facts["project_economics"]
        else:
            # the dimension is missing and the weights rescale over the rest: same score
            assert "project_economics" in row.missing
            assert row.score == pytest.approx(other.score, abs=1e-9)
            assert eco[row.code].status == "no_tariff"
    assert balance_results()  # both assessments used the same balances


def test_cli_economics_json_and_a_bad_folder(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["economics", "-f", "json", "-a", "gd_data_centre"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["units"]["irr"] == "p.u./yr" and len(doc["provinces"]) == 31
    bad = subprocess.run(
        [sys.executable, "-m", "gridatlas", "economics", "--tariffs", str(tmp_path / "none")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad.returncode == 2
    assert "--tariffs" in bad.stderr and "Traceback" not in bad.stderr and bad.stdout == ""
