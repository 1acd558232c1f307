"""National probabilistic adequacy: the 31 provinces as one multi-region system.

:func:`build_national_system` turns the balance cases of
:func:`gridatlas.app.national.run_national` and the bundled national dataset into
a :class:`~gridatlas.domain.power_system.PowerSystem` for one year:

* one region per province; hourly load = the province's normalised shape scaled so
  that its peak equals the balance case's ``normal-neutral`` peak in that year;
* coal, gas, nuclear and hydro as unit classes of a typical size (``data/adequacy/
  outage_defaults.csv``, outage data from IEEE RTS-79); hydro units derated by the
  case's hydro coefficient for normal hydrology;
* pumped and new-type storage as one storage device per province and technology
  (``storage_defaults.csv``), no outages;
* wind (synthetic) and solar (pvlib clear-sky at the capital) as variable resources;
* interfaces between provinces from the UHV registry in the bundled ``links.csv``
  (operating lines in service by that year, rating both ways, parallel lines summed).

:func:`run_national_adequacy` runs it and finds, per province, the perfectly firm
capacity that brings its LOLD to a target, and lines both up with the balance's
reserve margin.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

import numpy as np

from gridatlas.app.national import NationalBalance, run_national
from gridatlas.app.national_data import national_data
from gridatlas.core.errors import InputError
from gridatlas.domain.power_system import (
    Interface,
    PowerSystem,
    Region,
    Storage,
    UnitClass,
    VariableResource,
)
from gridatlas.model.outage_defaults import (
    WIND_AR1,
    WIND_DIURNAL,
    WIND_SEASON,
    WIND_SLOPE,
    scale_to_peak,
    split_units,
    synthetic_wind,
)
from gridatlas.model.pv_profile import pv_per_kwp
from gridatlas.runners.adequacy import SYSTEM, joint_firm_to_target, run_arrays, to_arrays
from gridatlas.runners.national_adequacy import NationalAdequacy, ProvinceAdequacy, verdict
from gridatlas.sources.adequacy_defaults import (
    capitals,
    outage_defaults,
    storage_defaults,
    variable_defaults,
)
from gridatlas.sources.national import NationalData

#: The balance scenario whose peak and margin the system is built on.
SCENARIO: Final = "normal-neutral"
#: The hydrology whose hydro coefficient derates hydro units.
HYDROLOGY: Final = "normal"
#: Thermal and hydro technologies modelled as unit classes.
UNIT_TECHNOLOGIES: Final = ("coal", "gas", "nuclear", "hydro")
STORAGE_TECHNOLOGIES: Final = ("pumped_storage", "new_storage")
#: Firm-capacity search: tolerance and first step as shares of the province's peak.
FIRM_TOLERANCE_SHARE: Final = 0.01
FIRM_START_SHARE: Final = 0.05
#: Firm-capacity search ceiling as a multiple of the province's peak.
FIRM_UPPER_SHARE: Final = 2.0
#: Seed offset of each province's synthetic wind profile (seed = offset + position).
WIND_SEED: Final = 20_250


@dataclass(frozen=True)
class NationalSystem:
    """The built system and what the comparison needs from the balance."""

    year: int
    system: PowerSystem
    peak_mw: dict[str, float]
    reserve_margin: dict[str, float]
    tightness: dict[str, str]
    installed_mw: dict[str, dict[str, float]]
    missing: dict[str, list[str]]
    sources: list[str] = field(default_factory=list)


def _wind_source() -> str:
    return (
        f"synthetic: AR(1) a={WIND_AR1:.2f} + seasonal {WIND_SEASON:.2f}"
        f" + diurnal {WIND_DIURNAL:.2f}, logistic slope {WIND_SLOPE:.1f},"
        " scaled to the capacity factor of data/adequacy/variable_defaults.csv"
    )


def _interfaces(data: NationalData, year: int, provinces: list[str]) -> list[Interface]:
    links = data.links
    known = set(provinces)
    pairs: dict[tuple[str, str], float] = {}
    for rec in links.to_dict("records"):
        a, b, mw, y = rec["from_province"], rec["to_province"], rec["mw"], rec["year"]
        if rec["status"] != "operating" or a == b or a not in known or b not in known:
            continue
        if mw is None or y is None or (isinstance(mw, float) and math.isnan(mw)):
            continue
        try:
            if int(y) > year:
                continue
        except (TypeError, ValueError):
            continue
        key = (a, b) if provinces.index(a) < provinces.index(b) else (b, a)
        pairs[key] = pairs.get(key, 0.0) + float(mw)
    return [
        Interface(
            name=f"{a}-{b}", from_region=a, to_region=b, limit_forward_mw=mw, limit_backward_mw=mw
        )
        for (a, b), mw in sorted(pairs.items())
    ]


def build_national_system(
    year: int, balance: NationalBalance | None = None, data: NationalData | None = None
) -> NationalSystem:
    """The 31-province adequacy system for ``year`` (see module docstring)."""
    balance = balance if balance is not None else run_national()
    data = data if data is not None else national_data()
    outages, stores, variables, caps = (
        outage_defaults(),
        storage_defaults(),
        variable_defaults(),
        capitals(),
    )
    provinces = list(balance.results)
    regions: list[Region] = []
    units: list[UnitClass] = []
    storage: list[Storage] = []
    variable: list[VariableResource] = []
    peak: dict[str, float] = {}
    margin: dict[str, float] = {}
    tight: dict[str, str] = {}
    installed: dict[str, dict[str, float]] = {}
    for k, code in enumerate(provinces):
        res = balance.results[code]
        if year not in res.years:
            span = f"{res.years[0]}–{res.years[-1]}"
            raise InputError("--year", "", f"a year of the balance cases ({span})", year)
        j, i = res.years.index(year), res.scenario(SCENARIO)
        peak[code] = float(res.peak_load[i, j])
        margin[code] = float(res.reserve_margin[i, j])
        tight[code] = str(res.tightness[i, j])
        case = res.case
        installed[code] = {t: float(v[j]) for t, v in case.capacity.items()}
        regions.append(
            Region(name=code, load_mw=scale_to_peak(data.shape(code), peak[code]).tolist())
        )
        for tech in UNIT_TECHNOLOGIES:
            row = outages[tech]
            count, size = split_units(installed[code][tech], float(row["unit_mw"]))
            if count == 0:
                continue
            derate = case.coefficients["hydro"][HYDROLOGY] if tech == "hydro" else 1.0
            units.append(
                UnitClass(
                    name=f"{code}-{tech}",
                    region=code,
                    count=count,
                    capacity_mw=size * derate,
                    mttf_h=float(row["mttf_h"]),
                    mttr_h=float(row["mttr_h"]),
                    fuel=tech,
                )
            )
        for tech in STORAGE_TECHNOLOGIES:
            mw = installed[code][tech]
            if mw <= 0:
                continue
            st = stores[tech]
            eff = math.sqrt(float(st["round_trip_efficiency"]))
            storage.append(
                Storage(
                    name=f"{code}-{tech}",
                    region=code,
                    power_mw=mw,
                    energy_mwh=mw * float(st["duration_h"]),
                    charge_efficiency=eff,
                    discharge_efficiency=eff,
                )
            )
        if installed[code]["solar"] > 0:
            cap = caps[code]
            cf = float(variables["solar"]["capacity_factor"])
            pv = pv_per_kwp(float(cap["latitude"]), float(cap["longitude"]), cf * 8760, year=year)
            variable.append(
                VariableResource(
                    name=f"{code}-solar",
                    region=code,
                    kind="solar",
                    capacity_mw=installed[code]["solar"],
                    profile=np.clip(pv, 0.0, 1.0).tolist(),
                    profile_source=f"pvlib clear-sky at {cap['capital_en']}, CF {cf:.3f}",
                )
            )
        if installed[code]["wind"] > 0:
            cf = float(variables["wind"]["capacity_factor"])
            variable.append(
                VariableResource(
                    name=f"{code}-wind",
                    region=code,
                    kind="wind",
                    capacity_mw=installed[code]["wind"],
                    profile=synthetic_wind(WIND_SEED + k, cf).tolist(),
                    profile_source=_wind_source(),
                )
            )
    sources = [
        "balance cases: gridatlas national balance (app.national.run_national), " + SCENARIO,
        "load shape: bundled national load_shape.csv.gz (PyPSA-China-PIK, MIT)",
        "outage data: IEEE RTS-79 (IEEE Trans. PAS-98(6), 1979), published test-system values",
        "interfaces: UHV registry in the bundled links.csv (operating, in service by the year)",
        "wind: " + _wind_source(),
        "solar: pvlib clear-sky at each provincial capital",
    ]
    system = PowerSystem(
        name=f"china-{year}",
        description=f"31 provinces, {year}, built from the national balance cases",
        hours=8760,
        start=datetime(year, 1, 1),
        sources=sources,
        regions=regions,
        units=units,
        variable=variable,
        storage=storage,
        interfaces=_interfaces(data, year, provinces),
    )
    return NationalSystem(
        year=year,
        system=system,
        peak_mw=peak,
        reserve_margin=margin,
        tightness=tight,
        installed_mw=installed,
        missing=dict(balance.missing),
        sources=sources,
    )


def run_national_adequacy(
    year: int,
    samples: int = 200,
    seed: int = 1,
    target_lold: float = 0.1,
    firm_samples: int | None = 100,
    national: NationalSystem | None = None,
) -> NationalAdequacy:
    """LOLE/EUE of every province, firm capacity to the LOLD target, next to the margin.

    ``firm_samples``: samples of each firm-capacity search run (``None``: skip the search).
    """
    ns = national if national is not None else build_national_system(year)
    arrays = to_arrays(ns.system)
    result = run_arrays(arrays, samples, seed)
    firm: dict[str, float] = {}
    reached: dict[str, bool] = {}
    lold_at: dict[str, float] = {}
    evaluations = 0
    if firm_samples is not None:
        peaks = [ns.peak_mw[r] for r in arrays.regions]
        need = joint_firm_to_target(
            arrays,
            target_lold,
            samples=firm_samples,
            seed=seed,
            metric="lold",
            tolerance_mw=[max(FIRM_TOLERANCE_SHARE * p, 1.0) for p in peaks],
            start_mw=[FIRM_START_SHARE * p for p in peaks],
            upper_mw=[FIRM_UPPER_SHARE * p for p in peaks],
        )
        firm, reached, evaluations = need.firm_mw, need.reached, need.evaluations
        lold_at = {r: e.value for r, e in need.at_need.items()}
    rows: list[ProvinceAdequacy] = []
    for code in result.regions:
        m = result.metrics[code]
        rows.append(
            ProvinceAdequacy(
                province=code,
                peak_mw=ns.peak_mw[code],
                reserve_margin=ns.reserve_margin[code],
                tightness=ns.tightness[code],
                lole_h=m["lole"].value,
                lole_se=m["lole"].stderr,
                lold_d=m["lold"].value,
                lold_se=m["lold"].stderr,
                eue_mwh=m["eue"].value,
                eue_se=m["eue"].stderr,
                firm_need_mw=firm.get(code, float("nan")),
                firm_reached=reached.get(code, False),
                lold_at_need=lold_at.get(code, float("nan")),
                verdict=verdict(ns.tightness[code], m["lold"].value, target_lold),
                missing=ns.missing.get(code, []),
            )
        )
    return NationalAdequacy(
        year=year,
        samples=samples,
        seed=seed,
        target_lold=target_lold,
        firm_samples=firm_samples,
        firm_tolerance_share=FIRM_TOLERANCE_SHARE,
        firm_evaluations=evaluations,
        provinces=rows,
        system_lole_h=result.metrics[SYSTEM]["lole"].value,
        system_eue_mwh=result.metrics[SYSTEM]["eue"].value,
        interfaces=len(ns.system.interfaces),
        sources=ns.sources,
    )
