"""A checked power system for probabilistic adequacy: regions, units, profiles, storage, interfaces.

All power in MW, energy in MWh, times in hours. Hourly series are given for the
system's whole horizon (``hours`` values). Reading a system file is
:mod:`gridatlas.sources.system_files`; running it is
:mod:`gridatlas.runners.adequacy`.

Outage models: give either ``mttf_h`` and ``mttr_h``, or ``forced_outage_rate``
and ``mttr_h`` (then MTTF = MTTR·(1−FOR)/FOR). The simulation uses hourly
transition probabilities ``1/MTTF`` and ``1/MTTR`` (see :mod:`gridatlas.model.smc`).
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Kind = Literal["solar", "wind", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _finite_nonneg(values: list[float], what: str) -> list[float]:
    for i, v in enumerate(values):
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"{what}: hour {i} is {v}; expected a finite number ≥ 0")
    return values


class OutageModel(_Strict):
    """Two-state Markov outage model; all fields empty means never out."""

    mttf_h: float | None = Field(default=None, ge=1.0)
    mttr_h: float | None = Field(default=None, ge=1.0)
    forced_outage_rate: float | None = Field(default=None, ge=0.0, lt=1.0)

    @model_validator(mode="after")
    def _complete(self) -> Self:
        given = (
            self.mttf_h is not None,
            self.mttr_h is not None,
            self.forced_outage_rate is not None,
        )
        if given == (False, False, False):
            return self
        if self.mttr_h is None:
            raise ValueError("mttr_h is required with mttf_h or forced_outage_rate")
        if (self.mttf_h is None) == (self.forced_outage_rate is None):
            raise ValueError("give exactly one of mttf_h and forced_outage_rate (with mttr_h)")
        if self.forced_outage_rate is not None and self.forced_outage_rate > 0:
            mttf = self.mttr_h * (1 - self.forced_outage_rate) / self.forced_outage_rate
            if mttf < 1.0:
                raise ValueError("forced_outage_rate with this mttr_h gives MTTF < 1 h")
        return self

    @property
    def failure_probability(self) -> float:
        """Probability that an available component fails before the next hour. [1/h]"""
        if self.mttf_h is not None:
            return 1.0 / self.mttf_h
        if not self.forced_outage_rate or self.mttr_h is None:
            return 0.0
        return self.forced_outage_rate / (self.mttr_h * (1.0 - self.forced_outage_rate))

    @property
    def repair_probability(self) -> float:
        """Probability that a failed component is back the next hour. [1/h]"""
        return 1.0 if self.mttr_h is None else 1.0 / self.mttr_h

    @property
    def unavailability(self) -> float:
        """Stationary forced outage rate. [p.u.]"""
        pf, pr = self.failure_probability, self.repair_probability
        return pf / (pf + pr) if pf > 0 else 0.0


class Region(_Strict):
    """An area with its own hourly load. [MW]"""

    name: str = Field(min_length=1)
    load_mw: list[float]

    @field_validator("load_mw")
    @classmethod
    def _load(cls, v: list[float]) -> list[float]:
        return _finite_nonneg(v, "load_mw")


class UnitClass(OutageModel):
    """``count`` identical units, each failing and being repaired on its own."""

    name: str = Field(min_length=1)
    region: str
    count: int = Field(default=1, ge=1)
    capacity_mw: float = Field(gt=0)
    #: Hourly capacity as a share of capacity_mw (seasonal derating); empty = 1.
    capacity_profile: list[float] | None = None
    fuel: str = ""

    @field_validator("capacity_profile")
    @classmethod
    def _profile(cls, v: list[float] | None) -> list[float] | None:
        return None if v is None else _finite_nonneg(v, "capacity_profile")


class VariableResource(_Strict):
    """Wind, solar or another block with an hourly availability profile and no outages."""

    name: str = Field(min_length=1)
    region: str
    kind: Kind = "other"
    capacity_mw: float = Field(ge=0)
    #: Hourly output as a share of capacity_mw. [p.u., 0-1]
    profile: list[float]
    #: Where the profile comes from (file, model and parameters); shown with results.
    profile_source: str = ""

    @field_validator("profile")
    @classmethod
    def _pu(cls, v: list[float]) -> list[float]:
        _finite_nonneg(v, "profile")
        if v and max(v) > 1.0 + 1e-9:
            raise ValueError("profile values are shares of capacity; expected 0 ≤ value ≤ 1")
        return v


class HydroResource(_Strict):
    """Energy-limited hydro: capacity plus an energy budget per period, per hydrology scenario."""

    name: str = Field(min_length=1)
    region: str
    capacity_mw: float = Field(gt=0)
    #: Length of each energy period; the last period may be shorter. [h]
    period_hours: int = Field(ge=1)
    #: Energy budget per period for each hydrology scenario. [MWh]
    energy_mwh: dict[str, list[float]] = Field(min_length=1)

    @field_validator("energy_mwh")
    @classmethod
    def _energy(cls, v: dict[str, list[float]]) -> dict[str, list[float]]:
        for name, values in v.items():
            _finite_nonneg(values, f"energy_mwh.{name}")
        return v


class Storage(OutageModel):
    """A storage device; it discharges only to avoid shortfall and charges from surplus."""

    name: str = Field(min_length=1)
    region: str
    power_mw: float = Field(gt=0)
    energy_mwh: float = Field(gt=0)
    charge_efficiency: float = Field(default=1.0, gt=0, le=1)
    discharge_efficiency: float = Field(default=1.0, gt=0, le=1)
    #: Share of stored energy kept from one hour to the next. [p.u.]
    carryover: float = Field(default=1.0, gt=0, le=1)
    #: State of charge at the start of each sample, as a share of energy_mwh. [p.u.]
    initial_soc: float = Field(default=0.0, ge=0, le=1)


class Interface(OutageModel):
    """A transfer path between two regions with a limit each way. [MW]"""

    name: str = Field(min_length=1)
    from_region: str
    to_region: str
    limit_forward_mw: float = Field(ge=0)
    limit_backward_mw: float = Field(ge=0)


class PowerSystem(_Strict):
    """A whole system: what :func:`gridatlas.runners.adequacy.run` takes."""

    name: str = Field(min_length=1)
    description: str = ""
    #: Number of hours in one sample (one simulated year, or a test horizon).
    hours: int = Field(ge=1)
    #: Timestamp of the first hour (sets month and hour-of-day of each hour).
    start: datetime = datetime(2001, 1, 1)
    sources: list[str] = []
    regions: list[Region] = Field(min_length=1)
    units: list[UnitClass] = []
    variable: list[VariableResource] = []
    hydro: list[HydroResource] = []
    storage: list[Storage] = []
    interfaces: list[Interface] = []

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        names = [r.name for r in self.regions]
        if len(set(names)) != len(names):
            raise ValueError("region names must be unique")
        known = set(names)
        for r in self.regions:
            if len(r.load_mw) != self.hours:
                raise ValueError(
                    f"region {r.name}: load_mw has {len(r.load_mw)} values; expected {self.hours}"
                )
        groups: list[
            tuple[
                str, list[UnitClass] | list[VariableResource] | list[HydroResource] | list[Storage]
            ]
        ] = [
            ("units", self.units),
            ("variable", self.variable),
            ("hydro", self.hydro),
            ("storage", self.storage),
        ]
        for group, items in groups:
            seen: set[str] = set()
            for item in items:
                if item.name in seen:
                    raise ValueError(f"{group}: name {item.name!r} is used twice")
                seen.add(item.name)
                if item.region not in known:
                    raise ValueError(
                        f"{group} {item.name}: region {item.region!r} is not one of {sorted(known)}"
                    )
        for u in self.units:
            if u.capacity_profile is not None and len(u.capacity_profile) != self.hours:
                raise ValueError(f"units {u.name}: capacity_profile needs {self.hours} values")
        for v in self.variable:
            if len(v.profile) != self.hours:
                raise ValueError(
                    f"variable {v.name}: profile has {len(v.profile)} values; expected {self.hours}"
                )
        for hy in self.hydro:
            periods = -(-self.hours // hy.period_hours)
            for scen, values in hy.energy_mwh.items():
                if len(values) != periods:
                    raise ValueError(
                        f"hydro {hy.name}: energy_mwh.{scen} needs {periods} values (one per period)"
                    )
        for i in self.interfaces:
            for end in (i.from_region, i.to_region):
                if end not in known:
                    raise ValueError(
                        f"interface {i.name}: region {end!r} is not one of {sorted(known)}"
                    )
            if i.from_region == i.to_region:
                raise ValueError(f"interface {i.name}: from_region and to_region are the same")
        return self

    def region_index(self, name: str) -> int:
        """Position of region ``name``; ValueError if there is none."""
        for k, r in enumerate(self.regions):
            if r.name == name:
                return k
        raise ValueError(name)

    def hydrologies(self) -> list[str]:
        """Hydrology scenario names shared by every hydro resource (first one is the default)."""
        if not self.hydro:
            return []
        common = list(self.hydro[0].energy_mwh)
        for hy in self.hydro[1:]:
            common = [c for c in common if c in hy.energy_mwh]
        return common
