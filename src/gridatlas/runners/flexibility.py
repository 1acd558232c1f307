"""The flexibility gap of every case: options that close it and their annual cost.

Objects in (balance results, checked assumptions, optional adequacy hooks),
results out (:class:`FlexibilityResult`). Formulas: :mod:`gridatlas.model.flexibility`;
method: docs/flexibility.md.

Adequacy hooks (both optional, province code → …):

``credits``
    option → capacity credit [p.u.] from the adequacy engine (ELCC), replacing
    the assumption file's derating for that province;
``gaps``
    year → firm capacity needed to meet the LOLE target [MW], replacing the
    band-based gap for that province in every scenario (``basis`` = ``lole``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import pandas as pd

from gridatlas.domain.flexibility import FlexibilityAssumptions, ResponseSpec, StorageSpec
from gridatlas.model import flexibility as fx
from gridatlas.model.capacity_price import YUAN_PER_YI, CapacityPriceParams, capacity_charge
from gridatlas.runners.balance import BalanceResult
from gridatlas.runners.province_state import province_state

OPTIONS: Final[tuple[str, ...]] = ("coal", "storage_2h", "storage_4h", "dr", "vpp")
#: The options that are not new firm plant: the "flexibility market".
FLEX_OPTIONS: Final[tuple[str, ...]] = ("storage_2h", "storage_4h", "dr", "vpp")


def cost_per_kw(a: FlexibilityAssumptions) -> dict[str, float]:
    """Annual cost of 1 kW nameplate of each option. [元/kW·yr]"""
    r = a.discount_rate.value

    def storage(s: StorageSpec) -> float:
        return fx.storage_cost_per_kw(
            s.capex_yuan_per_kwh.value,
            s.duration_h.value,
            r,
            int(s.life_years.value),
            s.om_yuan_per_kwh_year.value,
        )

    def response(s: ResponseSpec) -> float:
        return fx.response_cost_per_kw(
            s.price_yuan_per_kwh.value,
            s.event_hours.value,
            s.events_per_year.value,
            s.capacity_payment_yuan_per_kw_year.value,
        )

    return {
        "coal": fx.plant_cost_per_kw(
            a.coal.capex_yuan_per_kw.value,
            r,
            int(a.coal.life_years.value),
            a.coal.fixed_om_yuan_per_kw_year.value,
        ),
        "storage_2h": storage(a.storage_2h),
        "storage_4h": storage(a.storage_4h),
        "dr": response(a.dr),
        "vpp": response(a.vpp),
    }


def default_credits(a: FlexibilityAssumptions) -> dict[str, float]:
    """Capacity credit of each option from the assumptions. [p.u.]"""
    return {
        "coal": a.coal.capacity_credit.value,
        "storage_2h": a.storage_2h.capacity_credit.value,
        "storage_4h": a.storage_4h.capacity_credit.value,
        "dr": a.dr.availability.value,
        "vpp": a.vpp.availability.value,
    }


@dataclass(frozen=True)
class FlexibilityResult:
    """One row per province, scenario and year (``rows``), plus the national market.

    ``rows`` columns: province, case, scenario, year, basis, gap_mw, then
    ``<option>_mw`` (nameplate) and ``<option>_cost`` (亿元/yr) per option,
    ``coal_capacity_charge`` (亿元/yr), ``central`` (the province's central
    scenario), ``peak_mw``, and the least-cost flexibility mix: ``mix_<option>_mw``
    (nameplate), ``mix_cost`` (亿元/yr) and ``mix_unmet_mw`` (firm MW the
    capped options cannot give; 0 while storage is uncapped).
    """

    rows: pd.DataFrame
    years: tuple[int, ...]
    cost_per_kw: dict[str, float]
    credits: dict[str, float]
    assumptions: FlexibilityAssumptions
    provinces: tuple[str, ...]
    missing: tuple[str, ...] = field(default=())

    def market(self, basis: str = "central") -> pd.DataFrame:
        """National totals by year over the provinces with a case.

        ``basis``: ``central`` (each province's central scenario) or ``stress``
        (each province's largest gap over its scenarios).
        """
        rows = self.rows[self.rows["year"].isin(self.years)]
        if basis == "central":
            pick = rows[rows["central"]]
        else:
            idx = rows.groupby(["province", "year"])["gap_mw"].idxmax()
            pick = rows.loc[idx]
        cols = ["gap_mw"] + [f"{o}_mw" for o in OPTIONS] + [f"{o}_cost" for o in OPTIONS]
        cols += ["coal_capacity_charge", "mix_cost", "mix_unmet_mw"]
        cols += [f"mix_{o}_mw" for o in FLEX_OPTIONS]
        out = pick.groupby("year")[cols].sum()
        out["provinces"] = pick.groupby("year")["province"].nunique()
        out["provinces_with_gap"] = pick[pick["gap_mw"] > 0].groupby("year")["province"].nunique()
        return out.reindex(list(self.years)).fillna(0.0)


def run_flexibility(
    results: Sequence[BalanceResult],
    assumptions: FlexibilityAssumptions,
    years: Sequence[int] | None = None,
    credits: Mapping[str, Mapping[str, float]] | None = None,
    gaps: Mapping[str, Mapping[int, float]] | None = None,
    params: CapacityPriceParams | None = None,
    all_provinces: Sequence[str] = (),
) -> FlexibilityResult:
    """The gap and its options for every scenario and year of every result.

    Parameters
    ----------
    results : sequence of BalanceResult
        One per province (the first result of a province is used).
    assumptions : FlexibilityAssumptions
    years : sequence of int, optional
        Years to keep (default: every case year).
    credits, gaps : mapping, optional
        Adequacy-engine hooks (module docstring).
    params : CapacityPriceParams, optional
        Capacity-price rules for the new coal's capacity charge.
    all_provinces : sequence of str
        Codes of every province, to list those without a case.
    """
    params = params or CapacityPriceParams()
    per_kw = cost_per_kw(assumptions)
    base_credit = default_credits(assumptions)
    potential = {
        "storage_2h": float("inf"),
        "storage_4h": float("inf"),
        "dr": assumptions.dr.potential_share_of_peak.value,
        "vpp": assumptions.vpp.potential_share_of_peak.value,
    }
    records = []
    seen: list[str] = []
    for r in results:
        code = r.case.province.code
        if code in seen:
            continue
        seen.append(code)
        central = province_state(r)
        prov_credit = dict(base_credit)
        prov_credit.update((credits or {}).get(code, {}))
        adequacy_gap = (gaps or {}).get(code)
        for i, s in enumerate(r.scenarios):
            band_gap = fx.gap(r.effective_supply[i], r.peak_load[i], s.case.band_min)
            coal_credit = float(s.case.coefficients["coal"][s.hydrology])
            if "coal" in (credits or {}).get(code, {}):
                coal_credit = prov_credit["coal"]
            for j, y in enumerate(r.years):
                if years is not None and y not in years:
                    continue
                if adequacy_gap is not None and y in adequacy_gap:
                    g, basis = float(adequacy_gap[y]), "lole"
                else:
                    g, basis = float(band_gap[j]), "band"
                rec: dict[str, object] = {
                    "province": code,
                    "case": r.case.name,
                    "scenario": s.name,
                    "year": y,
                    "basis": basis,
                    "gap_mw": g,
                    "central": central is not None and s.name == central.scenario,
                }
                for o in OPTIONS:
                    credit = coal_credit if o == "coal" else prov_credit[o]
                    mw = float(fx.nameplate_needed(g, credit))
                    rec[f"{o}_mw"] = mw
                    rec[f"{o}_cost"] = float(fx.annual_cost_yi(mw, per_kw[o]))
                share = params.schedule.share([y], [code])[0, 0]
                coal_mw = float(fx.nameplate_needed(g, coal_credit))
                charge = capacity_charge(
                    coal_mw, share, params.recovery_new_large, params.fixed_cost
                )
                rec["coal_capacity_charge"] = float(charge) / YUAN_PER_YI
                peak = float(r.peak_load[i, j])
                rec["peak_mw"] = peak
                firm_cost = [per_kw[o] / prov_credit[o] for o in FLEX_OPTIONS]
                firm_cap = [potential[o] * peak * prov_credit[o] for o in FLEX_OPTIONS]
                firm = fx.merit_order(g, firm_cost, firm_cap)
                mix_cost = 0.0
                for o, f in zip(FLEX_OPTIONS, firm, strict=True):
                    mw = float(fx.nameplate_needed(f, prov_credit[o]))
                    rec[f"mix_{o}_mw"] = mw
                    mix_cost += float(fx.annual_cost_yi(mw, per_kw[o]))
                rec["mix_cost"] = mix_cost
                rec["mix_unmet_mw"] = g - float(firm.sum())
                records.append(rec)
    rows = pd.DataFrame(records)
    kept_years = tuple(sorted(set(rows["year"]))) if not rows.empty else tuple(years or ())
    return FlexibilityResult(
        rows=rows,
        years=kept_years,
        cost_per_kw=per_kw,
        credits=base_credit,
        assumptions=assumptions,
        provinces=tuple(seen),
        missing=tuple(c for c in all_provinces if c not in seen),
    )
