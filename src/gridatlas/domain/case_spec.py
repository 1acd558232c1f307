"""The case file as written by a user: structure and types (pydantic).

A case file (YAML or the Excel template) is first validated against
:class:`CaseSpec`; :func:`gridatlas.domain.case.resolve_case` then checks what
depends on more than one field (series lengths, years, sources, links) and
builds the numeric :class:`~gridatlas.domain.case.Case`.

Year series may be written three ways: one number for every year, a list with
one entry per year, or a mapping ``{year: value}``. Numbers may be written as
``7.2%`` (→ 0.072) or with thousands separators.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal, get_args

from pydantic import Field

from gridatlas.domain.series import SeriesInput
from gridatlas.domain.spec_types import Fraction, NonNeg, Num, Spec

TECHNOLOGIES: Final[tuple[str, ...]] = (
    "coal",
    "gas",
    "nuclear",
    "hydro",
    "pumped_storage",
    "wind",
    "solar",
    "new_storage",
    "other",
)
Hydrology = Literal["wet", "normal", "dry"]
Fuel = Literal["coal", "gas"]
#: A variant of the thermal-pipeline forecast (not a balance case): central, or
#: the alternative in which December construction starts slip.
ForecastVariant = Literal["central", "alternative"]
LinkType = Literal["fleet", "hydro", "contract", "import_capability", "fixed"]
HYDROLOGIES: Final[tuple[str, ...]] = get_args(Hydrology)
LINK_TYPES: Final[tuple[str, ...]] = get_args(LinkType)


#: A value per year: one number, a list aligned with ``years``, or ``{year: value}``.
Series = SeriesInput


class SourceSpec(Spec):
    """One entry of the case's source registry."""

    title: str
    publisher: str | None = None
    file: str | None = None
    as_of: str = Field(description="Date the figures refer to, e.g. 2024-09.")
    note: str | None = None


class CapacitySpec(Spec):
    """Installed capacity by technology. [case unit]"""

    source: str | None = None
    coal: Series | None = None
    gas: Series | None = None
    nuclear: Series | None = None
    hydro: Series | None = None
    pumped_storage: Series | None = None
    wind: Series | None = None
    solar: Series | None = None
    new_storage: Series | None = None
    other: Series | None = None


class ByHydrologySpec(Spec):
    """A coefficient that depends on hydrology. [p.u.]"""

    source: str | None = None
    wet: Fraction | None = None
    normal: Fraction | None = None
    dry: Fraction | None = None


Coefficient = Fraction | ByHydrologySpec


class CoefficientsSpec(Spec):
    """Overrides of the default effective-capacity coefficients. [p.u.]"""

    source: str | None = None
    coal: Coefficient | None = None
    gas: Coefficient | None = None
    nuclear: Coefficient | None = None
    hydro: Coefficient | None = None
    pumped_storage: Coefficient | None = None
    wind: Coefficient | None = None
    solar: Coefficient | None = None
    new_storage: Coefficient | None = None
    other: Coefficient | None = None


class LinkSpec(Spec):
    """One inter-provincial link, import or export. Capacities in the case unit."""

    name: str
    type: LinkType
    direction: Literal["import", "export"] = "import"
    peer: str | None = Field(None, description="The other end: a province or a region.")
    rating: NonNeg | None = None
    share: Fraction = 1.0
    fraction: Fraction | None = None
    fleet: dict[str, Series] | None = None
    coefficients: CoefficientsSpec | None = None
    value: Series | None = None
    value_by_hydrology: dict[Hydrology, Series] | None = None
    from_year: int | None = None
    until_year: int | None = None
    source: str | None = None
    note: str | None = None


class WeatherSpec(Spec):
    """Load growth for one weather scenario."""

    label: str | None = None
    ratio: Series | None = Field(None, description="Peak-to-consumption growth ratio.")
    peak_growth: Series | None = Field(None, description="Printed peak growth; wins over ratio.")


class LoadSpec(Spec):
    """Load assumptions."""

    source: str | None = None
    peak_load: dict[int, Num] = Field(description="Published or actual peak loads.")
    consumption_growth: Series | None = None
    gdp_growth: Series | None = None
    elasticity: Series | None = None
    weather: dict[str, WeatherSpec]
    extreme_path: Literal["persistent", "shock"] = "shock"


class UncertaintySpec(Spec):
    """Spread of the Monte Carlo draws (project assumptions, see docs/method.md)."""

    consumption_growth_sd: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] = 0.01
    ratio_spread: Annotated[float, Field(ge=0.0, le=1.0)] = 0.15
    slip_probability: Fraction = 0.2
    hydro: Literal["uniform", "fixed"] = "uniform"


class ScenarioSpec(Spec):
    """A user-defined scenario: a hydrology, a weather and any overrides."""

    name: str
    name_en: str | None = Field(None, description="The name in English, shown with --lang en.")
    hydrology: Hydrology = "normal"
    weather: str = "neutral"
    label: str | None = None
    overrides: dict[str, Any] = Field(default_factory=dict)


class PipelineSpec(Spec):
    """Take future coal and gas capacity from a thermal-pipeline forecast."""

    units: str = Field(description="Unit list: a filled-in template or a GEM workbook path.")
    kind: Literal["template", "gem"] = "template"
    fuels: list[Fuel] = Field(default_factory=lambda: list[Fuel](["coal", "gas"]))
    base_year: int | None = Field(None, description="Last year kept from `capacity`.")
    forecast_case: ForecastVariant = "central"
    source: str | None = None


class CaseSpec(Spec):
    """A whole case file."""

    format: Literal["gridatlas.case/1"] = "gridatlas.case/1"
    name: str = Field(pattern=r"^[a-z0-9_\-]+$")
    province: str
    title: str | None = None
    unit: str
    years: list[int] = Field(min_length=1)
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    capacity: CapacitySpec
    coefficients: CoefficientsSpec = Field(default_factory=CoefficientsSpec)
    hydro_link_coefficients: ByHydrologySpec = Field(default_factory=ByHydrologySpec)
    hydrologies: list[Hydrology] = Field(
        default_factory=lambda: list[Hydrology](["normal"]), min_length=1
    )
    links: list[LinkSpec] = Field(default_factory=list)
    load: LoadSpec
    reserve_band: tuple[Fraction, Fraction] = (0.13, 0.14)
    ample_gap: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] = 0.03
    scenarios: list[ScenarioSpec] = Field(default_factory=list)
    pipeline: PipelineSpec | None = None
    uncertainty: UncertaintySpec = Field(default_factory=UncertaintySpec)
    notes: list[str] = Field(default_factory=list)
