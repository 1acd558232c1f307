"""Run a case over its scenario matrix: supply, peak load, margins.

``run_balance(case)`` evaluates every hydrology × weather pair the case
declares, plus the case's own named scenarios (which may override any field),
and returns a :class:`BalanceResult`. The arithmetic lives in
:mod:`gridatlas.model`; this module only wires the case into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang, label, localized, terms
from gridatlas.core.units import capacity_factor
from gridatlas.domain.case import Case, Link, with_overrides
from gridatlas.domain.case_spec import TECHNOLOGIES
from gridatlas.model import adequacy, links, load
from gridatlas.model.adequacy import FloatArray


def _term(name: str, lang: Lang) -> str:
    return label(name, lang) if name in terms() else name


@dataclass(frozen=True)
class Scenario:
    """One evaluated scenario: a hydrology, a weather and the case it runs on."""

    name: str
    hydrology: str
    weather: str
    case: Case
    custom: bool = False
    name_en: str | None = None

    def label(self, lang: Lang = "zh") -> str:
        """Display name, e.g. ``丰水×中性`` or ``wet × neutral``.

        A case's own weather label (written in Chinese) is used for zh; a named
        scenario shows its ``name_en`` in English where the case gives one.
        """
        weather_zh = self.case.weathers[self.weather].label or _term(self.weather, "zh")
        w = localized(lang, weather_zh, _term(self.weather, "en"))
        base = label("scenario_pair", lang, hydrology=label(self.hydrology, lang), weather=w)
        if not self.custom:
            return base
        return f"{localized(lang, self.name, self.name_en or self.name)}: {base}"


def scenario_matrix(case: Case) -> list[Scenario]:
    """Every declared hydrology × weather, then the case's named scenarios."""
    out = [Scenario(f"{h}-{w}", h, w, case) for h in case.hydrologies for w in case.weathers]
    for spec in case.scenarios:
        scen_case = with_overrides(case, spec.overrides) if spec.overrides else case
        out.append(
            Scenario(
                spec.name,
                spec.hydrology,
                spec.weather,
                scen_case,
                custom=True,
                name_en=spec.name_en,
            )
        )
    return out


def link_equivalent(link: Link, hydrology: str) -> FloatArray:
    """Signed equivalent capacity of one link in one hydrology. [MW]"""
    if link.type == "fleet":
        coefs = {t: link.coefficients[t][hydrology] for t in link.fleet}
        value = links.fleet_equivalent(link.fleet, coefs, link.share, link.rating)
    elif link.type == "hydro":
        assert link.rating is not None
        value = links.hydro_link_equivalent(link.rating, link.coefficients["hydro"][hydrology])
    elif link.type in ("contract", "import_capability"):
        assert link.rating is not None
        fraction = 1.0 if link.fraction is None else link.fraction
        value = links.contract_equivalent(link.rating, fraction)
    else:  # fixed
        value = link.value[hydrology]
    return np.broadcast_to(value, link.in_service.shape) * link.in_service * link.sign


def local_supply_by_technology(case: Case, hydrology: str) -> dict[str, FloatArray]:
    """Effective capacity of each in-province technology. [MW]"""
    return {
        t: adequacy.effective_capacity(case.capacity[t], case.coefficients[t][hydrology])
        for t in TECHNOLOGIES
    }


def supply_components(case: Case, hydrology: str) -> dict[str, FloatArray]:
    """Local effective capacity by technology, then each link signed. [MW]"""
    comp = local_supply_by_technology(case, hydrology)
    comp.update({f"link:{link.name}": link_equivalent(link, hydrology) for link in case.links})
    return comp


def effective_supply(case: Case, hydrology: str) -> FloatArray:
    """Total effective supply in one hydrology. [MW]"""
    return np.sum(list(supply_components(case, hydrology).values()), axis=0)


def peak_loads(case: Case) -> dict[str, FloatArray]:
    """Peak-load path of every weather scenario. [MW]"""
    neutral = load.peak_path(case.weathers["neutral"].growth, case.peak_fixed)
    out = {"neutral": neutral}
    for name, w in case.weathers.items():
        if name == "neutral":
            continue
        ref = neutral if case.extreme_path == "shock" else None
        out[name] = load.peak_path(w.growth, case.peak_fixed, reference=ref)
    return out


