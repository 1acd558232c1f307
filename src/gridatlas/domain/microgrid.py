"""A microgrid site and its tariff as written by a user: structure, types, units.

A site file (YAML, or the Excel template from ``gridatlas microgrid template``)
is validated against :class:`SiteSpec`; a tariff file against
:class:`TariffSpec`. What spans several fields (profile lengths, tariff hours
covering 24 h, feasible limits) is checked by :mod:`gridatlas.sources.site_files`
when the numeric :class:`~gridatlas.model.dispatch_lp.Plant` is built.

Units are part of every field name: ``_kw`` [kW], ``_kwh`` [kWh],
``_yuan_per_kwh`` [元/kWh], ``_yuan_per_kw_month`` [元/kW·月],
``_yuan_per_kva_month`` [元/kVA·月], ``_yuan_per_mwh`` [元/MWh], shares and
rates in [p.u.] (``7%`` may be written for 0.07).

The business layers the screening covers follow the orange book (seed 000,
每省“经营层次”: 用能与降本 → PV, storage, bill savings; 聚合与调节 → demand
response / VPP; 长期运营 → the analysis period, degradation, replacement and the
shared-savings contract).
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, get_args

from pydantic import Field, model_validator

from gridatlas.domain import bounds as B
from gridatlas.domain.spec_types import Efficiency, Fraction, NonNeg, Pos, Spec

Shape = Literal[
    "one_shift",
    "two_shift",
    "three_shift",
    "commercial",
    "cold_storage",
    "data_centre",
    "ev_charging",
]
Period = Literal["deep_valley", "valley", "flat", "peak", "critical_peak"]
DrUnit = Literal["yuan_per_kwh", "yuan_per_kw_event", "yuan_per_kw_month", "yuan_per_mwh"]
#: Customer classes of a provincial sales tariff (销售电价分类): 工商业 (the merged class of
#: the 2021 reform), 大工业 and 一般工商业 (the older split some notices keep), 居民, 农业.
UserClass = Literal[
    "industrial_commercial", "large_industry", "general_commercial", "residential", "agricultural"
]
#: The parts of a tariff that a citation can point to.
TariffItem = Literal[
    "prices",
    "schedule",
    "holidays",
    "demand_charge",
    "capacity_charge",
    "export",
    "demand_response",
]
SHAPES: Final[tuple[str, ...]] = get_args(Shape)
#: Tariff periods from cheapest to dearest (深谷, 谷, 平, 峰, 尖峰).
PERIODS: Final[tuple[str, ...]] = get_args(Period)
DR_UNITS: Final[tuple[str, ...]] = get_args(DrUnit)
USER_CLASSES: Final[tuple[str, ...]] = get_args(UserClass)
TARIFF_ITEMS: Final[tuple[str, ...]] = get_args(TariffItem)

# Bounded numbers (see :mod:`gridatlas.domain.bounds` for each bound and its reason).
#: Power at the site. [kW]
Kw = Annotated[NonNeg, Field(le=B.SITE_KW_MAX)]
#: Battery energy. [kWh]
Kwh = Annotated[NonNeg, Field(le=B.SITE_KWH_MAX)]
#: Energy price. [元/kWh]
Price = Annotated[NonNeg, Field(le=B.PRICE_YUAN_PER_KWH_MAX)]
#: Demand or capacity charge. [元/kW·月]
Charge = Annotated[NonNeg, Field(le=B.CHARGE_YUAN_PER_KW_MONTH_MAX)]
#: Specific investment. [元/kW or 元/kWh]
Capex = Annotated[NonNeg, Field(le=B.CAPEX_YUAN_PER_UNIT_MAX)]
#: Specific yearly operating cost. [元/kW·yr or 元/kWh·yr]
Opex = Annotated[NonNeg, Field(le=B.OPEX_YUAN_PER_UNIT_MAX)]
#: A lump sum. [元]
Lump = Annotated[NonNeg, Field(le=B.LUMP_YUAN_MAX)]


class SourceSpec(Spec):
    """One entry of a file's source registry."""

    title: str
    publisher: str | None = None
    file: str | None = None
    document: str | None = Field(None, description="Document number of a public notice.")
    as_of: str = Field(description="Date the figures refer to, e.g. 2025-06.")
    note: str | None = None


