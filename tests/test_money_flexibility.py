"""Flexibility gap: formulas by hand, identities with the balance engine, bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import typer
import yaml
from typer.testing import CliRunner

from gridatlas.app.cases import list_cases
from gridatlas.app.exposure import balance_results
from gridatlas.core.errors import InputError
from gridatlas.model import flexibility as fx
from gridatlas.model.capacity_price import capacity_charge
from gridatlas.model.finance import crf
from gridatlas.runners.flexibility import FLEX_OPTIONS, cost_per_kw, run_flexibility
from gridatlas.sources.flexibility_files import bundled_assumptions, read_assumptions


@pytest.fixture(scope="module")
def results() -> list:
    return balance_results()


def test_gap_is_negative_part_of_balance_surplus(results: list) -> None:
    """The gap equals −surplus where the balance engine reports a shortfall."""
    for r in results:
        for i, s in enumerate(r.scenarios):
            g = fx.gap(r.effective_supply[i], r.peak_load[i], s.case.band_min)
            np.testing.assert_allclose(g, np.maximum(0.0, -r.surplus[i]), rtol=1e-12, atol=1e-9)


def test_hand_computed_option_costs() -> None:
    # 4 h storage, 1000 元/kWh, 6 %, 15 yr, 15 元/kWh·yr: 4 × (1000·CRF + 15)
    crf15 = 0.06 * 1.06**15 / (1.06**15 - 1)
    assert fx.storage_cost_per_kw(1000, 4, 0.06, 15, 15) == pytest.approx(4 * (1000 * crf15 + 15))
    # DR 3.5 元/kWh × 2 h × 10 events = 70 元/kW·yr
    assert fx.response_cost_per_kw(3.5, 2, 10, 0) == 70.0
    # 1000 MW at 70 元/kW·yr = 0.7 亿元/yr
    assert fx.annual_cost_yi(1000, 70) == pytest.approx(0.7)
    assert fx.nameplate_needed(400, 0.8) == pytest.approx(500)
    with pytest.raises(ValueError):
        fx.nameplate_needed(1, 0.0)


def test_merit_order_fills_cheapest_first_within_caps() -> None:
    firm = fx.merit_order(100.0, [500.0, 100.0, 120.0], [math.inf, 30.0, 50.0])
    assert list(firm) == [20.0, 30.0, 50.0]
    assert fx.merit_order(10.0, [1.0], [4.0]).sum() == 4.0  # caps bind: 6 MW unmet
    assert fx.merit_order(0.0, [1.0, 2.0], [5.0, 5.0]).sum() == 0.0


def test_rows_identities(results: list) -> None:
    a = bundled_assumptions()
    res = run_flexibility(results, a, years=[2025, 2026, 2027])
    per_kw = cost_per_kw(a)
    rows = res.rows
    # option capacity × credit = gap; cost = MW × 1000 × 元/kW / 1e8
    np.testing.assert_allclose(rows["storage_4h_mw"] * 0.8, rows["gap_mw"], rtol=1e-12)
    np.testing.assert_allclose(rows["dr_mw"] * 0.7, rows["gap_mw"], rtol=1e-12)
    np.testing.assert_allclose(
        rows["dr_cost"], rows["dr_mw"] * 1e3 * per_kw["dr"] / 1e8, rtol=1e-12
    )
    # coal annuity from the finance model's CRF
    coal_kw = 3800 * crf(0.06, 30) + 100
    assert per_kw["coal"] == pytest.approx(coal_kw)
    # capacity charge of the new coal = capacity-price model at the year's share, 100 %
    r = rows[(rows["province"] == "ZJ") & (rows["year"] == 2026)].iloc[0]
    expected = capacity_charge(r["coal_mw"], 0.5, 1.0) / 1e8
    assert r["coal_capacity_charge"] == pytest.approx(expected)
    # the mix closes the gap (storage uncapped): firm parts add up to the gap
    credit = {"storage_2h": 0.5, "storage_4h": 0.8, "dr": 0.7, "vpp": 0.8}
    firm = sum(rows[f"mix_{o}_mw"] * credit[o] for o in FLEX_OPTIONS)
    np.testing.assert_allclose(firm, rows["gap_mw"], rtol=1e-9, atol=1e-6)
    # the market is the sum of the provinces' central rows
    m = res.market("central")
    central = rows[rows["central"]]
    for y in res.years:
        assert m.at[y, "mix_cost"] == pytest.approx(central[central["year"] == y]["mix_cost"].sum())


def test_every_case_province_is_covered(results: list) -> None:
    res = run_flexibility(results, bundled_assumptions())
    assert set(res.provinces) == {c.province_code for c in list_cases()}
    # each province has exactly one central scenario per year
    central = res.rows[res.rows["central"]]
    assert not central.duplicated(["province", "year"]).any()


def test_adequacy_hooks_replace_credit_and_gap(results: list) -> None:
    a = bundled_assumptions()
    res = run_flexibility(
        results, a, years=[2026], credits={"ZJ": {"storage_4h": 0.5}}, gaps={"ZJ": {2026: 1000.0}}
    )
    zj = res.rows[res.rows["province"] == "ZJ"]
    assert set(zj["basis"]) == {"lole"}
    assert (zj["gap_mw"] == 1000.0).all()
    assert (zj["storage_4h_mw"] == 2000.0).all()


def test_bad_assumptions_file_is_one_input_error(tmp_path: Path) -> None:
    raw = yaml.safe_load(
        (Path(__file__).parents[1] / "src/gridatlas/data/flexibility/assumptions.yaml").read_text(
            "utf-8"
        )
    )
    raw["storage_4h"]["capacity_credit"]["value"] = 1.5
    f = tmp_path / "a.yaml"
    f.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_assumptions(f)
    assert err.value.field.startswith("storage_4h.capacity_credit")
    del raw["dr"]["price_yuan_per_kwh"]["source"]
    raw["storage_4h"]["capacity_credit"]["value"] = 0.8
    f.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_assumptions(f)
    assert err.value.field == "dr.price_yuan_per_kwh.source"


@pytest.fixture(scope="module")
def flex_app() -> typer.Typer:
    from gridatlas.cli.flexibility import register

    root = typer.Typer()
    register(root)

    @root.callback()
    def _cb() -> None:
        pass

    return root


def test_cli_json_covers_every_province_with_a_case(flex_app: typer.Typer, tmp_path: Path) -> None:
    out = CliRunner().invoke(flex_app, ["flexibility", "-f", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert set(doc["provinces"]) == {c.province_code for c in list_cases()}
    assert set(doc["market_size"]["central"]) == {"2025", "2026", "2027"}
    assert all(a["source"] for a in doc["assumptions"])
    target = tmp_path / "f.xlsx"
    out = CliRunner().invoke(flex_app, ["flexibility", "-f", "xlsx", "-o", str(target)])
    assert out.exit_code == 0 and target.stat().st_size > 0
    out = CliRunner().invoke(flex_app, ["flexibility", "--lang", "en"])
    assert out.exit_code == 0


def test_outlook_sheets_write(results: list, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from gridatlas.app.money_outlook import money_sheets

    sheets = money_sheets(results, "zh")
    titles = [t for t, _ in sheets]
    # exposure, flexibility and provincial economics: three sheets each
    assert len(sheets) == 9
    assert {"分省经济性 economics", "经济性测算 screens", "经济性假设 eco assumptions"} <= set(
        titles
    )
    book = Workbook()
    for title, write in sheets:
        ws = book.create_sheet(title[:31])
        write(ws)
        assert ws.max_row > 2, title
    book.save(tmp_path / "o.xlsx")
