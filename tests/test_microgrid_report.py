"""Evaluation outputs: JSON shape, revenue identity, xlsx, charts, CLI."""

from __future__ import annotations

import json
from functools import cache

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from gridatlas.cli.microgrid import register
from gridatlas.model.finance import STREAMS
from gridatlas.reports.microgrid_report import to_json_dict, write_charts, write_xlsx
from gridatlas.runners.microgrid import Evaluation, evaluate
from gridatlas.sources.site_files import load_site


@cache
def ev() -> Evaluation:
    return evaluate(load_site("sh_commercial_building"), sensitivity=True)


def _app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    return app


def test_json_shape_is_stable():
    data = json.loads(json.dumps(to_json_dict(ev())))
    assert set(data["sizes"]) == {"pv_kw", "battery_kw", "battery_kwh"}
    for key in ("bill_bau", "bill_project"):
        assert {"energy", "demand", "total"} <= set(data[key])
    assert set(data["revenue"]) == set(STREAMS)
    for key in ("npv", "irr", "payback_years"):
        assert key in data
    assert data["currency"] == "CNY" and data["units"]["npv"] == "元"


def test_revenue_stack_adds_up_to_bill_saving_plus_dr():
    e = ev()
    shed_cost = (
        e.site.plant.dr.shed_cost * float(e.dispatch["shed"].sum()) if e.site.plant.dr else 0.0
    )
    expected = e.bill_bau.total - e.bill_project.total + e.site.dr_revenue - shed_cost
    assert sum(e.revenue.values()) == pytest.approx(expected, rel=1e-9)  # float sums only


def test_shared_savings_reports_both_parties():
    e = ev()
    assert set(e.party_metrics) == {"investor", "host"}
    assert e.party_metrics["host"].npv > 0  # the host invests nothing
    assert {r["parameter"] for r in e.sensitivity} >= {
        "base",
        "capex",
        "tariff_spread",
        "dr_events",
        "discount_rate",
    }


def test_xlsx_and_charts(tmp_path):
    e = ev()
    write_xlsx(e, tmp_path / "r.xlsx", "en")
    wb = load_workbook(tmp_path / "r.xlsx", read_only=True)
    names = wb.sheetnames
    wb.close()
    assert any(n.endswith("dispatch") for n in names)
    paths = write_charts(e, tmp_path, "zh")
    assert [p.name.split("_", 3)[-1] for p in paths] == [
        "dispatch_week.png",
        "monthly_bill.png",
        "cash_flow.png",
    ]
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_cli_evaluate_json_and_optimize(tmp_path):
    out = tmp_path / "r.json"
    res = CliRunner().invoke(
        _app(),
        [
            "microgrid",
            "evaluate",
            "js_ev_charging",
            "--optimize",
            "--no-sensitivity",
            "-f",
            "json",
            "-o",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["optimized"] is True and data["sizes"]["pv_kw"] <= 200.0 + 1e-6
    assert data["lp_gain_over_rule"] >= -1e-6 * data["bill_rule"]["total"]


def test_cli_template_and_examples(tmp_path):
    res = CliRunner().invoke(
        _app(), ["microgrid", "template", "-f", "xlsx", "-o", str(tmp_path / "t.xlsx")]
    )
    assert res.exit_code == 0 and (tmp_path / "t.xlsx").exists()
    res = CliRunner().invoke(_app(), ["microgrid", "examples", "--lang", "en"])
    assert res.exit_code == 0 and "gd_two_shift_factory" in res.output
