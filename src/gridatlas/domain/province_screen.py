"""Screening the site archetypes in every province that has a tariff: the rules.

A *screen* is one bundled site archetype (its load shape, sizes, costs and
finance) placed in one province under one of that province's tariffs. What
changes when an archetype moves, and what does not, is fixed here:

* **Tariff.** Each archetype connects at :data:`SCREEN_VOLTAGE_KV` and is a
  工商业 customer; it is screened under every tariff of the province whose
  ``user_class`` is one of :data:`SCREEN_CLASSES` and whose ``voltage`` range
  contains 10 kV. A province with no such tariff has no screen: its economics are
  missing, never filled in from another province.
* **Location.** Latitude and longitude become the provincial capital's
  (``data/microgrid/screening_locations.csv``); they set the timing of the
  clear-sky PV profile only. The annual specific PV yield stays the archetype's
  (an assumption, stated in every output).
* **Demand response.** The archetype's commitment (kW, sheddable load) is kept;
  the compensation and event calendar become the tariff's ``demand_response``
  terms. Without provincial terms the screen has no DR income.
* Everything else (load, sizes, costs, finance) is the archetype's; a synthetic
  load keeps the noise seed of the archetype's name, so its hourly load is the
  same in every province.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Final

from gridatlas.core.provinces import Province
from gridatlas.domain.microgrid import TariffSpec
from gridatlas.domain.microgrid_site import name_seed

#: Connection voltage of the screened archetypes. [kV]
SCREEN_VOLTAGE_KV: Final = 10.0
#: Customer classes an archetype may be billed under (all 工商业 variants).
SCREEN_CLASSES: Final = frozenset({"industrial_commercial", "large_industry", "general_commercial"})

_VOLTAGE = re.compile(
    r"^\s*(?:(?P<lo>\d+(?:\.\d+)?)\s*[-–~至]\s*)?(?P<hi>\d+(?:\.\d+)?)\s*(?:kv|千伏)\s*$", re.I
)
#: DR fields that come from the province's terms (the rest stay the archetype's).
_DR_TERMS: Final = (
    "compensation_unit",
    "price",
    "events_per_year",
    "event_months",
    "event_start_hour",
    "duration_hours",
    "enrolled_months",
)


def voltage_range(text: str | None) -> tuple[float, float] | None:
    """The kV range a tariff's ``voltage`` names: ``"1-10kV"`` → (1, 10), ``"10kV"`` → (10, 10).

    None when the text is absent or not of that form (``"不满1千伏"``).
    """
    if not text:
        return None
    m = _VOLTAGE.match(text)
    if m is None:
        return None
    hi = float(m["hi"])
    lo = float(m["lo"]) if m["lo"] else hi
    return (min(lo, hi), max(lo, hi))


def fits_archetypes(tariff: TariffSpec) -> bool:
    """True when the archetypes (10 kV 工商业 customers) may be billed under ``tariff``."""
    rng = voltage_range(tariff.voltage)
    return (
        tariff.user_class in SCREEN_CLASSES
        and rng is not None
        and rng[0] <= SCREEN_VOLTAGE_KV <= rng[1]
    )


@dataclass(frozen=True)
class Location:
    """Where an archetype is placed in a province (the provincial capital)."""

    code: str
    city: str
    latitude: float
    longitude: float


def placed_site(
    archetype: dict[str, Any], tariff: TariffSpec, province: Province, where: Location
) -> dict[str, Any]:
    """The raw site mapping of ``archetype`` placed in ``province`` under ``tariff``.

    The tariff is inlined (the result needs no tariff file); the name becomes
    ``<archetype>-<code>-<tariff>``. Sources of the tariff's DR terms are added to the
    site's sources as ``tariff:<key>``.
    """
    raw = copy.deepcopy(archetype)
    raw["name"] = f"{archetype['name']}-{province.code.lower()}-{tariff.name}"
    raw["province"] = province.code
    raw["latitude"], raw["longitude"] = where.latitude, where.longitude
    raw["tariff"] = tariff.model_dump(mode="json", exclude_none=True)
    load = raw.get("load")
    if isinstance(load, dict) and load.get("shape") is not None and load.get("seed") is None:
        load["seed"] = name_seed(str(archetype["name"]))  # the same load in every province
    dr = raw.get("demand_response")
    terms = tariff.demand_response
    if isinstance(dr, dict):
        if terms is None:
            raw.pop("demand_response")
        else:
            dr = {k: v for k, v in dr.items() if k not in _DR_TERMS and k != "event_dates"}
            dr.update(terms.model_dump(mode="json", include=set(_DR_TERMS)))
            dr["source"] = None
            dr["illustrative"] = bool(tariff.illustrative)
            raw["demand_response"] = {k: v for k, v in dr.items() if v is not None}
    return raw


@dataclass(frozen=True)
class TariffEntry:
    """One tariff a province has, as the economics output lists it."""

    name: str
    title: str
    user_class: str | None
    voltage: str | None
    as_of: str
    illustrative: bool
    fits: bool
    origin: str
    citations: dict[str, str]


@dataclass(frozen=True)
class Screen:
    """One archetype screened under one tariff of a province. Money in 元."""

    archetype: str
    tariff: str
    illustrative: bool
    irr: float | None
    npv: float | None
    payback_years: float | None
    capex: float | None
    savings: float | None
    dr_income: float | None
    sizes: dict[str, float]
    dr: str
    error: str | None = None


def screen_from_summary(
    archetype: str, tariff: TariffSpec, summary: dict[str, Any], dr: str
) -> Screen:
    """A :class:`Screen` from a screening's JSON summary
    (:func:`gridatlas.reports.microgrid_report.to_json_dict` shape, or ``{"error"}``).

    ``dr`` says what happened to demand response: ``provincial`` (the tariff's
    terms), ``none`` (the archetype has none or the province has no terms) or
    ``dropped`` (the commitment did not fit the province's event hours).
    """
    if "error" in summary:
        return Screen(
            archetype, tariff.name, tariff.illustrative, None, None, None, None, None, None, {},
            dr, str(summary["error"]),
        )  # fmt: skip
    revenue = summary["revenue"]
    return Screen(
        archetype=archetype,
        tariff=tariff.name,
        illustrative=bool(summary["illustrative"]),
        irr=summary["irr"],
        npv=summary["npv"],
        payback_years=summary["payback_years"],
        capex=float(sum(summary["capex"].values())),
        savings=float(sum(revenue.values())),
        dr_income=revenue.get("dr_vpp"),
        sizes=dict(summary["sizes"]),
        dr=dr,
    )


@dataclass(frozen=True)
class ProvinceEconomics:
    """A province's tariffs and the screens under them."""

    province: Province
    tariffs: tuple[TariffEntry, ...]
    screens: tuple[Screen, ...]

    @property
    def status(self) -> str:
        """``no_tariff``, ``no_fitting_tariff``, ``no_irr`` (no screen has an IRR) or ``screened``."""
        if not self.tariffs:
            return "no_tariff"
        if not any(t.fits for t in self.tariffs):
            return "no_fitting_tariff"
        return "screened" if self.best is not None else "no_irr"

    @property
    def best(self) -> Screen | None:
        """The screen with the highest project IRR (None when no screen has one)."""
        ok = [s for s in self.screens if s.error is None and s.irr is not None]
        return max(ok, key=lambda s: s.irr or 0.0) if ok else None


@dataclass(frozen=True)
class ProvincialEconomics:
    """The economics of all 31 mainland provinces, with what they assume."""

    provinces: tuple[ProvinceEconomics, ...]
    archetypes: tuple[str, ...]
    optimized: bool
    tariff_dir: str | None
    location_source: str

    def best_irr(self) -> dict[str, float]:
        """Best project IRR by province code, for the provinces that have one. [p.u./yr]"""
        return {
            r.province.code: r.best.irr
            for r in self.provinces
            if r.best is not None and r.best.irr is not None
        }