# ---------------------------------------------------------------------------
# tariff


class TariffRuleSpec(Spec):
    """Hours of each period for a set of months. Hours are ``"start-end"`` ranges
    in 0..24, end exclusive, comma-separated (``"10-12,14-19"``); together the
    periods must cover each of the 24 hours exactly once."""

    months: str | list[int] = Field(
        description='Months this rule applies to, e.g. "7-9" or [7, 8, 9].'
    )
    periods: dict[Period, str]
    prices_yuan_per_kwh: dict[Period, Price] | None = Field(
        None, description="Overrides of the tariff's prices for these months. [元/kWh]"
    )


class HolidaySpec(Spec):
    """Days billed on a different hour map (e.g. no critical peak on holidays)."""

    dates: list[str] = Field(default_factory=list, description="MM-DD or YYYY-MM-DD.")
    periods: dict[Period, str] | None = Field(
        None, description="Hour map used on these days; omitted: the normal map."
    )


class ExportSpec(Spec):
    """Export of surplus PV (余电上网) or none (防逆流)."""

    allowed: bool = True
    price_yuan_per_kwh: Price = 0.0
    limit_kw: Kw | None = None


class DrTermsSpec(Spec):
    """A province's demand-response compensation rules (需求响应补偿), without any site's
    commitment: what a kW or kWh of response is paid and when events are called.

    Units as in :class:`DemandResponseSpec`. ``source`` names the notice in the tariff
    file's ``sources``.
    """

    compensation_unit: DrUnit
    price: Annotated[NonNeg, Field(le=B.DR_PRICE_MAX)] = Field(description="In compensation_unit.")
    events_per_year: Annotated[int, Field(ge=0, le=366)] = 0
    event_months: list[Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=lambda: [7, 8])
    event_start_hour: Annotated[int, Field(ge=0, le=23)] = 18
    duration_hours: Annotated[int, Field(ge=1, le=24)] = 2
    enrolled_months: Annotated[int, Field(ge=0, le=12)] = 12
    source: str | None = None


class TariffSpec(Spec):
    """A provincial time-of-use sales tariff for one customer class and voltage level,
    with the two-part tariff's fixed part and, optionally, the province's
    demand-response compensation.

    Every part is cited: ``citations`` maps a part (:data:`TARIFF_ITEMS`) to a key of
    ``sources``; a part without an entry is cited by ``source``. A tariff with
    ``illustrative: false`` must cite, for every part it has, a source with the
    notice's document number (``document``) and date (``as_of``).
    """

    format: Literal["gridatlas.tariff/1"] = "gridatlas.tariff/1"
    name: str = Field(pattern=r"^[a-z0-9_\-]+$")
    title: str | None = None
    province: str | None = None
    user_class: UserClass | None = Field(
        None, description="Customer class (industrial_commercial = 工商业, …)."
    )
    voltage: str | None = Field(None, description='Voltage level, e.g. "1-10kV" or "35kV".')
    as_of: str
    illustrative: bool = Field(description="True unless every number is from the cited notice.")
    source: str | None = None
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    prices_yuan_per_kwh: dict[Period, Price]
    schedule: list[TariffRuleSpec] = Field(min_length=1)
    holidays: HolidaySpec = Field(default_factory=HolidaySpec)
    basis: Literal["demand", "capacity", "none"] = "demand"
    demand_charge_yuan_per_kw_month: Charge = 0.0
    capacity_charge_yuan_per_kva_month: Charge = 0.0
    export: ExportSpec = Field(default_factory=ExportSpec)
    demand_response: DrTermsSpec | None = None
    citations: dict[TariffItem, str] = Field(
        default_factory=dict, description="Source key of each part; default: source."
    )
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cited(self) -> TariffSpec:
        refs = {"source": self.source, **{f"citations.{k}": v for k, v in self.citations.items()}}
        if self.demand_response is not None:
            refs["demand_response.source"] = self.demand_response.source
        for where, key in refs.items():
            if key is not None and key not in self.sources:
                raise ValueError(
                    f"{where}: a key of sources ({', '.join(self.sources)}), not {key!r}"
                )
        if not self.illustrative:
            for item in self.parts():
                key = self.citation(item)
                src = self.sources.get(key) if key else None
                if src is None or not src.document:
                    raise ValueError(
                        f"illustrative is false, so {item} needs a source with a notice number "
                        "(document) and date (as_of)"
                    )
        return self

    def parts(self) -> tuple[str, ...]:
        """The parts this tariff has (always prices and schedule)."""
        has = {
            "prices": True,
            "schedule": True,
            "holidays": bool(self.holidays.dates or self.holidays.periods),
            "demand_charge": self.demand_charge_yuan_per_kw_month > 0,
            "capacity_charge": self.capacity_charge_yuan_per_kva_month > 0,
            "export": self.export.allowed and self.export.price_yuan_per_kwh > 0,
            "demand_response": self.demand_response is not None,
        }
        return tuple(k for k in TARIFF_ITEMS if has[k])

    def citation(self, item: str) -> str | None:
        """The source key that cites ``item``."""
        if item == "demand_response" and self.demand_response and self.demand_response.source:
            return self.demand_response.source
        return self.citations.get(item, self.source)  # type: ignore[call-overload]


