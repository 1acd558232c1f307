"""Unit-level thermal power pipeline: one row per generating unit.

The schema follows the project-tracking view of seed report 004 §一–§二
(approval 核准 → construction start 开工 → commissioning 投产). Capacities are
MW (``capacity_nom``, the glossary's nameplate capacity). Dates may be known
to the year, half-year, quarter, month or day; each milestone says whether it
has happened (``actual``) or is expected.

Time inside the models is a *month index*: ``year * 12 + month - 1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gridatlas.core.provinces import find_province
from gridatlas.domain.bounds import FIRST_YEAR, LAST_YEAR, UNIT_MW_MAX


class Fuel(StrEnum):
    """Fuel of a thermal unit."""

    COAL = "coal"
    GAS = "gas"


class Status(StrEnum):
    """Project status; the vocabulary of Global Energy Monitor's trackers."""

    ANNOUNCED = "announced"
    PRE_PERMIT = "pre-permit"
    PERMITTED = "permitted"
    CONSTRUCTION = "construction"
    OPERATING = "operating"
    MOTHBALLED = "mothballed"
    SHELVED = "shelved"
    CANCELLED = "cancelled"
    RETIRED = "retired"


#: Statuses that imply a milestone has passed (used when a flag is left blank).
PASSED: dict[str, frozenset[Status]] = {
    "approval": frozenset(
        {
            Status.PERMITTED,
            Status.CONSTRUCTION,
            Status.OPERATING,
            Status.MOTHBALLED,
            Status.RETIRED,
        }
    ),
    "construction_start": frozenset(
        {Status.CONSTRUCTION, Status.OPERATING, Status.MOTHBALLED, Status.RETIRED}
    ),
    "commissioning": frozenset({Status.OPERATING, Status.MOTHBALLED, Status.RETIRED}),
}

#: Statuses counted as "started" (开工) by the forecast.
STARTED: frozenset[Status] = PASSED["construction_start"]
#: Statuses of projects that have not started but may (``include_planned``).
PLANNED: frozenset[Status] = frozenset({Status.ANNOUNCED, Status.PRE_PERMIT, Status.PERMITTED})

MILESTONE_FIELDS: tuple[str, ...] = ("approval", "construction_start", "commissioning")

YEAR_HELP = f"a year {FIRST_YEAR}–{LAST_YEAR}"
CAPACITY_HELP = f"a positive number of MW, at most {UNIT_MW_MAX:,.0f} MW for one unit"
PERIOD_HELP = (
    f"a date like 2023, 2023H2, 2023Q4, 2023-12 or 2023-12-15 (years {FIRST_YEAR}–{LAST_YEAR})"
)
RANGE_HELP = f"{PERIOD_HELP}, or a range FIRST..LAST of those (e.g. 2022-07..2023-06)"

