"""Generated balance cases for the 31 provinces: identities and independent re-computation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from gridatlas.app import national_cases as nc
from gridatlas.app.cases import list_cases, load_case, resolve_name
from gridatlas.cli import app
from gridatlas.model.national_case import cagr, cumulative_additions, trend_extend
from gridatlas.runners.balance import link_equivalent, peak_loads, run_balance
from gridatlas.sources.national import load_national


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return {p.code: run_balance(nc.generated_case(p.code)) for p in nc.mainland()}


def test_every_province_has_a_generated_case_that_runs(results) -> None:  # type: ignore[no-untyped-def]
    assert len(results) == 31
    for code, res in results.items():
        assert res.case.province.code == code
        assert np.isfinite(res.reserve_margin).all(), code
        # the full hydrology × weather matrix
        assert {s.name for s in res.scenarios} == {
            f"{h}-{w}" for h in ("wet", "normal", "dry") for w in ("neutral", "extreme")
        }


def test_case_list_has_both_kinds() -> None:
    kinds = [c.kind for c in list_cases()]
    assert kinds.count("generated") == 31
    assert kinds.count("report") == 4


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("广东", "guangdong-national"),
        ("GD", "guangdong-national"),
        ("guangdong", "guangdong-national"),
        ("内蒙古", "neimenggu-national"),
        ("安徽", "anhui"),  # the report's case wins where there is one
        ("AH", "anhui"),
        ("anhui-national", "anhui-national"),
        ("zhejiang", "zhejiang"),
    ],
)
def test_province_words_resolve_to_a_case(word: str, name: str) -> None:
    assert resolve_name(word) == name
    assert load_case(word).name == name


def test_2023_capacity_is_the_dataset_plus_units_due_in_2023() -> None:
    """Identity: a generated case's 2023 row is the dataset's 2023 capacity (as of the
    tracker's date) plus the pipeline units the tracker expects in 2023."""
    data = load_national()
    cap, pipe = data.capacity, data.pipeline
    for p in nc.mainland():
        raw = nc.generated_case_raw(p.code, data)
        for tech, techs in nc.CASE_TECHNOLOGIES.items():
            if tech not in raw["capacity"] or tech in nc.TREND_TECHNOLOGIES:
                continue
            here = (cap["province"] == p.code) & cap["technology"].isin(techs)
            base = float(cap.loc[here & (cap["year"] == 2023), "mw"].sum())
            due = pipe.loc[
                (pipe["province"] == p.code)
                & pipe["technology"].isin(techs)
                & pipe["status"].isin(nc.PIPELINE_STATUSES.get(tech, ()))
                & (pipe["year"] == 2023),
                "mw",
            ].sum()
            assert raw["capacity"][tech][0] == pytest.approx(base + float(due), abs=0.1)


def test_base_peak_recomputed_from_the_raw_files(shared: Path) -> None:
    """The 2023 peak, recomputed here from PyPSA-China-PIK's raw CSVs without gridatlas code.

    peak = E_2023 × max(hourly) / Σ hourly, with E_2023 = E_2024 / (1 + g) and g the
    2020→2024 compound growth. Tolerance 0.05%: the bundled shape keeps 4 significant
    digits of each hour.
    """
    names = {"Anhui": "AH", "Guangdong": "GD", "Sichuan": "SC", "Beijing": "BJ"}
    with (shared / "data/load/provincial_consumption_2020_2060_MWh.csv").open() as fh:
        cons = {r[""]: r for r in csv.DictReader(fh)}
    with (shared / "data/load/hourly_demand_31_provinces_MW.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    for name, code in names.items():
        e20, e24 = float(cons[name]["2020"]), float(cons[name]["2025"])
        g = (e24 / e20) ** 0.25 - 1
        hourly = np.array([float(r[code]) for r in rows])
        expected = e24 / (1 + g) * hourly.max() / hourly.sum()
        got = peak_loads(nc.generated_case(code))["neutral"][0]
        assert got == pytest.approx(expected, rel=5e-4), code


def test_links_are_zero_sum_across_provinces(results) -> None:  # type: ignore[no-untyped-def]
    """Identity: every registry link is one province's import and another's export at the
    same equivalent, so imports − exports summed over the 31 provinces is zero."""
    any_res = next(iter(results.values()))
    for h in ("wet", "normal", "dry"):
        total = np.zeros(len(any_res.case.years))
        for res in results.values():
            for link in res.case.links:
                total += link_equivalent(link, h)  # signed: imports +, exports −
        np.testing.assert_allclose(total, 0.0, atol=1e-6)


def test_trend_extend_by_hand() -> None:
    # additions 10, 20, 30 → mean 20 per year after 2023
    out = trend_extend([2020, 2021, 2022, 2023], [100, 110, 130, 160], [2022, 2023, 2024, 2026])
    np.testing.assert_allclose(out, [130, 160, 180, 220])
    # a shrinking series is held, not extended downward
    np.testing.assert_allclose(trend_extend([2022, 2023], [50, 40], [2024]), [40])


def test_cumulative_additions_by_hand() -> None:
    out = cumulative_additions([2022, 2023, 2025, 2025], [5, 10, 20, 1], 2023, [2023, 2024, 2025])
    np.testing.assert_allclose(out, [10, 10, 31])


def test_cagr_by_hand() -> None:
    assert cagr(100, 121, 2) == pytest.approx(0.10)
    with pytest.raises(ValueError):
        cagr(0, 1, 1)


def test_missing_sources_are_named_not_hidden() -> None:
    case = nc.generated_case("BJ")
    assert "gas" in nc.missing_technologies(case)
    assert any("gas" in n for n in case.notes)


def test_cli_balance_json_runs_for_every_province_code() -> None:
    """Done-when of issue 9: ``gridatlas balance CODE -f json`` for each of the 31 provinces."""
    runner = CliRunner()
    for p in nc.mainland():
        result = runner.invoke(app, ["balance", p.code, "-f", "json"])
        assert result.exit_code == 0, (p.code, result.output)
        doc = json.loads(result.stdout)
        assert doc["province"]["code"] == p.code