# ---------------------------------------------------------------------------
# site


class LoadSpec(Spec):
    """Hourly load: a profile (CSV or inline, 8760 values [kW]) or a synthetic shape
    scaled to ``annual_kwh`` and ``peak_kw``."""

    shape: Shape | None = None
    profile_csv: str | None = Field(None, description="CSV beside the site file, one kW column.")
    profile_kw: list[float | None] | None = None
    annual_kwh: Annotated[Pos, Field(le=B.SITE_ANNUAL_KWH_MAX)] | None = None
    peak_kw: Annotated[Pos, Field(le=B.SITE_KW_MAX)] | None = None
    seed: Annotated[int, Field(ge=0, le=2**32 - 1)] | None = Field(
        None, description="Seed of the synthetic shape's day-to-day noise; default: from the name."
    )
    source: str | None = None


class PVSpec(Spec):
    """Photovoltaics: a profile [kW/kWp] or pvlib clear-sky scaled to a specific yield."""

    profile_csv: str | None = Field(None, description="CSV with one column of kW per kWp.")
    specific_yield_kwh_per_kwp: Pos | None = Field(None, description="Annual yield. [kWh/kWp]")
    tilt_deg: Annotated[float, Field(ge=0.0, le=90.0)] = 20.0
    azimuth_deg: Annotated[float, Field(ge=0.0, le=360.0)] = 180.0
    weather_variability: bool = Field(
        True, description="Seeded day-to-day clearness draws on top of clear sky."
    )
    pv_kw: Kw = Field(0.0, description="Size evaluated without --optimize. [kWp]")
    pv_kw_min: Kw = 0.0
    pv_kw_max: Kw | None = None
    roof_area_m2: Annotated[NonNeg, Field(le=B.ROOF_M2_MAX)] | None = None
    area_per_kw_m2: Annotated[Pos, Field(le=B.AREA_PER_KW_MAX)] = Field(
        5.0, description="Roof area needed per kWp. [m²/kWp]"
    )
    capex_yuan_per_kw: Capex = 0.0
    opex_yuan_per_kw_year: Opex = 0.0
    degradation_per_year: Fraction = 0.005
    lifetime_years: Annotated[int, Field(ge=1, le=60)] = 25
    source: str | None = None


class BatterySpec(Spec):
    """Battery energy storage (用户侧储能)."""

    power_kw: Kw = Field(0.0, description="Rated power evaluated without --optimize. [kW]")
    energy_kwh: Kwh = Field(0.0, description="Rated energy evaluated without --optimize. [kWh]")
    power_kw_max: Kw | None = None
    energy_kwh_max: Kwh | None = None
    duration_h_min: Annotated[NonNeg, Field(le=B.DURATION_H_MAX)] = 0.0
    duration_h_max: Annotated[NonNeg, Field(le=B.DURATION_H_MAX)] | None = None
    charge_efficiency: Efficiency = 0.95
    discharge_efficiency: Efficiency = 0.95
    depth_of_discharge: Efficiency = 0.9
    capacity_fade_per_year: Fraction = 0.02
    replacement_year: Annotated[int, Field(ge=1, le=B.REPLACEMENT_YEAR_MAX)] | None = None
    replacement_cost_yuan_per_kwh: Capex = 0.0
    capex_yuan_per_kwh: Capex = 0.0
    capex_yuan_per_kw: Capex = 0.0
    opex_yuan_per_kwh_year: Opex = 0.0
    cycle_cost_yuan_per_kwh: Price = Field(
        0.0, description="Wear cost per kWh discharged, charged in the dispatch. [元/kWh]"
    )
    source: str | None = None


