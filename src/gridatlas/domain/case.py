"""A province's balance case: checked, numeric, in MW.

:func:`case_from_dict` is the one way in: it validates a raw mapping (read
from YAML or from the Excel template) against
:class:`~gridatlas.domain.case_spec.CaseSpec`, checks everything that spans
fields, converts capacities from the declared unit to MW, and returns a frozen
:class:`Case`. Every problem becomes one :class:`~gridatlas.core.errors.InputError`
naming the file, the field path and what was expected.
"""

from __future__ import annotations

import copy
import csv
import itertools
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import Province, find_province
from gridatlas.core.units import CAPACITY_UNITS, capacity_factor
from gridatlas.core.validation import input_error
from gridatlas.domain.bounds import (
    FIRST_YEAR,
    GROWTH_MAX,
    GROWTH_MIN,
    LAST_YEAR,
    PROVINCE_MW_MAX,
    RATIO_MAX,
)
from gridatlas.domain.case_spec import (
    HYDROLOGIES,
    TECHNOLOGIES,
    ByHydrologySpec,
    CaseSpec,
    CoefficientsSpec,
    LinkSpec,
    PipelineSpec,
    ScenarioSpec,
    SourceSpec,
    UncertaintySpec,
)
from gridatlas.domain.overrides import set_path
from gridatlas.domain.series import SeriesError, to_array
from gridatlas.model.adequacy import FloatArray
from gridatlas.model.links import in_service

#: technology → hydrology → coefficient [p.u.]
CoefficientTable = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Link:
    """A link in MW, aligned with the case's years."""

    name: str
    type: str
    direction: str
    peer: str | None
    rating: float | None
    share: float
    fraction: float | None
    fleet: dict[str, FloatArray]
    coefficients: CoefficientTable
    value: dict[str, FloatArray]
    in_service: FloatArray
    source: str | None
    note: str | None = None

    @property
    def sign(self) -> float:
        """+1 for an import, −1 for an export."""
        return 1.0 if self.direction == "import" else -1.0


@dataclass(frozen=True)
class Weather:
    """Peak-load growth of one weather scenario. [p.u./yr]"""

    name: str
    label: str | None
    growth: FloatArray


@dataclass(frozen=True)
class Case:
    """A checked balance case. Capacities and loads in MW."""

    name: str
    province: Province
    title: str
    years: npt.NDArray[np.int64]
    input_unit: str
    capacity: dict[str, FloatArray]
    coefficients: CoefficientTable
    hydrologies: tuple[str, ...]
    links: tuple[Link, ...]
    peak_fixed: FloatArray
    consumption_growth: FloatArray
    weathers: dict[str, Weather]
    extreme_path: str
    band_min: float
    band_max: float
    ample_gap: float
    scenarios: tuple[ScenarioSpec, ...]
    uncertainty: UncertaintySpec
    sources: dict[str, SourceSpec]
    origin: str
    notes: tuple[str, ...] = ()
    pipeline: PipelineSpec | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def notes_text(self) -> list[str]:
        """The case's notes, then each link's note prefixed with its name."""
        return list(self.notes) + [f"{link.name}: {link.note}" for link in self.links if link.note]


@cache
def default_coefficients() -> tuple[CoefficientTable, dict[str, float]]:
    """Default technology and hydro-link coefficients from ``data/coefficients.csv``."""
    text = resources.files("gridatlas.data").joinpath("coefficients.csv").read_text("utf-8")
    tech: CoefficientTable = {}
    hydro_link: dict[str, float] = {}
    for row in csv.DictReader(text.splitlines()):
        value = float(row["coefficient"])
        hyds = [row["hydrology"]] if row["hydrology"] else list(HYDROLOGIES)
        for h in hyds:
            if row["technology"] == "hydro_link":
                hydro_link[h] = value
            else:
                tech.setdefault(row["technology"], {})[h] = value
    return tech, hydro_link


# ---------------------------------------------------------------------------
# resolving


