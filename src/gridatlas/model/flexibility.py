"""The flexibility gap: firm capacity missing, what closes it, and what that costs.

Pure formulas (docs/flexibility.md). Capacities in MW, per-kW costs in
元/kW·yr, totals in 亿元/yr.

* gap = max(0, peak × (1 + band_min) − effective supply)  [MW]
  (the negative part of the balance engine's ``surplus``);
* capacity of option o to close it = gap / credit_o  [MW nameplate];
* annual cost of storage per kW = capex (元/kWh × h) × CRF(r, n) + O&M (元/kWh·yr × h);
* annual cost of coal per kW = capex × CRF(r, n) + fixed O&M;
* annual cost of DR/VPP per kW = price × event hours × events + capacity payment;
* annual cost of an option = nameplate × 1000 × per-kW cost / 1e8  [亿元/yr].
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray
from gridatlas.model.capacity_price import YUAN_PER_YI
from gridatlas.model.finance import crf


def gap(supply: npt.ArrayLike, peak_load: npt.ArrayLike, band_min: npt.ArrayLike) -> FloatArray:
    """Firm capacity missing to reach the band's lower edge, ≥ 0. [MW]"""
    need = np.asarray(peak_load, dtype=float) * (1.0 + np.asarray(band_min, dtype=float))
    return np.maximum(0.0, need - np.asarray(supply, dtype=float))


def nameplate_needed(firm_mw: npt.ArrayLike, credit: float) -> FloatArray:
    """Nameplate capacity whose credited part equals ``firm_mw``. [MW]

    ``credit`` is the capacity credit (derating) in (0, 1]. [p.u.]
    """
    if not 0.0 < credit <= 1.0:
        raise ValueError(f"capacity credit must be in (0, 1], got {credit}")
    return np.asarray(firm_mw, dtype=float) / credit


def storage_cost_per_kw(
    capex_yuan_per_kwh: float, duration_h: float, rate: float, life: int, om_yuan_per_kwh: float
) -> float:
    """Annual cost of 1 kW of storage of ``duration_h`` hours. [元/kW·yr]"""
    return duration_h * (capex_yuan_per_kwh * crf(rate, life) + om_yuan_per_kwh)


def plant_cost_per_kw(capex_yuan_per_kw: float, rate: float, life: int, fixed_om: float) -> float:
    """Annual cost of 1 kW of a plant: capex annuity + fixed O&M. [元/kW·yr]"""
    return capex_yuan_per_kw * crf(rate, life) + fixed_om


def response_cost_per_kw(
    price_yuan_per_kwh: float, event_hours: float, events: float, capacity_payment: float
) -> float:
    """Annual compensation of 1 kW of demand response / VPP. [元/kW·yr]"""
    return price_yuan_per_kwh * event_hours * events + capacity_payment


def annual_cost_yi(nameplate_mw: npt.ArrayLike, cost_per_kw_year: float) -> FloatArray:
    """Annual cost of ``nameplate_mw`` at ``cost_per_kw_year``. [亿元/yr]"""
    return np.asarray(nameplate_mw, dtype=float) * 1e3 * cost_per_kw_year / YUAN_PER_YI


def merit_order(
    gap_mw: float, cost_per_firm_kw: Sequence[float], firm_cap_mw: Sequence[float]
) -> FloatArray:
    """Fill a firm-capacity gap from the cheapest option up, each within its cap.

    Parameters
    ----------
    gap_mw : float
        Firm capacity to provide. [MW]
    cost_per_firm_kw : sequence of float
        Annual cost per kW of *firm* capacity of each option (cost per
        nameplate kW / credit). [元/kW·yr]
    firm_cap_mw : sequence of float
        Most firm capacity each option can give (``inf`` for no limit). [MW]

    Returns
    -------
    numpy.ndarray
        Firm MW taken from each option, in the input order; they add up to
        ``gap_mw`` unless every cap together is smaller. [MW]
    """
    order = np.argsort(np.asarray(cost_per_firm_kw, dtype=float), kind="stable")
    out = np.zeros(len(order))
    left = max(0.0, float(gap_mw))
    for k in order:
        take = min(left, float(firm_cap_mw[k]))
        out[k] = take
        left -= take
    return out
