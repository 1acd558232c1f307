"""Screen a microgrid project: size or evaluate, dispatch, bill, revenue stack, finance.

:func:`evaluate` runs one site (fixed sizes, or ``optimize=True`` to size PV
and storage with the LP). Reading site files and the Dask sweep over a folder
live in :mod:`gridatlas.app.microgrid`.

The revenue stack (year 1, 元/yr) splits the bill saving plus DR income into
streams that add up exactly:

* ``self_consumption`` = Σ price_h · pv_load_h (PV used on site, at the hour's price)
* ``arbitrage``        = Σ price_h · (batt_load_h − grid_batt_h) (the battery's
  net energy saving, including PV energy it shifts)
* ``demand_charge``    = fixed charges before − after (demand or capacity basis)
* ``dr_vpp``           = DR compensation + Σ price_h · shed_h − shed cost
* ``export``           = Σ export_price · pv_export_h
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from gridatlas.core.errors import InputError
from gridatlas.domain.microgrid_site import Site, dr_events, rest_days
from gridatlas.model import dispatch_rule
from gridatlas.model.demand_response import peak_days
from gridatlas.model.dispatch_lp import InfeasibleError, solve
from gridatlas.model.finance import (
    CashFlows,
    FinanceInputs,
    Metrics,
    cash_flows,
    levelized_cost,
    metrics,
)
from gridatlas.model.plant import Dispatch, Plant, Sizes, operating_cost
from gridatlas.model.tariff import Bill, Tariff, bill


@dataclass
class Evaluation:
    """Everything one screening produces. Money in 元 (CNY), energy in kWh."""

    site: Site
    sizes: Sizes
    optimized: bool
    dispatch: Dispatch
    rule: Dispatch
    bill_bau: Bill
    bill_project: Bill
    bill_rule: Bill
    revenue: dict[str, float]
    revenue_rule: dict[str, float]
    capex: dict[str, float]
    opex: float
    replacement_cost: float
    cash: CashFlows
    metrics: Metrics
    party_metrics: dict[str, Metrics]
    lcoe_pv: float | None
    lcos: float | None
    operating_cost_lp: float
    operating_cost_rule: float
    sizing: Dispatch | None = None
    sensitivity: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def savings(self) -> float:
        """Year-1 revenue stack total. [元/yr]"""
        return float(sum(self.revenue.values()))

    @property
    def lp_gain_over_rule(self) -> float:
        """Operating-cost advantage of the optimal dispatch over the rule. [元/yr]"""
        return self.operating_cost_rule - self.operating_cost_lp


def revenue_stack(
    d: Dispatch, plant: Plant, bau: Bill, proj: Bill, dr_revenue: float
) -> dict[str, float]:
    """Year-1 revenue by stream (see the module docstring). [元/yr]"""
    price = plant.tariff.price
    f = d.flows
    shed_cost = plant.dr.shed_cost if plant.dr is not None else 0.0
    dr_part = dr_revenue + float((price * f["shed"]).sum()) - shed_cost * float(f["shed"].sum())
    return {
        "self_consumption": float((price * f["pv_load"]).sum()),
        "arbitrage": float((price * (f["batt_load"] - f["grid_batt"])).sum()),
        "demand_charge": float(bau.fixed.sum() - proj.fixed.sum()),
        "dr_vpp": dr_part,
        "export": float(proj.export.sum()),
    }


def _finance(
    site: Site,
    sizes: Sizes,
    revenue: dict[str, float],
    d: Dispatch,
    capex_scale: float = 1.0,
    rate: float | None = None,
) -> tuple[dict[str, float], float, float, FinanceInputs]:
    s = site.spec
    pv, b, fin = s.pv, s.battery, s.finance
    capex = {
        "pv": sizes.pv_kw * pv.capex_yuan_per_kw * capex_scale,
        "battery": (
            sizes.battery_kwh * b.capex_yuan_per_kwh + sizes.battery_kw * b.capex_yuan_per_kw
        )
        * capex_scale,
        "other": fin.other_capex_yuan * capex_scale,
    }
    capex["total"] = capex["pv"] + capex["battery"] + capex["other"]
    wear = b.cycle_cost_yuan_per_kwh * float(d["batt_load"].sum())
    opex = (
        sizes.pv_kw * pv.opex_yuan_per_kw_year
        + sizes.battery_kwh * b.opex_yuan_per_kwh_year
        + fin.other_opex_yuan_per_year
        + wear
    )
    repl_year = (
        b.replacement_year
        if b.replacement_year is not None and b.replacement_year <= fin.analysis_years
        else None
    )
    repl = b.replacement_cost_yuan_per_kwh * sizes.battery_kwh * capex_scale if repl_year else 0.0
    inp = FinanceInputs(
        capex=capex["total"],
        opex=opex,
        streams=revenue,
        discount_rate=fin.discount_rate if rate is None else rate,
        years=fin.analysis_years,
        tax_rate=fin.tax_rate,
        depreciation_years=fin.depreciation_years,
        pv_degradation=pv.degradation_per_year,
        battery_fade=b.capacity_fade_per_year,
        replacement_year=repl_year,
        replacement_cost=repl,
        business_model=fin.business_model,
        investor_share=fin.investor_share,
        contract_years=fin.contract_years,
    )
    return capex, opex, repl, inp


def _dispatch_exact(
    site: Site, plant: Plant, sizes: Sizes, threads: int, verbose: bool = False
) -> Dispatch:
    try:
        return solve(plant, sizes=sizes, threads=threads, verbose=verbose)
    except InfeasibleError:
        field_path = (
            "demand_response.committed_kw"
            if plant.dr is not None and plant.dr.active
            else "battery"
        )
        raise InputError(
            site.origin,
            field_path,
            f"limits and commitments that the sizes PV {sizes.pv_kw:.0f} kWp, battery "
            f"{sizes.battery_kw:.0f} kW / {sizes.battery_kwh:.0f} kWh can meet (the dispatch LP is infeasible; "
            "lower committed_kw, raise shed_kw_max or the battery size)",
        ) from None


def evaluate(
    site: Site,
    optimize: bool = False,
    sensitivity: bool = True,
    threads: int = 1,
    verbose: bool = False,
) -> Evaluation:
    """Screen one site.

    Parameters
    ----------
    site : Site
    optimize : bool
        Choose PV kWp and battery kW/kWh within the site's limits (sizing LP),
        then evaluate those sizes; otherwise evaluate the sizes in the file.
    sensitivity : bool
        Also compute the sensitivity table (4 extra dispatches).
    threads : int
        HiGHS threads.
    verbose : bool
        Let HiGHS print its log (see :func:`gridatlas.model.dispatch_lp.solve`).
    """
    t0 = time.perf_counter()
    plant = site.plant
    sizing = None
    sizes = site.sizes
    if optimize:
        try:
            sizing = solve(plant, limits=site.limits, threads=threads, verbose=verbose)
        except InfeasibleError:
            raise InputError(
                site.origin,
                "demand_response.committed_kw"
                if plant.dr is not None and plant.dr.active
                else "pv.pv_kw_min",
                "limits that some sizes can meet (the sizing LP is infeasible)",
            ) from None
        sizes = _clean_sizes(sizing.sizes)
    ev = _evaluate_sizes(site, plant, sizes, site.dr_revenue, threads, verbose)
    ev.optimized = optimize
    ev.sizing = sizing
    if sensitivity:
        ev.sensitivity = sensitivity_table(site, ev, threads, verbose)
    ev.seconds = time.perf_counter() - t0
    return ev


def _clean_sizes(s: Sizes) -> Sizes:
    """Round LP sizes to 0.1 kW / kWh and drop a battery below 1 kWh."""
    if s.battery_kwh < 1.0 or s.battery_kw < 0.1:
        return Sizes(round(s.pv_kw, 1), 0.0, 0.0)
    return Sizes(round(s.pv_kw, 1), round(s.battery_kw, 1), round(s.battery_kwh, 1))


def _evaluate_sizes(
    site: Site, plant: Plant, sizes: Sizes, dr_revenue: float, threads: int, verbose: bool
) -> Evaluation:
    lp = _dispatch_exact(site, plant, sizes, threads, verbose)
    rule = dispatch_rule.dispatch(plant, sizes)
    zeros = np.zeros(plant.hours)
    bau = bill(plant.load, zeros, plant.tariff)
    proj = lp.bill(plant.tariff)
    rule_bill = rule.bill(plant.tariff)
    revenue = revenue_stack(lp, plant, bau, proj, dr_revenue)
    rule_dr = dr_revenue if rule.dr_shortfall_kwh <= 1e-6 else 0.0
    revenue_rule = revenue_stack(rule, plant, bau, rule_bill, rule_dr)
    capex, opex, repl, inp = _finance(site, sizes, revenue, lp)
    cash = cash_flows(inp)
    fin = site.spec.finance
    main_party = "investor" if fin.business_model == "shared_savings" else "owner"
    party_metrics = {p: metrics(v, fin.discount_rate) for p, v in cash.parties.items()}
    years = fin.analysis_years
    pv_used = float((lp["pv_load"] + lp["pv_batt"] + lp["pv_export"]).sum())
    lcoe = (
        levelized_cost(
            capex["pv"],
            sizes.pv_kw * site.spec.pv.opex_yuan_per_kw_year,
            pv_used,
            fin.discount_rate,
            min(years, site.spec.pv.lifetime_years),
            site.spec.pv.degradation_per_year,
        )
        if sizes.pv_kw > 0
        else None
    )
    b = site.spec.battery
    lcos = (
        levelized_cost(
            capex["battery"],
            sizes.battery_kwh * b.opex_yuan_per_kwh_year,
            float(lp["batt_load"].sum()),
            fin.discount_rate,
            years,
            b.capacity_fade_per_year,
            {inp.replacement_year: repl} if inp.replacement_year else None,
        )
        if sizes.battery_kwh > 0
        else None
    )
    return Evaluation(
        site=site,
        sizes=sizes,
        optimized=False,
        dispatch=lp,
        rule=rule,
        bill_bau=bau,
        bill_project=proj,
        bill_rule=rule_bill,
        revenue=revenue,
        revenue_rule=revenue_rule,
        capex=capex,
        opex=opex,
        replacement_cost=repl,
        cash=cash,
        metrics=party_metrics[main_party],
        party_metrics=party_metrics,
        lcoe_pv=lcoe,
        lcos=lcos,
        operating_cost_lp=operating_cost(lp, plant),
        operating_cost_rule=operating_cost(rule, plant),
    )


def scale_spread(tariff: Tariff, factor: float) -> Tariff:
    """Tariff with each hour's distance from its month's mean price scaled by ``factor``."""
    m = tariff.month
    mean = np.bincount(m, weights=tariff.price, minlength=12) / np.bincount(m, minlength=12)
    price = mean[m] + factor * (tariff.price - mean[m])
    return replace(tariff, price=np.maximum(price, 0.0))


def _with_events(site: Site, factor: float) -> tuple[Plant, float]:
    d = site.spec.demand_response
    plant = site.plant
    if d is None or plant.dr is None or site.dr_days.size == 0:
        return plant, site.dr_revenue
    n = max(0, round(site.dr_days.size * factor))
    cal = plant.tariff.calendar
    days = peak_days(plant.load, cal, list(d.event_months), n, rest_days(cal, site.holidays))
    mask, revenue = dr_events(d, days, cal.hours)
    return replace(plant, dr=replace(plant.dr, event_hours=mask)), revenue


def sensitivity_table(
    site: Site, ev: Evaluation, threads: int = 1, verbose: bool = False
) -> list[dict[str, Any]]:
    """NPV, IRR and payback when capex, tariff spread, DR events or the discount rate change.

    Rows: ``parameter``, ``change``, ``npv`` [元], ``irr`` [p.u.], ``payback_years`` [yr].
    Capex and discount rate re-run only the finance; spread and events re-run
    the dispatch at the same sizes.
    """
    rows: list[dict[str, Any]] = []
    fin = site.spec.finance
    party = "investor" if fin.business_model == "shared_savings" else "owner"

    def add(
        parameter: str,
        change: str,
        revenue: dict[str, float],
        d: Dispatch,
        capex_scale: float = 1.0,
        rate: float | None = None,
    ) -> None:
        _, _, _, inp = _finance(site, ev.sizes, revenue, d, capex_scale, rate)
        cf = cash_flows(inp).parties[party]
        m = metrics(cf, inp.discount_rate)
        rows.append({"parameter": parameter, "change": change, **m.as_dict()})

    add("base", "0", ev.revenue, ev.dispatch)
    for k in (0.8, 1.2):
        add("capex", f"{k - 1:+.0%}", ev.revenue, ev.dispatch, capex_scale=k)
    for k in (0.8, 1.2):
        plant = replace(site.plant, tariff=scale_spread(site.plant.tariff, k))
        try:
            d = solve(plant, sizes=ev.sizes, threads=threads, verbose=verbose)
        except InfeasibleError:
            continue
        bau = bill(plant.load, np.zeros(plant.hours), plant.tariff)
        add(
            "tariff_spread",
            f"{k - 1:+.0%}",
            revenue_stack(d, plant, bau, d.bill(plant.tariff), site.dr_revenue),
            d,
        )
    if site.dr_days.size:
        for k in (0.5, 1.5):
            plant, dr_rev = _with_events(site, k)
            try:
                d = solve(plant, sizes=ev.sizes, threads=threads, verbose=verbose)
            except InfeasibleError:
                continue
            add(
                "dr_events",
                f"{k - 1:+.0%}",
                revenue_stack(d, plant, ev.bill_bau, d.bill(plant.tariff), dr_rev),
                d,
            )
    for dr in (-0.02, 0.02):
        add(
            "discount_rate",
            f"{dr:+.1%}",
            ev.revenue,
            ev.dispatch,
            rate=max(0.0, fin.discount_rate + dr),
        )
    return rows
