"""Dispatch: LP vs rule, netting rules, DR commitments, sizing optimality."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.domain.microgrid_site import Site
from gridatlas.model import dispatch_rule
from gridatlas.model.dispatch_lp import solve
from gridatlas.model.plant import Sizes, check_dispatch, operating_cost
from gridatlas.sources.site_files import bundled_site_names, load_site


@cache
def site(name: str) -> Site:
    return load_site(name)


# The LP optimum and the rule plan are priced by the same function; HiGHS
# returns the objective within its 1e-7 relative optimality tolerance.
REL = 1e-6


@pytest.mark.parametrize("name", bundled_site_names())
def test_optimal_plan_never_costs_more_than_the_rule(name):
    s = site(name)
    lp = solve(s.plant, sizes=s.sizes)
    rule = dispatch_rule.dispatch(s.plant, s.sizes)
    assert check_dispatch(lp, s.plant) == []
    assert check_dispatch(rule, s.plant) == [] or rule.dr_shortfall_kwh > 0
    lp_cost, rule_cost = operating_cost(lp, s.plant), operating_cost(rule, s.plant)
    assert lp.objective == pytest.approx(lp_cost, rel=REL)
    assert lp_cost <= rule_cost * (1 + REL)


@settings(max_examples=4, deadline=None)
@given(
    pv=st.floats(0, 1200),
    kw=st.floats(0, 1500),
    hours=st.floats(1, 4),
)
def test_lp_beats_rule_at_any_size(pv, kw, hours):
    s = site("gd_two_shift_factory")
    plant = replace(s.plant, dr=None)  # the rule may miss DR; compare on bills only
    sizes = Sizes(pv, kw, kw * hours) if kw > 1 else Sizes(pv, 0.0, 0.0)
    lp = solve(plant, sizes=sizes)
    rule = dispatch_rule.dispatch(plant, sizes)
    assert check_dispatch(rule, plant) == []
    assert operating_cost(lp, plant) <= operating_cost(rule, plant) * (1 + REL) + 1e-6


def test_no_grid_to_battery_to_export_even_when_export_pays_more_than_import():
    # Export at 2 元/kWh, above every import price: buying at the valley and
    # selling later would pay, so the flows must make it impossible.
    s = site("zj_cold_store")
    tariff = replace(s.plant.tariff, export_price=2.0, export_allowed=True)
    plant = replace(s.plant, tariff=tariff, dr=None)
    sizes = Sizes(600.0, 400.0, 1600.0)
    d = solve(plant, sizes=sizes)
    assert check_dispatch(d, plant) == []
    pv = plant.pv(sizes.pv_kw)
    exporting = d["pv_export"] > 1e-6
    # an hour that exports has PV above the load, no import and no discharge
    assert (pv[exporting] >= plant.load[exporting] - 1e-6).all()
    assert d.import_kw[exporting].max() <= 1e-6
    assert d["batt_load"][exporting].max() <= 1e-6
    # so exports never exceed the PV surplus
    surplus = np.maximum(pv - plant.load, 0.0)
    assert (d["pv_export"] <= surplus + 1e-6).all()


def test_dr_commitment_is_met_on_event_days():
    s = site("gd_two_shift_factory")
    dr = s.plant.dr
    assert dr is not None and dr.active
    d = solve(s.plant, sizes=s.sizes)
    h = dr.event_hours
    pv = s.plant.pv(s.sizes.pv_kw)
    net = d.import_kw[h] - d["pv_export"][h]
    baseline = s.plant.load[h] - pv[h]
    assert (net <= baseline - dr.committed_kw + 1e-6).all()
    # an added constraint can only cost money
    free = solve(replace(s.plant, dr=None), sizes=s.sizes)
    assert free.objective is not None and d.objective is not None
    assert free.objective <= d.objective * (1 + REL)


def test_dr_commitment_binds_in_flat_hours():
    # Events at 19-21 h (flat price in the Guangdong tariff), where arbitrage
    # alone would not empty the battery at 300 kW for two hours.
    s = site("gd_two_shift_factory")
    base = s.plant.dr
    assert base is not None
    days = np.flatnonzero(base.event_hours.reshape(365, 24).any(axis=1))
    mask = np.zeros(8760, dtype=bool)
    for day in days:
        mask[day * 24 + 19 : day * 24 + 21] = True
    plant = replace(s.plant, dr=replace(base, event_hours=mask))
    d = solve(plant, sizes=s.sizes)
    free = solve(replace(plant, dr=None), sizes=s.sizes)
    pv = plant.pv(s.sizes.pv_kw)
    baseline = plant.load[mask] - pv[mask]
    assert (d.import_kw[mask] - d["pv_export"][mask] <= baseline - 300.0 + 1e-6).all()
    assert (free.import_kw[mask] - free["pv_export"][mask] - baseline).max() > -300.0 + 1.0


def test_sizing_beats_stated_sizes_and_respects_limits():
    s = site("js_ev_charging")
    lim = s.limits
    opt = solve(s.plant, limits=lim)
    z = opt.sizes
    assert lim.pv_kw[0] - 1e-6 <= z.pv_kw <= lim.pv_kw[1] + 1e-6
    assert z.battery_kw <= lim.battery_kw[1] + 1e-6 and z.battery_kwh <= lim.battery_kwh[1] + 1e-6
    if z.battery_kw > 1e-6:
        assert lim.duration_h[0] - 1e-6 <= z.battery_kwh / z.battery_kw
    # objective with capital cost at the stated sizes is no better (stated sizes are feasible)
    fixed = solve(s.plant, sizes=s.sizes)
    annual = (
        lim.pv_annual * s.sizes.pv_kw
        + lim.battery_kw_annual * s.sizes.battery_kw
        + lim.battery_kwh_annual * s.sizes.battery_kwh
    )
    assert opt.objective is not None and fixed.objective is not None
    assert opt.objective <= fixed.objective + annual + 1e-6 * abs(fixed.objective)


def test_warm_start_gives_the_same_optimum():
    s = site("sh_commercial_building")
    warm = solve(s.plant, limits=s.limits, warm_start=True)
    cold = solve(s.plant, limits=s.limits, warm_start=False)
    assert warm.objective == pytest.approx(cold.objective, rel=REL)
