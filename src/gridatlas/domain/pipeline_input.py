"""Aggregate pipeline input (file format ``gridatlas.pipeline-starts/1``).

Capacity started per period (a year, half, quarter, month or a month range)
by fuel, optionally by province, plus the assumptions that turn it into a
commissioning forecast (build cycles, the alternative case's slip rule) and a
capacity-price cost. The bundled ``report-2024`` input rebuilds seed report
004 §二; every block names its source. Unknown fields are rejected.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from gridatlas.core.provinces import find_province
from gridatlas.core.units import capacity_factor
from gridatlas.domain.pipeline import RANGE_HELP, Fuel, Period, parse_period_range
from gridatlas.model.capacity_price import (
    DEFAULT_SHARES,
    FIXED_COST_STANDARD,
    LARGE_UNIT_MW,
    RECOVERY_EXISTING,
    RECOVERY_NEW_LARGE,
    CapacityPriceParams,
    ShareSchedule,
)
from gridatlas.model.commissioning import DEFAULT_CYCLE_MONTHS, CycleRule, SlipRule

SCHEMA = "gridatlas.pipeline-starts/1"


def _consecutive(ys: list[int]) -> list[int]:
    if ys != list(range(ys[0], ys[0] + len(ys))):
        raise ValueError(f"expected consecutive years, got {ys}")
    return ys


Years = Annotated[list[int], Field(min_length=1), AfterValidator(_consecutive)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _province_code(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    p = find_province(str(value))
    if p is None or not p.mainland:
        raise ValueError(f"expected a mainland province name or code, got {value!r}")
    return p.code


class Source(_Strict):
    """A document figures are taken from."""

    title: str
    publisher: str = ""
    file: str = ""
    as_of: str
    note: str = ""


class StartsRow(_Strict):
    """Capacity started in one period (spread evenly over its months)."""

    period: str = Field(description=RANGE_HELP)
    capacity: float = Field(ge=0, allow_inf_nan=False)
    basis: Literal["stated", "reconstructed"]
    note: str = ""

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        return parse_period_range(v).text

    @property
    def span(self) -> Period:
        return parse_period_range(self.period)


class StartsSeries(_Strict):
    """Starts of one fuel (and optionally one province)."""

    fuel: Fuel
    province: str | None = None
    min_unit_mw: float | None = Field(None, gt=0, description="all units at least this size [MW]")
    source: str
    starts: list[StartsRow] = Field(min_length=1)

    _code = field_validator("province")(_province_code)


class CycleSpec(_Strict):
    """A build-cycle rule (first match wins; unset selectors match anything)."""

    months: float = Field(gt=0)
    fuel: Fuel | None = None
    province: str | None = None
    min_mw: float | None = None
    max_mw: float | None = None

    _code = field_validator("province")(_province_code)

    def to_rule(self) -> CycleRule:
        return CycleRule(
            months=self.months,
            fuel=self.fuel.value if self.fuel else None,
            province=self.province,
            min_mw=self.min_mw,
            max_mw=self.max_mw,
        )


class Cycles(_Strict):
    """Build cycles: defaults by fuel [months] and optional rules."""

    source: str = ""
    defaults: dict[Fuel, float] = Field(
        default_factory=lambda: {Fuel(k): v for k, v in DEFAULT_CYCLE_MONTHS.items()}
    )
    rules: list[CycleSpec] = Field(default_factory=list)

    def default_months(self) -> dict[str, float]:
        return {k.value: v for k, v in self.defaults.items()}


class SlipSpec(_Strict):
    """The alternative case's slip rule (see :class:`gridatlas.model.commissioning.SlipRule`)."""

    from_month: int = Field(12, ge=1, le=12)
    delay_months: int = Field(2, ge=0)
    years: list[int] | None = None
    source: str = ""

    def to_rule(self) -> SlipRule:
        return SlipRule(
            from_month=self.from_month,
            delay_months=self.delay_months,
            years=tuple(self.years) if self.years is not None else None,
        )


class CapacityPriceSpec(_Strict):
    """Capacity-price assumptions (report 004 §二 and footnote 3)."""

    source: str = ""
    fixed_cost: float = Field(FIXED_COST_STANDARD, gt=0, description="[元/kW·yr]")
    shares: dict[int, float] = Field(default_factory=lambda: dict(DEFAULT_SHARES))
    province_shares: dict[str, dict[int, float]] = Field(default_factory=dict)
    existing_fleet: float = Field(gt=0, description="existing coal fleet, in the file's unit")
    fleet_year: int = 2023
    recovery_existing: float = Field(RECOVERY_EXISTING, ge=0, le=1)
    recovery_new_large: float = Field(RECOVERY_NEW_LARGE, ge=0, le=1)
    large_unit_mw: float = Field(LARGE_UNIT_MW, gt=0)
    years: Years = Field(default_factory=lambda: [2025, 2026, 2027])

    @field_validator("province_shares")
    @classmethod
    def _codes(cls, v: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
        return {str(_province_code(k)): steps for k, steps in v.items()}

    def schedule(self) -> ShareSchedule:
        return ShareSchedule(national=dict(self.shares), provinces=dict(self.province_shares))

    def to_params(self, mw_per_unit: float) -> CapacityPriceParams:
        """Model parameters, the fleet converted to MW with the file's unit factor."""
        return CapacityPriceParams(
            fixed_cost=self.fixed_cost,
            schedule=self.schedule(),
            existing_fleet_mw=self.existing_fleet * mw_per_unit,
            fleet_year=self.fleet_year,
            recovery_existing=self.recovery_existing,
            recovery_new_large=self.recovery_new_large,
            large_unit_mw=self.large_unit_mw,
        )


class StartsInput(_Strict):
    """A whole aggregate input file."""

    format: Literal["gridatlas.pipeline-starts/1"]
    name: str
    title: str
    unit: str = Field(description="capacity unit of every number in the file (GW, 万千瓦, MW)")
    as_of: str
    years: Years = Field(description="forecast years to report")
    sources: dict[str, Source] = Field(default_factory=dict)
    series: list[StartsSeries] = Field(min_length=1)
    cycles: Cycles = Field(default_factory=Cycles)
    alternative: SlipSpec | None = None
    capacity_price: CapacityPriceSpec | None = None

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        capacity_factor(v)  # raises ValueError naming the known units
        return v

    @property
    def mw_per_unit(self) -> float:
        """MW per one unit of the file's capacity numbers."""
        return capacity_factor(self.unit)
