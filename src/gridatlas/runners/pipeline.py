"""Thermal pipeline runner and Python API: units or aggregates → statistics, forecast, cost.

Inputs are objects: an aggregate :class:`StartsInput` or a list of
:class:`~gridatlas.domain.pipeline.PipelineUnit` (files and bundled names are
resolved by :mod:`gridatlas.app.pipeline`). Both become *cohorts*:
capacity started (or commissioned) in one month.

A unit's commissioning month comes from, in order: its actual commissioning
date; its construction start + build cycle (+ slip); its expected
commissioning date. Units with none of these are *unscheduled* and reported
as such, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.domain.case_spec import ForecastVariant
from gridatlas.domain.pipeline import PLANNED, STARTED, PipelineUnit, Status, units_frame
from gridatlas.domain.pipeline_input import StartsInput
from gridatlas.model import approvals as ap
from gridatlas.model.capacity_price import YUAN_PER_YI, CapacityPriceParams, added_cost
from gridatlas.model.commissioning import (
    DEFAULT_CYCLE_MONTHS,
    CycleRule,
    CycleUncertainty,
    SlipRule,
    annual_totals,
    commissioning_month,
    commissioning_samples,
    cycle_months,
)

__all__ = [
    "CapacityCost",
    "Forecast",
    "approval_ranking",
    "approval_stats",
    "capacity_cost",
    "capacity_params",
    "cohorts_from_input",
    "cohorts_from_units",
    "forecast",
]

FUELS: tuple[str, ...] = ("coal", "gas")
COST_PARTS: tuple[str, ...] = ("new_units", "existing_fleet", "share_step_up")
DEFAULT_YEARS: tuple[int, ...] = (2024, 2025, 2026)
Source = StartsInput | Sequence[PipelineUnit]


def _resolve(source: Source) -> tuple[StartsInput | list[PipelineUnit], str]:
    if isinstance(source, StartsInput):
        return source, source.name
    return list(source), "units"


def _expand(first: int, n: int, capacity: float) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(first, first + n, dtype=float), np.full(n, capacity / n)


#: ``unit_mw``: unit size (NaN for aggregates); ``size_floor``: smallest unit size
#: in the cohort (the unit size, or an aggregate's ``min_unit_mw``; NaN if unknown).
COHORT_COLUMNS = [
    "start",
    "fixed",
    "capacity_nom",
    "fuel",
    "province",
    "parent",
    "unit_mw",
    "size_floor",
]


def cohorts_from_input(inp: StartsInput) -> pd.DataFrame:
    """Monthly cohorts of an aggregate input (capacities converted to MW)."""
    parts = []
    k = inp.mw_per_unit
    for s in inp.series:
        for row in s.starts:
            months, cap = _expand(row.span.first_month, row.span.n_months, row.capacity * k)
            parts.append(
                pd.DataFrame(
                    {
                        "start": months,
                        "fixed": np.nan,
                        "capacity_nom": cap,
                        "fuel": s.fuel.value,
                        "province": s.province or "",
                        "parent": "",
                        "unit_mw": np.nan,
                        "size_floor": s.min_unit_mw if s.min_unit_mw else np.nan,
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)[COHORT_COLUMNS]


def cohorts_from_units(
    units: Sequence[PipelineUnit], include_planned: bool = False
) -> pd.DataFrame:
    """Monthly cohorts of the started (and optionally planned) units.

    Unscheduled units appear with ``start`` and ``fixed`` both NaN.
    """
    keep: set[Status] = set(STARTED) | (set(PLANNED) if include_planned else set())
    rows = []
    for u in units:
        if u.status not in keep:
            continue
        com, st = u.commissioning, u.construction_start
        if com is not None and com.actual:
            p, kind = com.period, "fixed"
        elif st is not None:
            p, kind = st.period, "start"
        elif com is not None:
            p, kind = com.period, "fixed"
        else:
            p, kind = None, "none"
        months, cap = (
            _expand(p.first_month, p.n_months, u.capacity_nom)
            if p
            else (np.array([np.nan]), np.array([u.capacity_nom]))
        )
        for m, c in zip(months, cap, strict=True):
            rows.append(
                (
                    m if kind == "start" else np.nan,
                    m if kind == "fixed" else np.nan,
                    c,
                    u.fuel.value,
                    u.province,
                    u.parent,
                    u.capacity_nom,
                    u.capacity_nom,
                )
            )
    return pd.DataFrame(rows, columns=COHORT_COLUMNS)


def _cohorts(
    inp: StartsInput | list[PipelineUnit], include_planned: bool
) -> tuple[pd.DataFrame, list[CycleRule], dict[str, float], SlipRule | None]:
    if isinstance(inp, StartsInput):
        rules = [r.to_rule() for r in inp.cycles.rules]
        alt = inp.alternative.to_rule() if inp.alternative else None
        return cohorts_from_input(inp), rules, inp.cycles.default_months(), alt
    return cohorts_from_units(inp, include_planned), [], dict(DEFAULT_CYCLE_MONTHS), None


def _province_code(province: str) -> str:
    p = find_province(province)
    if p is None or not p.mainland:
        raise InputError(province, "--province", "a mainland province name or code (e.g. AH)")
    return p.code


def _consecutive(years: Sequence[int], name: str) -> list[int]:
    ys = [int(y) for y in years]
    if not ys or ys != list(range(ys[0], ys[0] + len(ys))):
        raise InputError(name, "years", "consecutive years", ys)
    return ys


def _scheduled(
    inp: StartsInput | list[PipelineUnit],
    name: str,
    case: ForecastVariant,
    cycles: Sequence[CycleRule] | None,
    cycle_defaults: dict[str, float] | None,
    slip: SlipRule | None,
    province: str | None,
    include_planned: bool,
) -> tuple[pd.DataFrame, SlipRule | None, np.ndarray, list[CycleRule], dict[str, float]]:
    """Cohorts with their commissioning ``month`` (NaN when unscheduled)."""
    co, own_rules, own_defaults, own_slip = _cohorts(inp, include_planned)
    if province is not None:
        code = _province_code(province)
        if len(co) and (co["province"] == "").all():
            raise InputError(name, "--province", "an input with a province breakdown (a unit list)")
        co = co[co["province"] == code]
    rules = list(cycles or []) + own_rules
    defaults = {**own_defaults, **(cycle_defaults or {})}
    rule = (slip or own_slip or SlipRule()) if case == "alternative" else None
    cyc = cycle_months(
        co["fuel"].to_numpy(str), co["unit_mw"], co["province"].to_numpy(str), rules, defaults
    )
    co = co.assign(month=commissioning_month(co["start"], cyc, rule, co["fixed"]))
    return co, rule, cyc, rules, defaults


# --- forecast
_KEYS = ["province", "fuel", "parent"]


def _annual_table(
    month: np.ndarray, cap: np.ndarray, co: pd.DataFrame, years: list[int]
) -> pd.DataFrame:
    """Long table year × province × fuel × parent → capacity [MW] (non-zero rows)."""
    if not len(co):
        return pd.DataFrame(columns=["year", *_KEYS, "capacity_nom"])
    codes, groups = pd.factorize(pd.MultiIndex.from_frame(co[_KEYS]))
    totals = annual_totals(month, cap, years, codes, len(groups))
    index = pd.MultiIndex.from_tuples(list(groups), names=_KEYS)
    return (
        pd.DataFrame(totals, columns=years, index=index)
        .melt(ignore_index=False, var_name="year", value_name="capacity_nom")
        .reset_index()
    )


@dataclass
class Forecast:
    """Commissioning forecast: capacity [MW] by year × province × fuel × parent group."""

    years: list[int]
    table: pd.DataFrame
    case: str
    source: str
    total_mw: float
    outside_mw: float
    unscheduled_mw: float
    samples: np.ndarray | None = None  # (n_samples, len(FUELS), len(years)) [MW]
    settings: dict[str, Any] = field(default_factory=dict)

    def by_fuel(self) -> pd.DataFrame:
        """Capacity [MW] by fuel (rows coal, gas) and year (columns)."""
        t = self.table.pivot_table(
            index="fuel", columns="year", values="capacity_nom", aggfunc="sum", fill_value=0.0
        )
        out = t.reindex(index=list(FUELS), columns=self.years, fill_value=0.0).astype(float)
        out.attrs["unit"] = "MW"
        return out

    def by_province(self) -> pd.DataFrame:
        """Capacity [MW] by (province, fuel) and year; empty for national inputs."""
        t = self.table[self.table["province"] != ""]
        if t.empty:
            return pd.DataFrame(columns=self.years, dtype=float)
        out = t.pivot_table(
            index=["province", "fuel"],
            columns="year",
            values="capacity_nom",
            aggfunc="sum",
            fill_value=0.0,
        ).reindex(columns=self.years, fill_value=0.0)
        out.attrs["unit"] = "MW"
        return out

    def quantiles(self, q: Sequence[float] = (0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Monte Carlo mean and quantiles [MW] by fuel and year (needs ``samples``)."""
        if self.samples is None:
            raise ValueError("no Monte Carlo samples; run forecast(..., samples=N)")
        rows = []
        for i, f in enumerate(FUELS):
            for j, y in enumerate(self.years):
                draws = self.samples[:, i, j]
                rows.append(
                    {"fuel": f, "year": y, "mean": draws.mean()}
                    | {f"p{round(x * 100)}": np.quantile(draws, x) for x in q}
                )
        out = pd.DataFrame(rows)
        out.attrs["unit"] = "MW"
        return out

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape (capacities in MW)."""
        fuel = self.by_fuel()
        prov = self.by_province()
        by_province: dict[str, dict[str, list[float]]] = {}
        for code in sorted({p for p, _ in prov.index}) if len(prov) else []:
            by_province[code] = {
                f: [float(v) for v in prov.loc[(code, f)]]
                if (code, f) in prov.index
                else [0.0] * len(self.years)
                for f in FUELS
            }
        out: dict[str, Any] = {
            "unit": "MW",
            "years": list(self.years),
            "by_fuel": {f: [float(v) for v in fuel.loc[f].to_numpy()] for f in FUELS},
            "by_province": by_province,
        }
        if self.samples is not None:
            qs = self.quantiles()
            out["quantiles"] = {
                f: {
                    k: [float(v) for v in qs.loc[qs["fuel"] == f, k]]
                    for k in ("mean", "p10", "p50", "p90")
                }
                for f in FUELS
            }
        return out


def forecast(
    source: Source,
    *,
    case: ForecastVariant = "central",
    years: Sequence[int] | None = None,
    cycles: Sequence[CycleRule] | None = None,
    cycle_defaults: dict[str, float] | None = None,
    slip: SlipRule | None = None,
    province: str | None = None,
    include_planned: bool = False,
    samples: int = 0,
    seed: int | None = 0,
    uncertainty: CycleUncertainty | None = None,
) -> Forecast:
    """Commissioning forecast of an aggregate input or a unit list.

    Parameters
    ----------
    source : str, Path, StartsInput or list of PipelineUnit
        ``"report-2024"``, a YAML path, a loaded input, or units.
    case : {"central", "alternative"}
        ``alternative`` applies the slip rule: ``slip`` if given, else the
        input's own (report-2024: December 2023), else the default
        :class:`SlipRule` (December starts, +2 months, every year).
    years : sequence of int, optional
        Consecutive years to report; default the input's, else 2024-2026.
    cycles, cycle_defaults : optional
        Build-cycle rules (first match wins, before the input's own) and
        defaults by fuel [months].
    province : str, optional
        Keep one province (unit lists or provincial aggregates only).
    include_planned : bool
        Unit lists: also forecast announced/pre-permit/permitted units.
    samples : int
        Monte Carlo draws of uncertain build cycles (0 = none).
    seed : int, optional
        Random seed of the Monte Carlo.
    uncertainty : CycleUncertainty, optional
        Spread of the build cycle in the Monte Carlo.
    """
    inp, name = _resolve(source)
    if years is None:
        years = inp.years if isinstance(inp, StartsInput) else list(DEFAULT_YEARS)
    years = _consecutive(years, name)
    co, rule, cyc, rules, defaults = _scheduled(
        inp, name, case, cycles, cycle_defaults, slip, province, include_planned
    )
    month = co["month"].to_numpy()
    cap = co["capacity_nom"].to_numpy()
    year = np.floor(month / 12)
    dated = ~np.isnan(month)
    inside = dated & (year >= years[0]) & (year <= years[-1])
    table = _annual_table(month, cap, co, years)
    table = table.loc[table["capacity_nom"] > 0, ["year", *_KEYS, "capacity_nom"]]
    table["year"] = table["year"].astype(int)
    table.attrs["unit"] = "MW"
    drawn = None
    if samples > 0:
        fuel_idx = np.searchsorted(np.array(FUELS), co["fuel"].to_numpy())
        drawn = commissioning_samples(
            co["start"].to_numpy(),
            cap,
            cyc,
            years,
            uncertainty=uncertainty or CycleUncertainty(),
            slip=rule,
            group=fuel_idx,
            n_groups=len(FUELS),
            n_samples=samples,
            rng=np.random.default_rng(seed),
            fixed_month=co["fixed"].to_numpy(),
        )
    return Forecast(
        years=years,
        table=table,
        case=case,
        source=name,
        total_mw=float(cap.sum()),
        outside_mw=float(cap[dated & ~inside].sum()),
        unscheduled_mw=float(cap[~dated].sum()),
        samples=drawn,
        settings={"slip": rule, "cycles": rules, "cycle_defaults": defaults},
    )


# --- capacity cost
def capacity_params(source: Source) -> CapacityPriceParams:
    """The capacity-price assumptions of an input (its ``capacity_price`` block),
    else the report's defaults."""
    inp, _ = _resolve(source)
    if isinstance(inp, StartsInput) and inp.capacity_price is not None:
        return inp.capacity_price.to_params(inp.mw_per_unit)
    return CapacityPriceParams()


@dataclass
class CapacityCost:
    """Added system operating cost from the coal capacity charge [亿元/yr]."""

    years: list[int]
    parts: dict[str, np.ndarray]
    case: str
    source: str
    params: CapacityPriceParams

    @property
    def total(self) -> np.ndarray:
        return sum((self.parts[p] for p in COST_PARTS), np.zeros(len(self.years)))

    def frame(self) -> pd.DataFrame:
        """Parts and total (rows) by year (columns) [亿元]."""
        out = pd.DataFrame(
            [self.parts[p] for p in COST_PARTS] + [self.total],
            index=[*COST_PARTS, "total"],
            columns=self.years,
        )
        out.attrs["unit"] = "亿元"
        return out

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape (亿元)."""
        return {
            "unit": "亿元",
            "years": list(self.years),
            "total": [float(v) for v in self.total],
            "breakdown": {p: [float(v) for v in self.parts[p]] for p in COST_PARTS},
        }


def capacity_cost(
    source: Source,
    *,
    case: ForecastVariant = "central",
    years: Sequence[int] | None = None,
    params: CapacityPriceParams | None = None,
    include_planned: bool = False,
    **overrides: Any,
) -> CapacityCost:
    """Added system operating cost of the coal capacity charge, by year [亿元].

    New coal units commissioned after ``params.fleet_year`` (from the
    forecast of ``case``) pay from the year after commissioning; the existing
    fleet pays on the share schedule. ``params`` defaults to the input's
    ``capacity_price`` block, else the report's values; keyword ``overrides``
    replace single fields of it (e.g. ``existing_fleet_mw=1.2e6``).
    """
    inp, name = _resolve(source)
    params = capacity_params(inp) if params is None else params
    params = replace(params, **overrides) if overrides else params
    if years is None:
        spec = inp.capacity_price if isinstance(inp, StartsInput) else None
        years = spec.years if spec else [2025, 2026, 2027]
    years = _consecutive(years, name)
    co, *_ = _scheduled(inp, name, case, None, None, None, None, include_planned)
    year = np.floor(co["month"].to_numpy() / 12)
    new = (co["fuel"].to_numpy() == "coal") & (year > params.fleet_year)  # NaN compares False
    coal = co.loc[new]
    rec = np.where(
        coal["size_floor"].to_numpy(float) >= params.large_unit_mw,  # NaN: not known large
        params.recovery_new_large,
        params.recovery_existing,
    )
    prov = coal["province"].to_numpy(dtype=str)
    share_years = list(range(years[0] - 1, years[-1] + 1))
    parts = added_cost(
        years,
        year[new],
        coal["capacity_nom"].to_numpy(),
        params.schedule.share(share_years, prov),
        rec,
        params.existing_fleet_mw,
        params.schedule.national_share(share_years),
        params.recovery_existing,
        params.fixed_cost,
    )
    return CapacityCost(
        years=years,
        parts={p: parts[p] / YUAN_PER_YI for p in COST_PARTS},
        case=case,
        source=name,
        params=params,
    )


# --- approvals
def approval_stats(
    units: Sequence[PipelineUnit] | pd.DataFrame,
    by: Sequence[str] = ("province",),
    years: Sequence[int] | None = None,
    *,
    min_unit_mw: float = 300.0,
    exclude_chp: bool = True,
    fuels: Sequence[str] | None = ("coal",),
) -> pd.DataFrame:
    """Approved capacity [MW], unit count and share by ``by`` (year, quarter, province, fuel,
    parent), with the report's filters (≥ 300 MW, heat-oriented units out)."""
    frame = units if isinstance(units, pd.DataFrame) else units_frame(list(units))
    sel = ap.filter_approvals(
        frame, years, min_unit_mw=min_unit_mw, exclude_chp=exclude_chp, fuels=fuels
    )
    return ap.approvals_by(sel, list(by))


def approval_ranking(
    units: Sequence[PipelineUnit] | pd.DataFrame,
    by: str = "province",
    years: Sequence[int] | None = None,
    top: int | None = 5,
    *,
    min_unit_mw: float = 300.0,
    exclude_chp: bool = True,
    fuels: Sequence[str] | None = ("coal",),
) -> pd.DataFrame:
    """Ranking of approved capacity by province or parent group (rank, key, MW, share)."""
    frame = units if isinstance(units, pd.DataFrame) else units_frame(list(units))
    sel = ap.filter_approvals(
        frame, years, min_unit_mw=min_unit_mw, exclude_chp=exclude_chp, fuels=fuels
    )
    return ap.ranking(sel, by, top)