class _Resolver:
    def __init__(self, spec: CaseSpec, origin: str):
        self.spec = spec
        self.origin = origin
        self.years = list(spec.years)

    def fail(self, path: str, expected: str, got: object = None) -> InputError:
        return InputError(self.origin, path, expected, got)

    def series(self, value: Any, path: str, *, allow_missing: bool = False) -> FloatArray:
        try:
            arr = to_array(value, self.years, allow_missing=allow_missing)
        except SeriesError as e:
            where = f"[{e.where}]" if e.where else ""
            raise self.fail(path + where, e.expected, e.got) from None
        inf = np.flatnonzero(np.isinf(arr))
        if inf.size:
            raise self.fail(f"{path}[{self.years[int(inf[0])]}]", "a finite number", arr[inf[0]])
        return arr

    def within(
        self, arr: FloatArray, path: str, low: float, high: float, what: str, scale: float = 1.0
    ) -> FloatArray:
        """``arr`` if every given value lies in [low, high]; NaN (missing) passes.

        ``scale`` converts ``arr`` to the unit of the bounds (e.g. MW per case unit).
        """
        out = np.flatnonzero((arr < low / scale) | (arr > high / scale))
        if out.size:
            i = int(out[0])
            expected = f"{what} ≥ {low / scale:,.10g} and ≤ {high / scale:,.10g}"
            if scale != 1.0:
                expected += f" {self.spec.unit} (≤ {high:,.10g} MW)"
            raise self.fail(f"{path}[{self.years[i]}]", expected, float(arr[i]))
        return arr

    def mw(self, value: Any, path: str, mw: float, what: str, low: float = 0.0) -> FloatArray:
        """A capacity-like series in MW, checked against the province bound."""
        arr = self.series(value, path)
        return self.within(arr, path, low, PROVINCE_MW_MAX, what, mw) * mw

    def source(self, ref: str | None, path: str) -> str | None:
        if ref is None or not self.spec.sources:
            return ref
        key = ref.split()[0] if ref.split() else ""
        if key not in self.spec.sources:
            known = ", ".join(self.spec.sources)
            raise self.fail(path, f"a source key defined under `sources:` ({known})", key)
        return ref

    def check_years(self) -> None:
        y = self.years
        if not all(FIRST_YEAR <= v <= LAST_YEAR for v in y):
            raise self.fail("years", f"years from {FIRST_YEAR} to {LAST_YEAR}", y)
        if any(b != a + 1 for a, b in itertools.pairwise(y)):
            raise self.fail("years", "consecutive years in ascending order", y)

    def coefficients(
        self, spec: CoefficientsSpec | None, base: CoefficientTable, path: str
    ) -> CoefficientTable:
        table = {t: dict(h) for t, h in base.items()}
        if spec is None:
            return table
        self.source(spec.source, f"{path}.source")
        for tech in TECHNOLOGIES:
            value = getattr(spec, tech)
            if value is None:
                continue
            if isinstance(value, ByHydrologySpec):
                for h in HYDROLOGIES:
                    v = getattr(value, h)
                    if v is not None:
                        table[tech][h] = v
            else:
                table[tech] = dict.fromkeys(HYDROLOGIES, float(value))
        return table

    def capacity(self, mw: float) -> dict[str, FloatArray]:
        out: dict[str, FloatArray] = {}
        cap = self.spec.capacity
        self.source(cap.source, "capacity.source")
        for tech in TECHNOLOGIES:
            value = getattr(cap, tech)
            if value is None:
                out[tech] = np.zeros(len(self.years))
                continue
            out[tech] = self.mw(value, f"capacity.{tech}", mw, "a capacity")
        return out

    def link(self, i: int, spec: LinkSpec, coefs: CoefficientTable, mw: float) -> Link:
        path = f"links[{spec.name}]"
        own = self.spec.province
        if spec.peer is not None:
            peer = find_province(spec.peer)
            home = find_province(own)
            if peer is not None and home is not None and peer.code == home.code:
                raise self.fail(f"{path}.peer", "a province other than the case's own", spec.peer)
        if (
            spec.from_year is not None
            and spec.until_year is not None
            and spec.until_year < spec.from_year
        ):
            raise self.fail(f"{path}.until_year", "a year ≥ from_year", spec.until_year)
        needs = {
            "fleet": ("fleet",),
            "hydro": ("rating",),
            "contract": ("rating", "fraction"),
            "import_capability": ("rating",),
        }.get(spec.type, ())
        for name in needs:
            if getattr(spec, name) is None:
                raise self.fail(f"{path}.{name}", f"a value (required for a {spec.type} link)")
        if spec.type == "fixed" and spec.value is None and spec.value_by_hydrology is None:
            raise self.fail(f"{path}.value", "a value (or value_by_hydrology) for a fixed link")
        fleet: dict[str, FloatArray] = {}
        for tech, series in (spec.fleet or {}).items():
            if tech not in TECHNOLOGIES:
                raise self.fail(
                    f"{path}.fleet.{tech}", "a technology among " + ", ".join(TECHNOLOGIES)
                )
            fleet[tech] = self.mw(series, f"{path}.fleet.{tech}", mw, "a capacity")
        base_link = dict(coefs)
        if spec.type == "hydro":
            _, hydro_link = default_coefficients()
            table = {"hydro": dict(hydro_link)}
            for h in HYDROLOGIES:
                v = getattr(self.spec.hydro_link_coefficients, h)
                if v is not None:
                    table["hydro"][h] = v
            base_link = table
        link_coefs = self.coefficients(spec.coefficients, base_link, f"{path}.coefficients")
        value: dict[str, FloatArray] = {}
        lo = -PROVINCE_MW_MAX
        if spec.value is not None:
            arr = self.mw(spec.value, f"{path}.value", mw, "a transfer", lo)
            value = dict.fromkeys(HYDROLOGIES, arr)
        for h, v in (spec.value_by_hydrology or {}).items():
            value[h] = self.mw(v, f"{path}.value_by_hydrology.{h}", mw, "a transfer", lo)
        if spec.rating is not None and spec.rating > PROVINCE_MW_MAX / mw:
            raise self.fail(
                f"{path}.rating",
                f"a rating ≤ {PROVINCE_MW_MAX / mw:,.10g} {self.spec.unit} "
                f"({PROVINCE_MW_MAX:,.0f} MW)",
                spec.rating,
            )
        if spec.value_by_hydrology is not None:
            missing = [h for h in self.spec.hydrologies if h not in value]
            if missing:
                raise self.fail(
                    f"{path}.value_by_hydrology.{missing[0]}", "a value for each case hydrology"
                )
        on = in_service(self.years, spec.from_year, spec.until_year)
        return Link(
            name=spec.name,
            type=spec.type,
            direction=spec.direction,
            peer=spec.peer,
            rating=None if spec.rating is None else spec.rating * mw,
            share=spec.share,
            fraction=spec.fraction,
            fleet=fleet,
            coefficients=link_coefs,
            value=value,
            in_service=on,
            source=self.source(spec.source, f"{path}.source"),
            note=spec.note,
        )

    def load(self, mw: float) -> tuple[FloatArray, FloatArray, dict[str, Weather]]:
        spec = self.spec.load
        self.source(spec.source, "load.source")
        fixed = np.full(len(self.years), np.nan)
        for year, value in spec.peak_load.items():
            if year not in self.years:
                raise self.fail(
                    f"load.peak_load[{year}]", f"a year within {self.years[0]}–{self.years[-1]}"
                )
            if value <= 0:
                raise self.fail(f"load.peak_load[{year}]", "a peak load > 0", value)
            if value > PROVINCE_MW_MAX / mw:
                raise self.fail(
                    f"load.peak_load[{year}]",
                    f"a peak load ≤ {PROVINCE_MW_MAX / mw:,.10g} {self.spec.unit} "
                    f"({PROVINCE_MW_MAX:,.0f} MW)",
                    value,
                )
            fixed[self.years.index(year)] = value * mw
        if np.isnan(fixed[0]):
            raise self.fail(
                f"load.peak_load[{self.years[0]}]", "the peak load of the first year (the base)"
            )
        growth_what = "a growth rate [p.u./yr]"
        ratio_what = "a ratio [p.u.]"
        if spec.consumption_growth is not None:
            path = "load.consumption_growth"
            cons = self.series(spec.consumption_growth, path, allow_missing=True)
        elif spec.gdp_growth is not None and spec.elasticity is not None:
            gdp = self.series(spec.gdp_growth, "load.gdp_growth", allow_missing=True)
            self.within(gdp, "load.gdp_growth", GROWTH_MIN, GROWTH_MAX, growth_what)
            ela = self.series(spec.elasticity, "load.elasticity", allow_missing=True)
            self.within(ela, "load.elasticity", -RATIO_MAX, RATIO_MAX, ratio_what)
            path = "load.elasticity"
            cons = gdp * ela
        else:
            path = "load.consumption_growth"
            cons = np.full(len(self.years), np.nan)
        self.within(cons, path, GROWTH_MIN, GROWTH_MAX, "a consumption growth [p.u./yr]")
        if "neutral" not in spec.weather:
            raise self.fail("load.weather.neutral", "a `neutral` weather scenario (the base path)")
        weathers: dict[str, Weather] = {}
        for name, w in spec.weather.items():
            path = f"load.weather.{name}"
            growth = np.full(len(self.years), np.nan)
            if w.ratio is not None:
                ratio = self.series(w.ratio, f"{path}.ratio", allow_missing=True)
                self.within(ratio, f"{path}.ratio", -RATIO_MAX, RATIO_MAX, ratio_what)
                growth = cons * ratio
            if w.peak_growth is not None:
                printed = self.series(w.peak_growth, f"{path}.peak_growth", allow_missing=True)
                growth = np.where(np.isnan(printed), growth, printed)
            self.within(growth, f"{path}.peak_growth", GROWTH_MIN, GROWTH_MAX, growth_what)
            for t in range(1, len(self.years)):
                if np.isnan(fixed[t]) and np.isnan(growth[t]):
                    raise self.fail(
                        f"{path}.peak_growth[{self.years[t]}]",
                        "a peak growth for this year, or a ratio with consumption_growth "
                        "(or gdp_growth and elasticity), or a published peak_load",
                    )
            weathers[name] = Weather(name=name, label=w.label, growth=growth)
        return fixed, cons, weathers


