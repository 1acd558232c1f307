"""User scenarios on a named case: what-if overrides, then the balance engine.

A scenario is a named set of :class:`Overrides` on one of the cases that
:func:`gridatlas.app.cases.list_cases` returns. The web API and any other
caller run them through :func:`run_scenario`, which loads the case with
:func:`gridatlas.app.cases.load_case` and balances it with
:func:`gridatlas.runners.balance.run_balance`, exactly like ``gridatlas balance``;
with no overrides the result is the CLI's.

Only names from the case list are accepted (:func:`require_case`): a name is
never turned into a path, so ``../x`` or ``/etc/passwd`` cannot reach the file
system.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from gridatlas.app.cases import CaseInfo, list_cases, load_case
from gridatlas.core.errors import InputError
from gridatlas.core.units import capacity_factor
from gridatlas.domain.case import Case, case_from_dict
from gridatlas.domain.case_spec import HYDROLOGIES, TECHNOLOGIES
from gridatlas.runners.balance import BalanceResult, run_balance

__all__ = [
    "LINK_FIELDS",
    "Overrides",
    "apply_overrides",
    "case_infos",
    "case_names",
    "require_case",
    "run_scenario",
]

#: Link fields a scenario may change, with what each holds.
LINK_FIELDS: dict[str, str] = {
    "from_year": "first year in service",
    "until_year": "last year in service",
    "rating": "rating [case unit]",
    "share": "share of the link serving this province [p.u.]",
    "fraction": "contracted fraction of the rating [p.u.]",
}


@dataclasses.dataclass(frozen=True)
class Overrides:
    """What-if changes to a case (all optional; empty means the case as published).

    Attributes
    ----------
    peak_growth : dict
        weather → year → peak-load growth. [p.u./yr] Years not given keep the
        case's growth; years with a published peak load stay published.
    coefficients : dict
        technology → hydrology → effective-capacity coefficient. [p.u.]
    links : dict
        link name → field (see :data:`LINK_FIELDS`) → value.
    added_capacity : dict
        technology → year → capacity added on top of the case. [万千瓦]
    """

    peak_growth: dict[str, dict[int, float]] = dataclasses.field(default_factory=dict)
    coefficients: dict[str, dict[str, float]] = dataclasses.field(default_factory=dict)
    links: dict[str, dict[str, float | int | None]] = dataclasses.field(default_factory=dict)
    added_capacity: dict[str, dict[int, float]] = dataclasses.field(default_factory=dict)

    def is_empty(self) -> bool:
        """True when nothing is changed."""
        return not (self.peak_growth or self.coefficients or self.links or self.added_capacity)


@lru_cache(maxsize=1)
def _case_infos() -> tuple[CaseInfo, ...]:
    return tuple(list_cases())


def case_infos() -> list[CaseInfo]:
    """The case list (read once per process)."""
    return list(_case_infos())


def case_names() -> list[str]:
    """Names a user may give: exactly those of :func:`gridatlas.app.cases.list_cases`."""
    return [c.name for c in _case_infos()]


def require_case(name: str) -> str:
    """``name`` if it is in the case list, else an :class:`InputError` (never a path)."""
    if name in case_names():
        return name
    raise InputError("case", "name", "one of " + ", ".join(case_names()), name)


@lru_cache(maxsize=64)
def _base_case(name: str) -> Case:
    return load_case(name)


def _fail(case: Case, path: str, expected: str, got: object) -> InputError:
    return InputError(f"overrides on {case.name}", path, expected, got)


def _year_index(case: Case, year: int, path: str) -> int:
    years = [int(y) for y in case.years]
    if year not in years:
        raise _fail(case, path, f"a year of the case ({years[0]}–{years[-1]})", year)
    return years.index(year)


def _finite(case: Case, value: float, path: str, low: float, high: float) -> float:
    if not math.isfinite(value) or not low <= value <= high:
        raise _fail(case, path, f"a number in [{low:g}, {high:g}]", value)
    return float(value)


def _raw_changes(case: Case, ov: Overrides) -> dict[str, Any]:
    raw = copy.deepcopy(case.raw)
    weathers = raw.setdefault("load", {}).setdefault("weather", {})
    for w, by_year in ov.peak_growth.items():
        if w not in case.weathers:
            raise _fail(
                case, "peak_growth", "a weather of the case: " + ", ".join(case.weathers), w
            )
        growth = [None if np.isnan(g) else float(g) for g in case.weathers[w].growth]
        for year, g in by_year.items():
            path = f"peak_growth.{w}.{year}"
            growth[_year_index(case, year, path)] = _finite(case, g, path, -0.5, 1.0)
        weathers.setdefault(w, {})["peak_growth"] = growth
    coefs = raw.get("coefficients") or {}
    for tech, by_hyd in ov.coefficients.items():
        if tech not in TECHNOLOGIES:
            raise _fail(case, "coefficients", "a technology: " + ", ".join(TECHNOLOGIES), tech)
        table = dict(case.coefficients[tech])
        for h, c in by_hyd.items():
            if h not in HYDROLOGIES:
                raise _fail(case, f"coefficients.{tech}", ", ".join(HYDROLOGIES), h)
            table[h] = _finite(case, c, f"coefficients.{tech}.{h}", 0.0, 1.0)
        coefs[tech] = {h: table[h] for h in HYDROLOGIES if h in table}
    if ov.coefficients:
        raw["coefficients"] = coefs
    by_name = {item.get("name"): item for item in raw.get("links", []) if isinstance(item, dict)}
    for name, fields in ov.links.items():
        if name not in by_name:
            known = ", ".join(str(n) for n in by_name) or "none"
            raise _fail(case, "links", f"a link of the case ({known})", name)
        for key, value in fields.items():
            if key not in LINK_FIELDS:
                raise _fail(case, f"links.{name}", "one of " + ", ".join(LINK_FIELDS), key)
            by_name[name][key] = value
    return raw


def apply_overrides(case: Case, ov: Overrides) -> Case:
    """A new, fully checked case with the overrides applied.

    Raises
    ------
    InputError
        When an override names something the case does not have, or the changed
        case fails the case checks.
    """
    if ov.is_empty():
        return case
    out = case
    if ov.peak_growth or ov.coefficients or ov.links:
        out = case_from_dict(_raw_changes(case, ov), case.origin)
    if ov.added_capacity:
        mw = capacity_factor("万千瓦")
        capacity = dict(out.capacity)
        for tech, by_year in ov.added_capacity.items():
            if tech not in TECHNOLOGIES:
                raise _fail(case, "added_capacity", ", ".join(TECHNOLOGIES), tech)
            add = np.zeros(len(out.years))
            for year, v in by_year.items():
                path = f"added_capacity.{tech}.{year}"
                add[_year_index(case, year, path)] = _finite(case, v, path, -1e5, 1e5) * mw
            new = capacity[tech] + add
            if (new < 0).any():
                raise _fail(
                    case, f"added_capacity.{tech}", "a total capacity ≥ 0", float(new.min())
                )
            capacity[tech] = new
        out = dataclasses.replace(out, capacity=capacity)
    return out


def run_scenario(
    name: str, overrides: Overrides | None = None, scenarios: Sequence[str] | None = None
) -> BalanceResult:
    """Balance of a listed case with optional overrides (``gridatlas balance NAME`` when none)."""
    key = require_case(name)
    if overrides is None or overrides.is_empty():
        return _published(key, tuple(scenarios) if scenarios else None)
    return run_balance(apply_overrides(_base_case(key), overrides), scenarios)


@lru_cache(maxsize=256)
def _published(name: str, scenarios: tuple[str, ...] | None) -> BalanceResult:
    # a listed case as published never changes within a process: balance it once
    return run_balance(_base_case(name), scenarios)