@dataclass(frozen=True)
class BalanceResult:
    """Results of one case over its scenarios; arrays are (scenario, year), MW.

    Besides the scenario matrix it carries the inputs the report tables show:
    ``link_equivalents`` (link name → hydrology → signed equivalent capacity by
    year [MW]), ``peak_paths`` (weather → peak-load path [MW]) and
    ``peak_growth`` (weather → annual growth of that path [p.u.]).
    """

    case: Case
    scenarios: tuple[Scenario, ...]
    effective_supply: FloatArray
    peak_load: FloatArray
    reserve_margin: FloatArray
    surplus: FloatArray
    tightness: npt.NDArray[np.str_]
    link_equivalents: dict[str, dict[str, FloatArray]] = field(default_factory=dict)
    peak_paths: dict[str, FloatArray] = field(default_factory=dict)
    peak_growth: dict[str, FloatArray] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """The case's years."""
        return [int(y) for y in self.case.years]

    def scenario(self, name: str) -> int:
        """Index of a scenario by name, or by weather alone when that is unique."""
        names = [s.name for s in self.scenarios]
        if name in names:
            return names.index(name)
        by_weather = [i for i, s in enumerate(self.scenarios) if s.weather == name and not s.custom]
        if len(by_weather) == 1:
            return by_weather[0]
        raise InputError(self.case.origin, "--scenario", "one of " + ", ".join(names), name)

    def select(self, names: Sequence[str] | None) -> BalanceResult:
        """The same result restricted to some scenarios."""
        if not names:
            return self
        idx = [self.scenario(n) for n in names]
        return BalanceResult(
            case=self.case,
            scenarios=tuple(self.scenarios[i] for i in idx),
            effective_supply=self.effective_supply[idx],
            peak_load=self.peak_load[idx],
            reserve_margin=self.reserve_margin[idx],
            surplus=self.surplus[idx],
            tightness=self.tightness[idx],
            link_equivalents=self.link_equivalents,
            peak_paths=self.peak_paths,
            peak_growth=self.peak_growth,
        )

    def to_frame(self, unit: str = "MW", lang: Lang = "zh") -> pd.DataFrame:
        """Long table: one row per scenario and year; capacities in ``unit``."""
        k = 1.0 / capacity_factor(unit)
        rows = []
        for i, s in enumerate(self.scenarios):
            for j, year in enumerate(self.years):
                rows.append(
                    {
                        "scenario": s.name,
                        "label": s.label(lang),
                        "year": year,
                        "effective_supply": self.effective_supply[i, j] * k,
                        "peak_load": self.peak_load[i, j] * k,
                        "reserve_margin": self.reserve_margin[i, j],
                        "surplus": self.surplus[i, j] * k,
                        "tightness": str(self.tightness[i, j]),
                    }
                )
        frame = pd.DataFrame(rows)
        frame.attrs["unit"] = unit
        return frame

    def to_json_dict(self, unit: str = "MW") -> dict[str, Any]:
        """The stable JSON shape: margins as fractions, capacities in ``unit``."""
        k = 1.0 / capacity_factor(unit)

        def r(a: FloatArray) -> list[float]:
            # 9 significant digits: exact for any printed input, free of float noise
            return [float(f"{v:.9g}") for v in a]

        return {
            "case": self.case.name,
            "province": {"code": self.case.province.code, "name": self.case.province.short_zh},
            "unit": unit,
            "years": self.years,
            "reserve_band": [self.case.band_min, self.case.band_max],
            "scenarios": {
                s.name: {
                    "label": s.label("zh"),
                    "hydrology": s.hydrology,
                    "weather": s.weather,
                    "effective_supply": r(self.effective_supply[i] * k),
                    "peak_load": r(self.peak_load[i] * k),
                    "reserve_margin": r(self.reserve_margin[i]),
                    "surplus": r(self.surplus[i] * k),
                    "tightness": [str(t) for t in self.tightness[i]],
                }
                for i, s in enumerate(self.scenarios)
            },
        }


def run_balance(case: Case, scenarios: Sequence[str] | None = None) -> BalanceResult:
    """Evaluate a case over its scenario matrix (or the named scenarios)."""
    matrix = scenario_matrix(case)
    peaks = peak_loads(case)
    supply = np.array([effective_supply(s.case, s.hydrology) for s in matrix])
    peak = np.array([peak_loads(s.case)[s.weather] for s in matrix])
    margin = adequacy.reserve_margin(supply, peak)
    bands = np.array([[s.case.band_min, s.case.band_max, s.case.ample_gap] for s in matrix])
    surplus = adequacy.surplus(supply, peak, bands[:, :1])
    tight = np.array(
        [adequacy.tightness(margin[i], *bands[i]) for i in range(len(matrix))], dtype=np.str_
    )
    result = BalanceResult(
        case=case,
        scenarios=tuple(matrix),
        effective_supply=supply,
        peak_load=peak,
        reserve_margin=margin,
        surplus=surplus,
        tightness=tight,
        link_equivalents={
            link.name: {h: link_equivalent(link, h) for h in case.hydrologies}
            for link in case.links
        },
        peak_paths=peaks,
        peak_growth={w: load.growth_from_path(p) for w, p in peaks.items()},
    )
    return result.select(scenarios)
