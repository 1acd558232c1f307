"""Company exposure: asset map, tightness-weighted exposure, capacity-price revenue.

Objects in (companies, the owner table, provincial balance states, optional
ownership overrides and LOLE), results out (:class:`ExposureResult`). The
formulas are in :mod:`gridatlas.model.exposure` and
:mod:`gridatlas.model.capacity_price`; the method is docs/exposure.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from gridatlas.domain.company import Company, OwnershipRow
from gridatlas.model import exposure as ex
from gridatlas.model.capacity_price import YUAN_PER_YI, CapacityPriceParams, capacity_charge
from gridatlas.model.ownership import normalise_name
from gridatlas.runners.province_state import ProvinceState

#: Statuses whose capacity counts as in service: operating always, construction
#: from its expected start year on.
IN_SERVICE: Final[tuple[str, ...]] = ("operating", "construction")
TIGHT: Final[tuple[str, ...]] = ("deficit", "tight")


@dataclass(frozen=True)
class CompanyExposure:
    """One company's results; capacities in MW, revenue in 亿元/yr, exposure in p.u."""

    company: Company
    assets: pd.DataFrame
    capacity_by_province: dict[str, dict[str, float]]
    capacity_by_status: dict[str, float]
    exposure: dict[int, float | None]
    lole: dict[int, float | None] | None
    tight_share: dict[int, float | None]
    coverage: dict[int, float | None]
    capacity_revenue: dict[int, float]
    coal_in_service: dict[int, float]
    provinces_without_result: tuple[str, ...]
    near_misses: pd.DataFrame
    overridden: tuple[tuple[str, str], ...] = ()

    @property
    def unmatched_names(self) -> int:
        """Owner names that look like this company (keywords) but match no company."""
        return len(self.near_misses)


@dataclass(frozen=True)
class ExposureResult:
    """Every company's exposure, the unmatched owner names, and what was covered."""

    years: tuple[int, ...]
    companies: tuple[CompanyExposure, ...]
    unmatched: pd.DataFrame
    states: Mapping[str, ProvinceState]
    total_mw: float
    matched_mw: float
    params: CapacityPriceParams = field(default_factory=CapacityPriceParams)


def _in_service(assets: pd.DataFrame, year: int) -> pd.Series:
    op = assets["status"] == "operating"
    built = (assets["status"] == "construction") & (assets["start_year"] <= year)
    return op | built


