"""A checked, numeric microgrid site: from a raw mapping to load, PV, tariff and limits.

:func:`site_from_dict` is the one way in. It validates the raw mapping (read
from YAML or the Excel template) against
:class:`~gridatlas.domain.microgrid.SiteSpec`, resolves the tariff (a bundled
name, a file beside the site, or inline), builds the hourly load and PV
profiles and checks everything that spans fields. Each problem becomes one
:class:`~gridatlas.core.errors.InputError` naming the file, the field path and what
was expected.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, ValidationError

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import Province, find_province
from gridatlas.domain.bounds import SITE_KW_MAX
from gridatlas.domain.microgrid import PERIODS, DemandResponseSpec, SiteSpec, TariffSpec
from gridatlas.model.demand_response import compensation, event_mask, peak_days
from gridatlas.model.finance import crf
from gridatlas.model.load_shapes import raw_shape, scale_to_energy_and_peak
from gridatlas.model.plant import DemandResponse, Plant, SizeLimits, Sizes
from gridatlas.model.pv_profile import pv_per_kwp
from gridatlas.model.tariff import (
    Calendar,
    FloatArray,
    HoursError,
    Tariff,
    calendar,
    hour_map,
    parse_ranges,
    price_series,
)

HOURS = 8760

#: Reads a tariff by reference (bundled name or path) → (raw mapping, origin).
TariffLoader = Callable[[str, Path | None], tuple[dict[str, Any], str]]


@dataclass(frozen=True)
class Site:
    """A checked site, ready to dispatch. Sizes in kW/kWh, money in 元."""

    name: str
    title: str
    province: Province
    origin: str
    spec: SiteSpec
    tariff_spec: TariffSpec
    tariff_origin: str
    plant: Plant
    sizes: Sizes
    limits: SizeLimits
    dr_days: np.ndarray
    dr_revenue: float
    holidays: np.ndarray | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def load(self) -> FloatArray:
        return self.plant.load

    @property
    def tariff(self) -> Tariff:
        return self.plant.tariff


# ---------------------------------------------------------------------------
# pydantic errors → InputError


def _loc_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for p in loc:
        if isinstance(p, int):
            out += f"[{p}]"
        elif (isinstance(p, str) and ("[" in p or p.startswith(("function-", "literal")))) or p in (
            "str",
            "TariffSpec",
            "list[int]",
            "int",
            "float",
        ):
            continue
        else:
            out += f".{p}" if out else str(p)
    return out


_BOUND_OPS = {
    "less_than_equal": "≤",
    "greater_than_equal": "≥",
    "less_than": "<",
    "greater_than": ">",
}


def validation_error(exc: ValidationError, origin: str, prefix: str = "") -> InputError:
    """The most specific pydantic error as an InputError."""
    err = max(exc.errors(), key=lambda e: len(e["loc"]))
    path = _loc_path(tuple(err["loc"]))
    if prefix:
        path = f"{prefix}.{path}" if path else prefix
    kind = err["type"]
    if kind == "missing":
        expected = "this required field"
    elif kind == "extra_forbidden":
        expected = "no such field (check the spelling; see `gridatlas microgrid template`)"
    elif kind in _BOUND_OPS:
        bound = next(iter((err.get("ctx") or {}).values()), "")
        bound_text = f"{bound:,.10g}" if isinstance(bound, int | float) else str(bound)
        expected = f"a number {_BOUND_OPS[kind]} {bound_text} (see gridatlas.domain.bounds)"
    elif kind == "finite_number":
        expected = "a finite number"
    else:
        expected = err["msg"].removeprefix("Value error, ").replace("Input should be", "")
        expected = expected.strip() or err["msg"]
    got = err.get("input") if kind not in ("missing", "extra_forbidden") else None
    if isinstance(got, dict | list):
        got = None
    return InputError(origin, path, expected, got)


M = TypeVar("M", bound=BaseModel)


def _validate(model: type[M], raw: Any, origin: str, prefix: str = "") -> M:
    if not isinstance(raw, dict):
        raise InputError(origin, prefix, "a mapping of fields")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise validation_error(exc, origin, prefix) from None


# ---------------------------------------------------------------------------
# tariff


def checked_tariff(raw: Any, origin: str, year: int = 2025) -> TariffSpec:
    """Validate a raw tariff mapping and build it once for ``year`` (every check a site's
    tariff gets: fields, citations, hours covering each day, prices for every period)."""
    spec = _validate(TariffSpec, raw, origin)
    tariff_from_spec(spec, calendar(year), origin)
    return spec


def tariff_from_spec(
    spec: TariffSpec,
    cal: Calendar,
    origin: str,
    prefix: str = "",
    holidays: np.ndarray | None = None,
) -> Tariff:
    """Build the numeric :class:`Tariff`; errors name ``origin`` and the field."""
    p = f"{prefix}." if prefix else ""
    month_maps = np.full((12, 24), -1, dtype=np.int8)
    month_prices = np.full((12, len(PERIODS)), np.nan)
    base = np.array([spec.prices_yuan_per_kwh.get(k, np.nan) for k in PERIODS])  # type: ignore[call-overload]
    seen = np.full(12, -1)
    for i, rule in enumerate(spec.schedule):
        where = f"{p}schedule[{i}]"
        try:
            months = (
                parse_ranges(rule.months, 1, 12, "month")
                if isinstance(rule.months, str)
                else list(rule.months)
            )
        except HoursError as e:
            raise InputError(origin, f"{where}.months", e.expected, e.got) from None
        for mo in months:
            if not 1 <= mo <= 12:
                raise InputError(origin, f"{where}.months", "months 1..12", mo)
            if seen[mo - 1] >= 0:
                raise InputError(
                    origin,
                    f"{where}.months",
                    f"each month in one rule only (month {mo} is also in schedule[{seen[mo - 1]}])",
                )
            seen[mo - 1] = i
        try:
            hm = hour_map({str(k): v for k, v in rule.periods.items()})
        except HoursError as e:
            raise InputError(origin, f"{where}.periods", e.expected, e.got) from None
        prices = base.copy()
        for k, v in (rule.prices_yuan_per_kwh or {}).items():
            prices[PERIODS.index(k)] = v
        for k in set(rule.periods):
            if math.isnan(prices[PERIODS.index(k)]):
                raise InputError(
                    origin, f"{p}prices_yuan_per_kwh.{k}", f"a price for period {k} used in {where}"
                )
        for mo in months:
            month_maps[mo - 1] = hm
            month_prices[mo - 1] = prices
    missing = [str(m + 1) for m in range(12) if seen[m] < 0]
    if missing:
        raise InputError(
            origin,
            f"{p}schedule",
            "rules covering all 12 months",
            "missing months " + ", ".join(missing),
        )
    hol_days = None
    hol_map = None
    if spec.holidays.dates or holidays is not None:
        hol_days = np.zeros(cal.days, dtype=bool) if holidays is None else holidays.copy()
        for j, d in enumerate(spec.holidays.dates):
            try:
                hol_days[cal.day_of(d)] = True
            except (HoursError, ValueError, IndexError):
                raise InputError(
                    origin, f"{p}holidays.dates[{j}]", f"a date MM-DD in {cal.year}", d
                ) from None
        if spec.holidays.periods is not None:
            try:
                hol_map = hour_map({str(k): v for k, v in spec.holidays.periods.items()})
            except HoursError as e:
                raise InputError(origin, f"{p}holidays.periods", e.expected, e.got) from None
            for k in spec.holidays.periods:
                if math.isnan(base[PERIODS.index(k)]):
                    raise InputError(
                        origin, f"{p}prices_yuan_per_kwh.{k}", f"a price for period {k}"
                    )
    if hol_map is None:
        hol_days = None
    prices_filled = np.nan_to_num(month_prices, nan=0.0)
    period, price = price_series(cal, month_maps, prices_filled, hol_days, hol_map)
    return Tariff(
        name=spec.name,
        calendar=cal,
        period=period,
        price=price,
        basis=spec.basis,
        demand_charge=spec.demand_charge_yuan_per_kw_month,
        capacity_charge=spec.capacity_charge_yuan_per_kva_month,
        transformer_kva=0.0,
        export_allowed=spec.export.allowed,
        export_price=spec.export.price_yuan_per_kwh,
        export_limit=math.inf if spec.export.limit_kw is None else spec.export.limit_kw,
        illustrative=spec.illustrative,
    )


# ---------------------------------------------------------------------------
# profiles


def _check_profile(values: Any, origin: str, path: str, row_offset: int = 0) -> FloatArray:
    arr = (
        np.asarray([np.nan if v is None else v for v in values], dtype=np.float64)
        if not isinstance(values, np.ndarray)
        else values.astype(np.float64)
    )
    if arr.size != HOURS:
        raise InputError(
            origin, path, f"{HOURS} hourly values (one non-leap year)", f"{arr.size} values"
        )
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InputError(
            origin, f"{path}[{int(bad[0]) + row_offset}]", "a number (no missing values)"
        )
    neg = np.flatnonzero(arr < 0)
    if neg.size:
        raise InputError(
            origin, f"{path}[{int(neg[0]) + row_offset}]", "a value ≥ 0", float(arr[neg[0]])
        )
    big = np.flatnonzero(arr > SITE_KW_MAX)
    if big.size:
        raise InputError(
            origin,
            f"{path}[{int(big[0]) + row_offset}]",
            f"a value ≤ {SITE_KW_MAX:,.0f} kW (the bound on one site's power)",
            float(arr[big[0]]),
        )
    return arr


def read_profile_csv(path: Path, origin: str, field_path: str) -> FloatArray:
    """The last numeric column of a CSV (header optional) as 8760 values."""
    if not path.exists():
        raise InputError(origin, field_path, f"an existing CSV file ({path})")
    values: list[float | None] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    start = 0
    if rows and rows[0]:
        try:
            float(rows[0][-1])
        except ValueError:
            start = 1
    for i, row in enumerate(rows[start:], start=start + 1):
        cell = row[-1].strip() if row else ""
        if cell == "":
            values.append(None)
            continue
        try:
            values.append(float(cell))
        except ValueError:
            raise InputError(str(path), f"row {i}", "a number", cell) from None
    if values and len(values) != HOURS:
        raise InputError(
            str(path), field_path, f"{HOURS} hourly rows after the header", f"{len(values)} rows"
        )
    try:
        return _check_profile(values, str(path), "row", row_offset=start + 1)
    except InputError as e:
        if e.field.startswith("row["):
            row_no = e.field[4:-1]
            raise InputError(str(path), f"row {row_no}", e.expected, e.got) from None
        raise


# ---------------------------------------------------------------------------
# the site


def rest_days(cal: Calendar, holidays: np.ndarray | None) -> npt.NDArray[np.bool_]:
    """Weekends and public holidays, one flag per day: DR events are not called on them."""
    rest = cal.weekday[::24] >= 5
    return rest | holidays if holidays is not None else rest


def dr_events(
    d: DemandResponseSpec, days: npt.NDArray[np.int64], hours: int
) -> tuple[npt.NDArray[np.bool_], float]:
    """The event hours of DR events on ``days`` and their yearly compensation. [元/yr]"""
    mask = event_mask(days, d.event_start_hour, d.duration_hours, hours)
    revenue = compensation(
        d.compensation_unit,
        d.price,
        d.committed_kw,
        int(days.size),
        d.duration_hours,
        d.enrolled_months,
    )
    return mask, revenue


def site_from_dict(
    raw: Any,
    origin: str,
    base_dir: Path | None,
    tariff_loader: TariffLoader,
    holidays_for: Callable[[int], np.ndarray | None] | None = None,
) -> Site:
    """Validate and resolve a raw site mapping.

    Parameters
    ----------
    raw : dict
        The site as read from YAML or the Excel template.
    origin : str
        The file path or ``bundled:NAME``, used in error messages.
    base_dir : Path or None
        Folder that relative CSV and tariff paths are resolved against.
    tariff_loader : callable
        ``(reference, base_dir) → (raw tariff, origin)``.
    holidays_for : callable, optional
        ``year → bool array of public holidays`` (None when unknown).
    """
    spec = _validate(SiteSpec, raw, origin)
    prov = find_province(spec.province)
    if prov is None:
        raise InputError(
            origin,
            "province",
            "a province name or code (e.g. 广东, Guangdong or GD)",
            spec.province,
        )
    try:
        cal = calendar(spec.year)
    except HoursError as e:
        raise InputError(origin, "year", e.expected, e.got) from None
    holidays = holidays_for(spec.year) if holidays_for is not None else None

    # tariff
    if isinstance(spec.tariff, TariffSpec):
        tspec, t_origin, prefix = spec.tariff, origin, "tariff"
    else:
        traw, t_origin = tariff_loader(spec.tariff, base_dir)
        tspec, prefix = _validate(TariffSpec, traw, t_origin), ""
    tariff = tariff_from_spec(tspec, cal, t_origin, prefix, holidays)
    g = spec.grid
    basis = g.basis or tspec.basis
    if basis == "capacity" and g.transformer_kva <= 0:
        raise InputError(
            origin, "grid.transformer_kva", "a transformer rating > 0 on the capacity basis"
        )
    export_allowed = tspec.export.allowed if g.export_allowed is None else g.export_allowed
    limit = g.export_limit_kw if g.export_limit_kw is not None else tspec.export.limit_kw
    tariff = replace(
        tariff,
        basis=basis,
        transformer_kva=g.transformer_kva,
        export_allowed=export_allowed,
        export_limit=math.inf if limit is None else limit,
    )

    load = _load(spec, origin, base_dir, cal, holidays)
    pv_pu = _pv(spec, origin, base_dir)
    sizes, limits = _sizes_and_limits(spec, origin)

    # demand response
    dr = None
    dr_days = np.zeros(0, dtype=np.int64)
    dr_revenue = 0.0
    d = spec.demand_response
    if d is not None and d.committed_kw > 0:
        most = max(limits.battery_kw[1], sizes.battery_kw) + d.shed_kw_max
        if d.committed_kw > most + 1e-9:
            raise InputError(
                origin,
                "demand_response.committed_kw",
                f"at most the battery power plus shed_kw_max ({most:g} kW)",
                d.committed_kw,
            )
        if d.event_start_hour + d.duration_hours > 24:
            raise InputError(
                origin,
                "demand_response.duration_hours",
                "events that end by 24:00",
                d.duration_hours,
            )
        if d.event_dates is not None:
            days = []
            for j, text in enumerate(d.event_dates):
                try:
                    days.append(cal.day_of(text))
                except (HoursError, ValueError, IndexError):
                    raise InputError(
                        origin,
                        f"demand_response.event_dates[{j}]",
                        f"a date MM-DD in {cal.year}",
                        text,
                    ) from None
            dr_days = np.unique(np.array(days, dtype=np.int64))
        else:
            dr_days = peak_days(
                load, cal, list(d.event_months), d.events_per_year, rest_days(cal, holidays)
            )
            if dr_days.size < d.events_per_year:
                raise InputError(
                    origin,
                    "demand_response.events_per_year",
                    f"at most the {dr_days.size} working days in event_months",
                    d.events_per_year,
                )
        mask, dr_revenue = dr_events(d, dr_days, cal.hours)
        dr = DemandResponse(mask, d.committed_kw, d.shed_kw_max, d.shed_cost_yuan_per_kwh)
        low = load[mask]
        if (low < d.committed_kw - 1e-9).any():
            h = int(np.flatnonzero(mask)[int(np.argmin(low))])
            raise InputError(
                origin,
                "demand_response.committed_kw",
                f"at most the site load in every event hour (day {h // 24 + 1}, {h % 24}:00 has {float(load[h]):.0f} kW)",
                d.committed_kw,
            )

    b = spec.battery
    plant = Plant(
        load=load,
        pv_pu=pv_pu,
        tariff=tariff,
        charge_efficiency=b.charge_efficiency,
        discharge_efficiency=b.discharge_efficiency,
        depth_of_discharge=b.depth_of_discharge,
        cycle_cost=b.cycle_cost_yuan_per_kwh,
        dr=dr,
    )
    return Site(
        name=spec.name,
        title=spec.title or spec.name,
        province=prov,
        origin=origin,
        spec=spec,
        tariff_spec=tspec,
        tariff_origin=t_origin,
        plant=plant,
        sizes=sizes,
        limits=limits,
        dr_days=dr_days,
        dr_revenue=dr_revenue,
        holidays=holidays,
        raw=raw if isinstance(raw, dict) else {},
    )


def name_seed(name: str) -> int:
    """The default seed of a site's synthetic load: the sum of its name's code points."""
    return sum(ord(c) for c in name)


def _load(
    spec: SiteSpec, origin: str, base_dir: Path | None, cal: Calendar, holidays: np.ndarray | None
) -> FloatArray:
    ld = spec.load
    given = [k for k in ("shape", "profile_csv", "profile_kw") if getattr(ld, k) is not None]
    if len(given) != 1:
        raise InputError(
            origin, "load", "exactly one of shape, profile_csv or profile_kw", given or None
        )
    if ld.shape is not None:
        if ld.annual_kwh is None or ld.peak_kw is None:
            missing = "annual_kwh" if ld.annual_kwh is None else "peak_kw"
            raise InputError(origin, f"load.{missing}", "a value > 0 to scale the synthetic shape")
        lf = ld.annual_kwh / (ld.peak_kw * cal.hours)
        if lf > 1:
            raise InputError(
                origin,
                "load.annual_kwh",
                f"at most peak_kw × 8760 h = {ld.peak_kw * cal.hours:,.0f} kWh (load factor ≤ 1)",
                ld.annual_kwh,
            )
        seed = name_seed(spec.name) if ld.seed is None else ld.seed
        try:
            return scale_to_energy_and_peak(
                raw_shape(ld.shape, cal, holidays, seed), ld.annual_kwh, ld.peak_kw
            )
        except ValueError as e:
            raise InputError(
                origin, "load.annual_kwh", f"a load factor this shape can reach ({e})"
            ) from None
    if ld.profile_kw is not None:
        return _check_profile(ld.profile_kw, origin, "load.profile_kw")
    assert ld.profile_csv is not None
    path = Path(ld.profile_csv)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return read_profile_csv(path, origin, "load.profile_csv")


def _pv(spec: SiteSpec, origin: str, base_dir: Path | None) -> FloatArray:
    pv = spec.pv
    if pv.profile_csv is not None and pv.specific_yield_kwh_per_kwp is not None:
        raise InputError(origin, "pv", "either profile_csv or specific_yield_kwh_per_kwp, not both")
    if pv.profile_csv is not None:
        path = Path(pv.profile_csv)
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        prof = read_profile_csv(path, origin, "pv.profile_csv")
        if prof.max() > 1.5:
            raise InputError(
                str(path), "", "PV output per kWp (values up to about 1 kW/kWp)", float(prof.max())
            )
        return prof
    if pv.specific_yield_kwh_per_kwp is not None:
        if pv.specific_yield_kwh_per_kwp > 2500:
            raise InputError(
                origin,
                "pv.specific_yield_kwh_per_kwp",
                "a yield ≤ 2500 kWh/kWp",
                pv.specific_yield_kwh_per_kwp,
            )
        return pv_per_kwp(
            spec.latitude,
            spec.longitude,
            pv.specific_yield_kwh_per_kwp,
            spec.year,
            pv.tilt_deg,
            pv.azimuth_deg,
            pv.weather_variability,
        )
    if pv.pv_kw > 0 or (pv.pv_kw_max or 0) > 0:
        raise InputError(
            origin, "pv.specific_yield_kwh_per_kwp", "a yield or a profile_csv when PV is built"
        )
    return np.zeros(HOURS)


def _sizes_and_limits(spec: SiteSpec, origin: str) -> tuple[Sizes, SizeLimits]:
    pv, b, fin = spec.pv, spec.battery, spec.finance
    roof = math.inf if pv.roof_area_m2 is None else pv.roof_area_m2 / pv.area_per_kw_m2
    if pv.pv_kw > roof + 1e-9:
        raise InputError(
            origin, "pv.pv_kw", f"at most roof_area_m2 / area_per_kw_m2 = {roof:,.0f} kWp", pv.pv_kw
        )
    pv_max = min(pv.pv_kw_max if pv.pv_kw_max is not None else pv.pv_kw, roof)
    if pv.pv_kw_min > pv_max + 1e-9:
        raise InputError(
            origin,
            "pv.pv_kw_min",
            f"at most the PV limit ({pv_max:,.0f} kWp from pv_kw_max and the roof)",
            pv.pv_kw_min,
        )
    if b.power_kw > 0 and b.energy_kwh <= 0:
        raise InputError(
            origin, "battery.energy_kwh", "energy > 0 when battery.power_kw > 0", b.energy_kwh
        )
    if b.energy_kwh > 0 and b.power_kw <= 0:
        raise InputError(
            origin, "battery.power_kw", "power > 0 when battery.energy_kwh > 0", b.power_kw
        )
    p_max = b.power_kw_max if b.power_kw_max is not None else b.power_kw
    e_max = b.energy_kwh_max if b.energy_kwh_max is not None else b.energy_kwh
    if p_max > 0 and e_max <= 0:
        raise InputError(
            origin, "battery.energy_kwh_max", "energy > 0 when power may be > 0", e_max
        )
    dmax = b.duration_h_max
    if dmax is not None and dmax < b.duration_h_min:
        raise InputError(
            origin,
            "battery.duration_h_max",
            f"at least duration_h_min ({b.duration_h_min:g} h)",
            dmax,
        )
    if b.power_kw > 0:
        dur = b.energy_kwh / b.power_kw
        if dur < b.duration_h_min - 1e-9 or (dmax is not None and dur > dmax + 1e-9):
            raise InputError(
                origin,
                "battery.energy_kwh",
                f"a duration energy/power within [{b.duration_h_min:g}, {dmax if dmax is not None else '∞'}] h",
                f"{dur:.2f} h",
            )
    r, n = fin.discount_rate, fin.analysis_years
    a = crf(r, n)
    repl = 0.0
    if b.replacement_year is not None and b.replacement_year <= n:
        repl = b.replacement_cost_yuan_per_kwh * (1 + r) ** -b.replacement_year * a
    limits = SizeLimits(
        pv_kw=(pv.pv_kw_min, pv_max),
        battery_kw=(0.0, p_max),
        battery_kwh=(0.0, e_max),
        duration_h=(b.duration_h_min, dmax),
        pv_annual=pv.capex_yuan_per_kw * a + pv.opex_yuan_per_kw_year,
        battery_kw_annual=b.capex_yuan_per_kw * a,
        battery_kwh_annual=b.capex_yuan_per_kwh * a + b.opex_yuan_per_kwh_year + repl,
    )
    return Sizes(pv.pv_kw, b.power_kw, b.energy_kwh), limits