def case_from_dict(raw: dict[str, Any], origin: str) -> Case:
    """Validate and resolve a raw case mapping.

    Parameters
    ----------
    raw : dict
        The case as read from YAML or the Excel template.
    origin : str
        The file path or bundled name, used in error messages.

    Raises
    ------
    InputError
        Naming ``origin``, the field path and what was expected.
    """
    if not isinstance(raw, dict):
        raise InputError(origin, "", "a mapping of case fields (see `gridatlas template`)")
    try:
        spec = CaseSpec.model_validate(raw)
    except ValidationError as exc:
        raise input_error(exc, raw, origin, _case_hints) from None
    r = _Resolver(spec, origin)
    r.check_years()
    home = find_province(spec.province)
    if home is None:
        raise r.fail("province", "a province name or code (e.g. 安徽, Anhui or AH)", spec.province)
    try:
        mw = capacity_factor(spec.unit)
    except ValueError:
        raise r.fail("unit", "a capacity unit: " + ", ".join(CAPACITY_UNITS), spec.unit) from None
    lo, hi = spec.reserve_band
    if lo > hi:
        raise r.fail("reserve_band", "[lower, upper] with lower ≤ upper", list(spec.reserve_band))
    for key, src in spec.sources.items():
        if not src.as_of.strip():
            raise r.fail(f"sources.{key}.as_of", "an as-of date such as 2024-09")
    base, _ = default_coefficients()
    coefs = r.coefficients(spec.coefficients, base, "coefficients")
    for i, h in enumerate(spec.hydrologies):
        if spec.hydrologies.index(h) != i:
            raise r.fail("hydrologies", "each hydrology once", list(spec.hydrologies))
    names = [link.name for link in spec.links]
    for name in names:
        if names.count(name) > 1:
            raise r.fail(f"links[{name}].name", "a unique link name", name)
    links = tuple(r.link(i, s, coefs, mw) for i, s in enumerate(spec.links))
    fixed, cons, weathers = r.load(mw)
    scenario_names = [s.name for s in spec.scenarios]
    for s in spec.scenarios:
        if scenario_names.count(s.name) > 1:
            raise r.fail(f"scenarios[{s.name}].name", "a unique scenario name", s.name)
        if s.weather not in weathers:
            raise r.fail(
                f"scenarios[{s.name}].weather", "one of the weathers under load.weather", s.weather
            )
    capacity = r.capacity(mw)
    if not any(arr.any() for arr in capacity.values()):
        raise r.fail(
            "capacity",
            "installed capacity for at least one technology (no capacity was given: every "
            "entry is 0 or blank; fill in the template's capacity block)",
        )
    return Case(
        name=spec.name,
        province=home,
        title=spec.title or f"{home.short_zh}电力供需平衡",
        years=np.array(spec.years, dtype=np.int64),
        input_unit=spec.unit,
        capacity=capacity,
        coefficients=coefs,
        hydrologies=tuple(spec.hydrologies),
        links=links,
        peak_fixed=fixed,
        consumption_growth=cons,
        weathers=weathers,
        extreme_path=spec.load.extreme_path,
        band_min=lo,
        band_max=hi,
        ample_gap=spec.ample_gap,
        scenarios=tuple(spec.scenarios),
        uncertainty=spec.uncertainty,
        sources=dict(spec.sources),
        origin=origin,
        notes=tuple(spec.notes),
        pipeline=spec.pipeline,
        raw=copy.deepcopy(raw),
    )


def _case_hints(kind: str, loc: tuple[int | str, ...]) -> str | None:
    if kind == "missing" and loc == ("unit",):
        return "the capacity unit declared as `unit:` (one of " + ", ".join(CAPACITY_UNITS) + ")"
    if kind == "extra_forbidden" and loc and loc[0] in ("capacity", "coefficients"):
        return "a technology among " + ", ".join(TECHNOLOGIES)
    return None


def with_overrides(case: Case, overrides: dict[str, Any]) -> Case:
    """A new case with the raw fields at the given paths replaced."""
    raw = copy.deepcopy(case.raw)
    for path, value in overrides.items():
        try:
            set_path(raw, path, value)
        except (KeyError, TypeError, IndexError):
            raise InputError(
                case.origin, f"overrides.{path}", "a path to an existing field"
            ) from None
    return case_from_dict(raw, case.origin)