_PERIOD = re.compile(
    r"^(?P<y>\d{4})(?:"
    r"(?P<h>H[12])|(?P<q>Q[1-4])|-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?"
    r")?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    """A span of whole months: ``first_month`` (month index) and ``n_months``."""

    first_month: int
    n_months: int
    precision: str  # year | half | quarter | month | day
    text: str

    @property
    def year(self) -> int:
        return self.first_month // 12

    @property
    def quarter(self) -> int | None:
        """Calendar quarter 1-4, when the period lies within one quarter."""
        if self.precision in ("year", "half"):
            return None
        if (self.first_month % 12) // 3 != ((self.first_month + self.n_months - 1) % 12) // 3:
            return None
        return (self.first_month % 12) // 3 + 1


def month_index(year: int, month: int) -> int:
    """Month index of a calendar month: ``year * 12 + month - 1``."""
    return year * 12 + month - 1


def parse_period(text: str) -> Period:
    """Parse one period (``2023``, ``2023H2``, ``2023Q4``, ``2023-12``, ``2023-12-15``).

    Raises ``ValueError`` naming what was expected.
    """
    s = str(text).strip()
    m = _PERIOD.match(s)
    if not m:
        raise ValueError(f"expected {PERIOD_HELP}, got {text!r}")
    year = int(m["y"])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"expected {YEAR_HELP}, got {text!r}")
    if m["h"]:
        half = int(m["h"][1])
        return Period(month_index(year, 6 * half - 5), 6, "half", f"{year}H{half}")
    if m["q"]:
        q = int(m["q"][1])
        return Period(month_index(year, 3 * q - 2), 3, "quarter", f"{year}Q{q}")
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            raise ValueError(f"expected a month 1-12 in {text!r}")
        if m["d"]:
            day = int(m["d"])
            try:
                pd.Timestamp(year=year, month=month, day=day)
            except ValueError:
                raise ValueError(f"expected a valid calendar date, got {text!r}") from None
            return Period(month_index(year, month), 1, "day", f"{year}-{month:02d}-{day:02d}")
        return Period(month_index(year, month), 1, "month", f"{year}-{month:02d}")
    return Period(month_index(year, 1), 12, "year", str(year))


def parse_period_range(text: str) -> Period:
    """Parse a period or a range ``FIRST..LAST`` (both ends included)."""
    s = str(text).strip()
    if ".." not in s:
        return parse_period(s)
    a, _, b = s.partition("..")
    first, last = parse_period(a), parse_period(b)
    end = last.first_month + last.n_months
    if end <= first.first_month:
        raise ValueError(f"expected a range whose end is after its start, got {text!r}")
    return Period(first.first_month, end - first.first_month, "range", f"{first.text}..{last.text}")


class Milestone(BaseModel):
    """A project milestone: when (to the precision known) and whether it happened."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: str = Field(description=PERIOD_HELP)
    actual: bool = Field(description="True if it happened, False if expected")

    @field_validator("when", mode="before")
    @classmethod
    def _canonical(cls, v: Any) -> str:
        return parse_period(str(v)).text

    @property
    def period(self) -> Period:
        return parse_period(self.when)


class PipelineUnit(BaseModel):
    """One thermal generating unit in the pipeline.

    ``province`` accepts any spelling :func:`gridatlas.core.provinces.find_province`
    knows and is stored as the ISO 3166-2:CN letter code; ``province_zh`` is
    filled from the registry.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit_id: str = Field(min_length=1)
    plant: str = Field(min_length=1)
    unit: str = ""
    owner: str = ""
    parent: str = Field("", description="parent group (集团)")
    province: str = Field(description="province code, e.g. AH")
    province_zh: str = ""
    fuel: Fuel
    capacity_nom: float = Field(gt=0, le=UNIT_MW_MAX, allow_inf_nan=False, description="[MW]")
    chp: bool = Field(False, description="heat-oriented combined heat and power unit")
    status: Status
    approval: Milestone | None = None
    construction_start: Milestone | None = None
    commissioning: Milestone | None = None

    @field_validator("province", mode="before")
    @classmethod
    def _province_code(cls, v: Any) -> str:
        p = find_province(str(v)) if v not in (None, "") else None
        if p is None or not p.mainland:
            raise ValueError("expected a mainland province name or code (e.g. 安徽, Anhui, AH)")
        return p.code

    @model_validator(mode="after")
    def _province_name(self) -> PipelineUnit:
        p = find_province(self.province)
        self.province_zh = p.name_zh if p else ""
        return self

    def scalars(self) -> dict[str, Any]:
        """The non-milestone fields as plain values (enums as their text)."""
        return self.model_dump(mode="json", exclude=set(MILESTONE_FIELDS))


def units_frame(units: list[PipelineUnit]) -> pd.DataFrame:
    """Flatten units into one row each, with milestone periods as month spans.

    Columns: the scalar fields, then for each milestone ``<m>_first``
    (month index or NaN), ``<m>_months`` (span), ``<m>_year``, ``<m>_quarter``
    (NaN when unknown) and ``<m>_actual``.
    """
    rows: list[dict[str, Any]] = []
    for u in units:
        row = u.scalars()
        for name in MILESTONE_FIELDS:
            ms: Milestone | None = getattr(u, name)
            p = ms.period if ms else None
            row[f"{name}_first"] = p.first_month if p else np.nan
            row[f"{name}_months"] = p.n_months if p else np.nan
            row[f"{name}_year"] = p.year if p else np.nan
            row[f"{name}_quarter"] = (p.quarter or np.nan) if p else np.nan
            row[f"{name}_actual"] = ms.actual if ms else False
        rows.append(row)
    scalar = [f for f in PipelineUnit.model_fields if f not in MILESTONE_FIELDS]
    spans = [
        f"{m}_{k}"
        for m in MILESTONE_FIELDS
        for k in ("first", "months", "year", "quarter", "actual")
    ]
    frame = pd.DataFrame(rows, columns=scalar + spans)
    frame.attrs["unit"] = {"capacity_nom": "MW"}
    return frame
