"""Project finance: discounting, IRR, payback, LCOE, LCOS and the cash-flow table.

Conventions (standard engineering economics, e.g. NREL's *Manual for the
Economic Evaluation of Energy Efficiency and Renewable Energy Technologies*,
Short et al. 1995, §4): year 0 holds the investment, years 1..N the operating
cash flows, discounted at ``(1 + r)^-t``. Amounts in 元 (CNY), real terms (no
escalation).

Cash flow of year t ≥ 1 for the investor:

    revenue_t = Σ_streams stream · factor_stream(t)
    taxable_t = revenue_t − opex − replacement_t − depreciation_t
    net_t     = revenue_t − opex − replacement_t − tax_rate · taxable_t

where PV streams fade with ``(1 − pv_degradation)^(t−1)``, battery streams with
``(1 − capacity_fade)^(years since install or replacement)``, DR is contracted
kW and does not fade, and depreciation is straight-line over
``depreciation_years``. A negative ``taxable_t`` lowers tax (the investor is
assumed to have other profits to offset; see docs/microgrid.md).

Under shared savings (合同能源管理 节能效益分享), the investor owns the assets,
pays capex, opex and replacement, and receives ``investor_share`` of the
savings during ``contract_years``; the host receives the rest, and all savings
(and the opex) after the contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from scipy.optimize import brentq

from gridatlas.model.tariff import FloatArray

PV_STREAMS: Final = ("self_consumption", "export")
BATTERY_STREAMS: Final = ("arbitrage", "demand_charge")
FLAT_STREAMS: Final = ("dr_vpp",)
STREAMS: Final = ("self_consumption", "arbitrage", "demand_charge", "dr_vpp", "export")


def discount_factors(rate: float, years: int) -> FloatArray:
    """``(1 + rate)^-t`` for t = 0..years. [p.u.]"""
    return np.asarray((1.0 + rate) ** -np.arange(years + 1, dtype=np.float64))


def crf(rate: float, years: int) -> float:
    """Capital recovery factor r(1+r)^n / ((1+r)^n − 1); 1/n at r = 0. [1/yr]"""
    if years <= 0:
        raise ValueError("years must be positive")
    if rate == 0:
        return 1.0 / years
    g = (1.0 + rate) ** years
    return rate * g / (g - 1.0)


def npv(rate: float, cashflows: FloatArray) -> float:
    """Net present value of ``cashflows[t]`` paid at the end of year t (t = 0 now). [元]"""
    cf = np.asarray(cashflows, dtype=np.float64)
    return float((cf * discount_factors(rate, cf.size - 1)).sum())


def irr(cashflows: FloatArray) -> float | None:
    """Internal rate of return: the rate at which :func:`npv` is zero. [p.u./yr]

    Returns None when the cash flows do not change sign, are not all finite,
    or no root lies in (−99 %, 1000 %).
    """
    cf = np.asarray(cashflows, dtype=np.float64)
    if not np.isfinite(cf).all() or not ((cf > 0).any() and (cf < 0).any()):
        return None
    lo, hi = -0.99, 10.0
    with np.errstate(over="ignore", invalid="ignore"):
        f_lo, f_hi = npv(lo, cf), npv(hi, cf)
    if not (np.isfinite(f_lo) and np.isfinite(f_hi)) or np.sign(f_lo) == np.sign(f_hi):
        return None
    return float(brentq(lambda r: npv(r, cf), lo, hi, xtol=1e-12, maxiter=200))


def payback(cashflows: FloatArray, rate: float = 0.0) -> float | None:
    """Years until the cumulative (discounted at ``rate``) cash flow turns ≥ 0. [yr]

    Linear interpolation within the year it turns; ``rate = 0`` gives the
    simple payback. None when there is nothing to pay back (the cumulative
    cash flow is never negative, e.g. nothing is invested), it never turns,
    or the cash flows are not all finite.
    """
    cf = np.asarray(cashflows, dtype=np.float64) * discount_factors(rate, len(cashflows) - 1)
    if not np.isfinite(cf).all():
        return None
    cum = np.cumsum(cf)
    below = np.flatnonzero(cum < 0)
    if below.size == 0:
        return None
    for t in range(int(below[0]) + 1, cum.size):
        if cum[t] >= 0:
            return float(t - 1 + (-cum[t - 1]) / cf[t])
    return None


def levelized_cost(
    capex: float,
    annual_cost: float,
    annual_output: float,
    rate: float,
    years: int,
    fade: float = 0.0,
    extra_costs: dict[int, float] | None = None,
) -> float | None:
    """Discounted lifetime cost over discounted lifetime output. [元/kWh]

    ``output_t = annual_output · (1 − fade)^(t−1)``; ``extra_costs`` adds
    one-off costs by year (e.g. a battery replacement). None without output.
    """
    df = discount_factors(rate, years)[1:]
    t = np.arange(1, years + 1)
    output = annual_output * (1.0 - fade) ** (t - 1)
    denom = float((output * df).sum())
    if denom <= 0:
        return None
    costs = np.full(years, annual_cost)
    for year, amount in (extra_costs or {}).items():
        if 1 <= year <= years:
            costs[year - 1] += amount
    return (capex + float((costs * df).sum())) / denom


@dataclass(frozen=True)
class FinanceInputs:
    """What the cash-flow table needs. Amounts [元], rates [p.u.]."""

    capex: float
    opex: float
    streams: dict[str, float]
    discount_rate: float
    years: int
    tax_rate: float = 0.0
    depreciation_years: int = 10
    pv_degradation: float = 0.0
    battery_fade: float = 0.0
    replacement_year: int | None = None
    replacement_cost: float = 0.0
    business_model: str = "owner"
    investor_share: float = 1.0
    contract_years: int | None = None


@dataclass
class CashFlows:
    """Year-by-year table (index 0 = investment year). [元]"""

    years: np.ndarray
    streams: dict[str, FloatArray]
    revenue: FloatArray
    capex: FloatArray
    opex: FloatArray
    replacement: FloatArray
    depreciation: FloatArray
    tax: FloatArray
    net: FloatArray
    parties: dict[str, FloatArray] = field(default_factory=dict)


def stream_factors(inp: FinanceInputs) -> dict[str, FloatArray]:
    """Multiplier of each stream in years 0..N (0 in year 0). [p.u.]"""
    t = np.arange(inp.years + 1)
    pv = np.where(t >= 1, (1.0 - inp.pv_degradation) ** np.maximum(t - 1, 0), 0.0)
    age = np.maximum(t - 1, 0)
    if inp.replacement_year is not None:
        age = np.where(t > inp.replacement_year, t - 1 - inp.replacement_year, age)
    batt = np.where(t >= 1, (1.0 - inp.battery_fade) ** age, 0.0)
    flat = np.where(t >= 1, 1.0, 0.0)
    out = {}
    for s in inp.streams:
        out[s] = pv if s in PV_STREAMS else batt if s in BATTERY_STREAMS else flat
    return out


def cash_flows(inp: FinanceInputs) -> CashFlows:
    """The project's cash-flow table and, for shared savings, each party's net flow."""
    n = inp.years
    t = np.arange(n + 1)
    factors = stream_factors(inp)
    streams = {s: v * factors[s] for s, v in inp.streams.items()}
    revenue = np.sum(list(streams.values()), axis=0) if streams else np.zeros(n + 1)
    capex = np.where(t == 0, inp.capex, 0.0)
    opex = np.where(t >= 1, inp.opex, 0.0)
    replacement = np.where(t == (inp.replacement_year or -1), inp.replacement_cost, 0.0)
    dep_years = min(inp.depreciation_years, n)
    depreciation = np.where((t >= 1) & (t <= dep_years), inp.capex / dep_years, 0.0)
    parties: dict[str, FloatArray] = {}
    if inp.business_model == "shared_savings":
        contract = min(inp.contract_years or n, n)
        in_contract = (t >= 1) & (t <= contract)
        share = np.where(in_contract, inp.investor_share, 0.0)
        inv_revenue = revenue * share
        inv_opex = np.where(in_contract, opex, 0.0)
        inv_repl = np.where(in_contract | (t == 0), replacement, 0.0)
        taxable = inv_revenue - inv_opex - inv_repl - depreciation
        inv_tax = inp.tax_rate * taxable
        investor = inv_revenue - capex - inv_opex - inv_repl - inv_tax
        host_gross = revenue - inv_revenue - (opex - inv_opex) - (replacement - inv_repl)
        host_tax = inp.tax_rate * host_gross
        host = host_gross - host_tax
        parties = {"investor": investor, "host": host}
        tax = inv_tax + host_tax
        net = investor + host
    else:
        taxable = revenue - opex - replacement - depreciation
        tax = inp.tax_rate * taxable
        net = revenue - capex - opex - replacement - tax
        parties = {"owner": net}
    return CashFlows(t, streams, revenue, capex, opex, replacement, depreciation, tax, net, parties)


@dataclass(frozen=True)
class Metrics:
    """NPV [元], IRR [p.u./yr], simple and discounted payback [yr]."""

    npv: float
    irr: float | None
    payback_years: float | None
    discounted_payback_years: float | None

    def as_dict(self) -> dict[str, float | None]:
        return {
            "npv": self.npv,
            "irr": self.irr,
            "payback_years": self.payback_years,
            "discounted_payback_years": self.discounted_payback_years,
        }


def metrics(cashflows: FloatArray, rate: float) -> Metrics:
    """NPV, IRR and paybacks of one cash-flow series."""
    return Metrics(
        npv=npv(rate, cashflows),
        irr=irr(cashflows),
        payback_years=payback(cashflows),
        discounted_payback_years=payback(cashflows, rate),
    )
