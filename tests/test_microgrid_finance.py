"""Finance functions against hand-worked examples."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.model.finance import (
    FinanceInputs,
    cash_flows,
    crf,
    irr,
    levelized_cost,
    npv,
    payback,
)


def test_npv_by_hand():
    # -100 now, +60 in years 1 and 2 at 10 %: -100 + 54.5454… + 49.5867… = 4.1322…
    assert npv(0.10, np.array([-100.0, 60.0, 60.0])) == pytest.approx(
        -100 + 60 / 1.1 + 60 / 1.21, rel=1e-12
    )


def test_irr_of_known_cash_flows():
    assert irr(np.array([-100.0, 110.0])) == pytest.approx(0.10, abs=1e-10)
    # -100, +60, +60: 60/(1+r) + 60/(1+r)^2 = 100 → r = 0.130662 (quadratic root)
    r = (-(2 * 100 - 60) + np.sqrt((2 * 100 - 60) ** 2 + 4 * 100 * 20)) / (2 * 100)
    assert irr(np.array([-100.0, 60.0, 60.0])) == pytest.approx(r, abs=1e-9)
    assert irr(np.array([100.0, 10.0])) is None  # no sign change


def test_crf_by_hand():
    # 6 %, 20 years: 0.06 × 1.06^20 / (1.06^20 − 1) = 0.0871846 (annuity tables)
    assert crf(0.06, 20) == pytest.approx(0.0871846, abs=1e-7)
    assert crf(0.0, 10) == pytest.approx(0.1)


def test_simple_and_discounted_payback():
    cf = np.array([-100.0, 30.0, 30.0, 30.0, 30.0])
    assert payback(cf) == pytest.approx(3 + 10 / 30)
    # discounted at 10 %: cumulative −100, −72.73, −47.93, −25.39, −4.90 → never within 4 years
    assert payback(cf, 0.10) is None
    cf6 = np.array([-100.0] + [30.0] * 6)
    d = 30 / 1.1**5
    cum4 = -100 + sum(30 / 1.1**t for t in range(1, 5))
    assert payback(cf6, 0.10) == pytest.approx(4 + (-cum4) / d)


def test_lcoe_by_hand():
    # 1,000 元 capex, no opex, 100 kWh/yr for 10 years at 0 % → 1 元/kWh
    assert levelized_cost(1000.0, 0.0, 100.0, 0.0, 10) == pytest.approx(1.0)
    # with a replacement of 500 in year 5: 1.5 元/kWh
    assert levelized_cost(1000.0, 0.0, 100.0, 0.0, 10, extra_costs={5: 500.0}) == pytest.approx(1.5)
    assert levelized_cost(1000.0, 0.0, 0.0, 0.05, 10) is None


def test_owner_cash_flow_with_tax_by_hand():
    # capex 1,000, savings 300/yr, opex 50, 25 % tax, 5-year straight-line depreciation:
    # taxable = 300 − 50 − 200 = 50 → tax 12.5 → net 237.5 in years 1..5
    inp = FinanceInputs(
        capex=1000,
        opex=50,
        streams={"arbitrage": 300},
        discount_rate=0.05,
        years=5,
        tax_rate=0.25,
        depreciation_years=5,
    )
    cf = cash_flows(inp)
    assert cf.net[0] == -1000
    assert cf.net[1:] == pytest.approx([237.5] * 5)


def test_battery_fade_and_replacement_reset():
    inp = FinanceInputs(
        capex=0,
        opex=0,
        streams={"arbitrage": 100.0, "self_consumption": 100.0},
        discount_rate=0.0,
        years=4,
        battery_fade=0.1,
        pv_degradation=0.0,
        replacement_year=2,
        replacement_cost=10,
    )
    cf = cash_flows(inp)
    assert cf.streams["arbitrage"][1:] == pytest.approx([100, 90, 100, 90])
    assert cf.streams["self_consumption"][1:] == pytest.approx([100] * 4)
    assert cf.replacement[2] == 10


@settings(max_examples=25, deadline=None)
@given(share=st.floats(0.0, 1.0), contract=st.integers(1, 10), tax=st.floats(0.0, 0.4))
def test_shared_savings_parties_add_up_to_the_project(share, contract, tax):
    base = dict(
        capex=1000.0,
        opex=40.0,
        streams={"arbitrage": 200.0, "export": 50.0},
        discount_rate=0.06,
        years=10,
        tax_rate=tax,
        depreciation_years=10,
    )
    owner = cash_flows(FinanceInputs(**base))  # type: ignore[arg-type]
    shared = cash_flows(
        FinanceInputs(
            **base, business_model="shared_savings", investor_share=share, contract_years=contract
        )
    )  # type: ignore[arg-type]
    total = shared.parties["investor"] + shared.parties["host"]
    # the split only moves money between the parties (the investor keeps the
    # depreciation schedule), so together they get what an owner would
    assert total == pytest.approx(owner.net, abs=1e-9)
    assert (
        shared.parties["investor"][1 : contract + 1] <= owner.net[1 : contract + 1] + 1e-9
    ).all()
    assert shared.parties["host"][0] == 0.0