class GridSpec(Spec):
    """The site's grid connection; overrides of the tariff's basis and export."""

    transformer_kva: Kw = Field(0.0, description="Capacity billed on the capacity basis. [kVA]")
    basis: Literal["demand", "capacity", "none"] | None = None
    export_allowed: bool | None = None
    export_limit_kw: Kw | None = None


class DemandResponseSpec(Spec):
    """Demand response / VPP commitments and their compensation.

    ``compensation_unit``: ``yuan_per_kwh`` (元/kWh of response),
    ``yuan_per_kw_event`` (元/kW per event), ``yuan_per_kw_month`` (元/kW·月
    capacity, paid for ``enrolled_months``), ``yuan_per_mwh`` (market price,
    元/MWh of response). On every event day the net grid draw during the event
    hours must stay ``committed_kw`` below the baseline (load minus PV).
    """

    committed_kw: Kw
    compensation_unit: DrUnit
    price: Annotated[NonNeg, Field(le=B.DR_PRICE_MAX)] = Field(description="In compensation_unit.")
    events_per_year: Annotated[int, Field(ge=0, le=366)] = 0
    event_dates: list[str] | None = Field(None, description="MM-DD; default: the peak days.")
    event_months: list[Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=lambda: [7, 8])
    event_start_hour: Annotated[int, Field(ge=0, le=23)] = 18
    duration_hours: Annotated[int, Field(ge=1, le=24)] = 2
    enrolled_months: Annotated[int, Field(ge=0, le=12)] = 12
    shed_kw_max: Kw = Field(0.0, description="Load that may be shed during events. [kW]")
    shed_cost_yuan_per_kwh: Price = 0.0
    illustrative: bool = True
    source: str | None = None


class FinanceSpec(Spec):
    """Finance and business model (业主自投 or 合同能源管理 shared savings)."""

    discount_rate: Fraction = 0.06
    analysis_years: Annotated[int, Field(ge=1, le=40)] = 20
    tax_rate: Fraction = 0.25
    depreciation_years: Annotated[int, Field(ge=1, le=40)] = 10
    other_capex_yuan: Lump = 0.0
    other_opex_yuan_per_year: Lump = 0.0
    business_model: Literal["owner", "shared_savings"] = "owner"
    investor_share: Fraction = Field(
        0.8, description="Investor's share of the savings under shared savings. [p.u.]"
    )
    contract_years: Annotated[int, Field(ge=1, le=40)] | None = None
    source: str | None = None


class SiteSpec(Spec):
    """A whole site file."""

    format: Literal["gridatlas.microgrid/1"] = "gridatlas.microgrid/1"
    name: str = Field(pattern=r"^[a-z0-9_\-]+$")
    title: str | None = None
    province: str
    latitude: Annotated[float, Field(ge=-90.0, le=90.0)]
    longitude: Annotated[float, Field(ge=-180.0, le=180.0)]
    year: Annotated[int, Field(ge=2000, le=2100)] = 2025
    as_of: str
    illustrative: bool = True
    sources: dict[str, SourceSpec] = Field(default_factory=dict)
    load: LoadSpec
    pv: PVSpec = Field(default_factory=PVSpec)
    battery: BatterySpec = Field(default_factory=BatterySpec)
    tariff: str | TariffSpec
    grid: GridSpec = Field(default_factory=GridSpec)
    demand_response: DemandResponseSpec | None = None
    finance: FinanceSpec = Field(default_factory=FinanceSpec)
    notes: list[str] = Field(default_factory=list)
