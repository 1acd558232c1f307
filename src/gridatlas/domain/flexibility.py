"""Checked flexibility assumptions: every value with its source."""

from __future__ import annotations

from typing import Any

from pydantic import Field, ValidationError

from gridatlas.core.validation import input_error
from gridatlas.domain.spec_types import Fraction, NonNeg, Num, Pos, Spec


class Cited(Spec):
    """A number and where it comes from."""

    value: Num
    source: str = Field(min_length=1)


class CitedCredit(Cited):
    value: Fraction = Field(gt=0.0)


class CitedPos(Cited):
    value: Pos


class CitedNonNeg(Cited):
    value: NonNeg


class CoalSpec(Spec):
    capacity_credit: CitedCredit
    capex_yuan_per_kw: CitedNonNeg
    life_years: CitedPos
    fixed_om_yuan_per_kw_year: CitedNonNeg


class StorageSpec(Spec):
    capacity_credit: CitedCredit
    duration_h: CitedPos
    capex_yuan_per_kwh: CitedNonNeg
    life_years: CitedPos
    om_yuan_per_kwh_year: CitedNonNeg


class ResponseSpec(Spec):
    availability: CitedCredit
    price_yuan_per_kwh: CitedNonNeg
    event_hours: CitedNonNeg
    events_per_year: CitedNonNeg
    capacity_payment_yuan_per_kw_year: CitedNonNeg
    potential_share_of_peak: CitedNonNeg


class FlexibilityAssumptions(Spec):
    """The assumptions file (``data/flexibility/assumptions.yaml`` layout)."""

    format: str | None = None
    as_of: str = Field(min_length=1)
    discount_rate: CitedNonNeg
    coal: CoalSpec
    storage_2h: StorageSpec
    storage_4h: StorageSpec
    dr: ResponseSpec
    vpp: ResponseSpec

    def cited(self) -> list[tuple[str, float, str]]:
        """Every assumption as (dotted name, value, source)."""
        out: list[tuple[str, float, str]] = [
            ("discount_rate", self.discount_rate.value, self.discount_rate.source)
        ]
        for block in ("coal", "storage_2h", "storage_4h", "dr", "vpp"):
            spec = getattr(self, block)
            for name in type(spec).model_fields:
                c = getattr(spec, name)
                out.append((f"{block}.{name}", c.value, c.source))
        return out


def assumptions_from_dict(raw: Any, origin: str) -> FlexibilityAssumptions:
    """Check an assumptions mapping; one InputError on a problem."""
    try:
        return FlexibilityAssumptions.model_validate(raw)
    except ValidationError as exc:
        raise input_error(exc, raw, origin) from None
