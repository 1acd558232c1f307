"""Payback is None (JSON null), not 0, when nothing is invested or it never pays back."""

from __future__ import annotations

import copy
import json

import pytest

from gridatlas.app.microgrid import evaluate
from gridatlas.model.finance import payback
from gridatlas.reports.microgrid_report import to_json_dict
from gridatlas.sources.site_files import read_site_raw, site_from_raw


def test_payback_by_hand() -> None:
    # cumulative: -100, -50, +10 -> turns in year 2 after 50/60 of it
    assert payback([-100.0, 50.0, 60.0]) == pytest.approx(1 + 50 / 60)
    # investment spread over two years: -10, -15, +5 -> 1 + 15/20
    assert payback([-10.0, -5.0, 20.0]) == pytest.approx(1 + 15 / 20)
    # an investment only in year 1 still counts
    assert payback([0.0, -10.0, 4.0, 8.0]) == pytest.approx(2 + 6 / 8)


@pytest.mark.parametrize(
    "flows",
    [[0.0, 10.0, 10.0], [5.0, 5.0], [0.0, 0.0, 0.0], [10.0, -5.0, 1.0]],
    ids=["nothing-invested", "all-positive", "all-zero", "never-below-zero"],
)
def test_nothing_to_pay_back_is_none(flows: list[float]) -> None:
    assert payback(flows) is None
    assert payback(flows, 0.08) is None


def test_never_pays_back_is_none() -> None:
    assert payback([-100.0, 10.0, 10.0]) is None


def test_zero_investment_site_reports_null_payback() -> None:
    raw, origin, base = read_site_raw("gd_two_shift_factory")
    raw = copy.deepcopy(raw)
    raw["pv"]["pv_kw"] = 0
    raw["battery"]["power_kw"] = 0
    raw["battery"]["energy_kwh"] = 0
    raw.pop("demand_response", None)
    site = site_from_raw(raw, origin, base)
    ev = evaluate(site, sensitivity=False)
    assert ev.capex["total"] == 0.0
    data = json.loads(json.dumps(to_json_dict(ev)))
    assert data["payback_years"] is None
    assert data["discounted_payback_years"] is None


def test_host_of_shared_savings_invests_nothing_so_no_payback() -> None:
    ev = evaluate("sh_commercial_building", sensitivity=False)
    host = to_json_dict(ev)["parties"]["host"]
    assert host["npv"] > 0
    assert host["payback_years"] is None