def match_owners(
    owners: pd.DataFrame, companies: Sequence[Company]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split the owner table into company assets and unmatched capacity.

    Returns ``(assets, unmatched)``: ``assets`` has a ``company`` column and the
    attributable MW (owner MW × the alias's equity share); ``unmatched`` holds
    every owner row matched by no alias, plus the part of partly-owned aliases
    (share < 1) not attributed. Their MW add up to the owner table's.
    """
    alias = {k: (c.name, s) for c in companies for k, s in c.aliases.items()}
    key = owners["owner"].map(normalise_name)
    hit = key.map(lambda k: alias.get(k, ("", 0.0)))
    company = hit.map(lambda h: h[0])
    share = hit.map(lambda h: h[1]).astype(float)
    matched = company != ""
    assets = owners[matched].copy()
    assets["company"] = company[matched]
    assets["mw"] = assets["mw"] * share[matched]
    rest = owners.copy()
    rest["mw"] = np.where(matched, owners["mw"] * (1.0 - share), owners["mw"])
    unmatched = rest[rest["mw"] > 0]
    return assets.reset_index(drop=True), unmatched.reset_index(drop=True)


def apply_overrides(assets: pd.DataFrame, overrides: Sequence[OwnershipRow]) -> pd.DataFrame:
    """Replace tracker capacity with the user's for each overridden company/province/technology.

    An override counts as operating capacity.
    """
    if not overrides:
        return assets
    out = assets
    for o in overrides:
        same = (
            (out["company"] == o.company)
            & (out["province"] == o.province)
            & (out["technology"] == o.technology)
        )
        out = out[~same]
    extra = pd.DataFrame(
        [
            {
                "owner": "(ownership file)",
                "province": o.province,
                "technology": o.technology,
                "status": "operating",
                "start_year": np.nan,
                "mw": o.mw,
                "company": o.company,
            }
            for o in overrides
        ]
    )
    return pd.concat([out, extra], ignore_index=True)


def coal_revenue(
    assets: pd.DataFrame, years: Sequence[int], params: CapacityPriceParams
) -> dict[int, float]:
    """Capacity-price revenue of a company's attributable coal by year. [亿元/yr]

    Operating coal is charged as existing fleet (``recovery_existing``);
    construction coal from the year after its expected start year at
    ``recovery_new_large`` (report 004 fn. 3: new units pay from the following
    year). The share is the schedule's for the unit's province.
    """
    coal = assets[assets["technology"] == "coal"]
    out: dict[int, float] = {}
    if coal.empty:
        return {y: 0.0 for y in years}
    share = params.schedule.share(list(years), list(coal["province"]))
    op = (coal["status"] == "operating").to_numpy()
    start = coal["start_year"].to_numpy(dtype=float)
    mw = coal["mw"].to_numpy(dtype=float)
    for j, y in enumerate(years):
        new = (coal["status"] == "construction").to_numpy() & (start < y)
        rate = np.where(op, params.recovery_existing, np.where(new, params.recovery_new_large, 0.0))
        charge = capacity_charge(mw, share[:, j], rate, params.fixed_cost)
        out[y] = float(charge.sum()) / YUAN_PER_YI
    return out


def _company(
    company: Company,
    assets: pd.DataFrame,
    unmatched: pd.DataFrame,
    states: Mapping[str, ProvinceState],
    years: Sequence[int],
    lole: Mapping[str, Mapping[int, float]] | None,
    params: CapacityPriceParams,
    overridden: tuple[tuple[str, str], ...],
) -> CompanyExposure:
    mine = assets[assets["company"] == company.name]
    current = mine[mine["status"].isin(IN_SERVICE)]
    by_prov: dict[str, dict[str, float]] = {}
    sums = current.groupby(["province", "technology"])["mw"].sum()
    for (p, t), mw in zip(sums.index.tolist(), sums.tolist(), strict=True):
        by_prov.setdefault(str(p), {})[str(t)] = round(float(mw), 3)
    exposure: dict[int, float | None] = {}
    lole_out: dict[int, float | None] = {}
    tight: dict[int, float | None] = {}
    coverage: dict[int, float | None] = {}
    coal: dict[int, float] = {}
    for y in years:
        live = mine[_in_service(mine, y)]
        w_by_p = live.groupby("province")["mw"].sum()
        codes = list(w_by_p.index)
        w = w_by_p.to_numpy(dtype=float)
        got = [states[c].at(y) if c in states else None for c in codes]
        short = np.array(
            [
                np.nan if g is None else ex.shortfall(g[0], states[c].band_min)
                for c, g in zip(codes, got, strict=True)
            ],
            dtype=float,
        )
        covered = ~np.isnan(short)
        flag = np.array([g is not None and g[1] in TIGHT for g in got], dtype=bool)
        e = ex.weighted_mean(w, short)
        exposure[y] = None if np.isnan(e) else e
        s = ex.share_where(w, flag, covered)
        tight[y] = None if np.isnan(s) else s
        total = float(w.sum())
        coverage[y] = float(w[covered].sum()) / total if total > 0 else None
        if lole is not None:
            vals = np.array([lole.get(c, {}).get(y, np.nan) for c in codes], dtype=float)
            v = ex.weighted_mean(w, vals)
            lole_out[y] = None if np.isnan(v) else v
        coal[y] = float(live.loc[live["technology"] == "coal", "mw"].sum())
    missing = tuple(sorted({str(p) for p in current["province"]} - set(states)))
    hit = [
        normalise_name(o) not in company.aliases
        and any(k in normalise_name(o) for k in company.keywords)
        for o in unmatched["owner"]
    ]
    near = unmatched.loc[np.asarray(hit, dtype=bool)]
    near_mw = near.groupby("owner")["mw"].sum().sort_values(ascending=False)
    near_sum = pd.DataFrame({"owner": near_mw.index.astype(str), "mw": near_mw.to_numpy()})
    return CompanyExposure(
        company=company,
        assets=mine.reset_index(drop=True),
        capacity_by_province=dict(sorted(by_prov.items())),
        capacity_by_status={
            str(k): round(float(v), 3) for k, v in mine.groupby("status")["mw"].sum().items()
        },
        exposure=exposure,
        lole=lole_out if lole is not None else None,
        tight_share=tight,
        coverage=coverage,
        capacity_revenue=coal_revenue(mine, years, params),
        coal_in_service=coal,
        provinces_without_result=missing,
        near_misses=near_sum.reset_index(drop=True),
        overridden=overridden,
    )


def run_exposure(
    companies: Sequence[Company],
    owners: pd.DataFrame,
    states: Mapping[str, ProvinceState],
    years: Sequence[int],
    overrides: Sequence[OwnershipRow] = (),
    lole: Mapping[str, Mapping[int, float]] | None = None,
    params: CapacityPriceParams | None = None,
) -> ExposureResult:
    """Exposure of every company in ``years``.

    Parameters
    ----------
    companies : sequence of Company
    owners : DataFrame
        The owner table (``owner, province, technology, status, start_year, mw``). [MW]
    states : mapping
        Province code → balance state; provinces absent here show as not covered.
    years : sequence of int
    overrides : sequence of OwnershipRow
        User capacity replacing the trackers' per company, province, technology. [MW]
    lole : mapping, optional
        Province code → year → LOLE [h/yr] from an adequacy run.
    params : CapacityPriceParams, optional
        Capacity-price rules (default: report 004's).
    """
    params = params or CapacityPriceParams()
    assets, unmatched = match_owners(owners, companies)
    assets = apply_overrides(assets, overrides)
    result = tuple(
        _company(
            c,
            assets,
            unmatched,
            states,
            years,
            lole,
            params,
            tuple((o.province, o.technology) for o in overrides if o.company == c.name),
        )
        for c in companies
    )
    return ExposureResult(
        years=tuple(years),
        companies=result,
        unmatched=unmatched,
        states=states,
        total_mw=float(owners["mw"].sum()),
        matched_mw=float(owners["mw"].sum() - unmatched["mw"].sum()),
        params=params,
    )
