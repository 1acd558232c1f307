"""What a dispatch needs to know about a site, and what a dispatch returns.

:class:`Plant` holds the hourly load and PV shape, the tariff, the battery's
technical data, the DR events and the size limits; :class:`Dispatch` holds the
hourly energy flows of one plan. Both the optimal (:mod:`.dispatch_lp`) and the
rule-based (:mod:`.dispatch_rule`) dispatch return a :class:`Dispatch`, and
:func:`operating_cost` prices either one the same way, so the two can be
compared.

Flows are hourly means [kW], equal to the hour's energy [kWh]:

=============  ====================================
``pv_load``    PV → site load
``pv_batt``    PV → battery (charging)
``pv_export``  PV → grid (export)
``pv_curtail`` PV not used (curtailed)
``grid_load``  grid → site load
``grid_batt``  grid → battery (charging)
``batt_load``  battery → site load (discharging)
``shed``       load shed during DR events
``soc``        battery energy at the end of the hour [kWh]
=============  ====================================

There is no battery → grid and no grid → grid flow, so energy bought from the
grid can never be sold back (no grid → battery → export).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from gridatlas.model.tariff import Bill, FloatArray, Tariff, bill

FLOWS: Final[tuple[str, ...]] = (
    "pv_load",
    "pv_batt",
    "pv_export",
    "pv_curtail",
    "grid_load",
    "grid_batt",
    "batt_load",
    "shed",
    "soc",
)
#: Wear cost added to every kWh discharged, in both dispatches, so that idle
#: cycling (charging and discharging in the same hour) never ties with doing
#: nothing. [元/kWh]
WEAR_EPSILON: Final = 1e-4


@dataclass(frozen=True)
class Sizes:
    """PV and battery sizes. [kWp, kW, kWh]"""

    pv_kw: float = 0.0
    battery_kw: float = 0.0
    battery_kwh: float = 0.0

    def astuple(self) -> tuple[float, float, float]:
        return (self.pv_kw, self.battery_kw, self.battery_kwh)

    def as_dict(self) -> dict[str, float]:
        return {"pv_kw": self.pv_kw, "battery_kw": self.battery_kw, "battery_kwh": self.battery_kwh}


@dataclass(frozen=True)
class SizeLimits:
    """Bounds of the sizing LP and the annual cost of each unit of size.

    ``*_annual`` are capex × capital recovery factor + fixed opex. [元/kW·yr, 元/kWh·yr]
    """

    pv_kw: tuple[float, float] = (0.0, 0.0)
    battery_kw: tuple[float, float] = (0.0, 0.0)
    battery_kwh: tuple[float, float] = (0.0, 0.0)
    duration_h: tuple[float, float | None] = (0.0, None)
    pv_annual: float = 0.0
    battery_kw_annual: float = 0.0
    battery_kwh_annual: float = 0.0


@dataclass(frozen=True)
class DemandResponse:
    """DR events as hours of the year, and what is committed. [kW]"""

    event_hours: npt.NDArray[np.bool_]
    committed_kw: float
    shed_kw_max: float = 0.0
    shed_cost: float = 0.0

    @property
    def active(self) -> bool:
        return bool(self.event_hours.any()) and self.committed_kw > 0


@dataclass(frozen=True)
class Plant:
    """A site as the dispatch sees it.

    Attributes
    ----------
    load : array (8760,)
        Site load. [kW]
    pv_pu : array (8760,)
        PV output per kWp. [kW/kWp]
    tariff : Tariff
    charge_efficiency, discharge_efficiency : float
        [p.u.]
    depth_of_discharge : float
        Usable share of rated energy; the battery stays above ``1 − DoD``. [p.u.]
    cycle_cost : float
        Wear cost per kWh discharged. [元/kWh]
    dr : DemandResponse or None
    """

    load: FloatArray
    pv_pu: FloatArray
    tariff: Tariff
    charge_efficiency: float = 0.95
    discharge_efficiency: float = 0.95
    depth_of_discharge: float = 0.9
    cycle_cost: float = 0.0
    dr: DemandResponse | None = None

    @property
    def hours(self) -> int:
        return int(self.load.size)

    def pv(self, pv_kw: float) -> FloatArray:
        """PV output of ``pv_kw``. [kW]"""
        return np.asarray(self.pv_pu * pv_kw)


@dataclass
class Dispatch:
    """Hourly flows of one plan (see the module docstring). [kW]"""

    sizes: Sizes
    flows: dict[str, FloatArray]
    method: str
    objective: float | None = None
    solve_seconds: float = 0.0
    build_seconds: float = 0.0
    dr_shortfall_kwh: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    def __getitem__(self, name: str) -> FloatArray:
        return self.flows[name]

    @property
    def import_kw(self) -> FloatArray:
        """Grid import. [kW]"""
        return np.asarray(self.flows["grid_load"] + self.flows["grid_batt"])

    @property
    def export_kw(self) -> FloatArray:
        """Grid export (PV only). [kW]"""
        return self.flows["pv_export"]

    def bill(self, tariff: Tariff) -> Bill:
        return bill(self.import_kw, self.export_kw, tariff)


def operating_cost(d: Dispatch, plant: Plant) -> float:
    """Bill + battery wear + shed cost of a plan: what both dispatches minimise. [元/yr]"""
    discharged = float(d["batt_load"].sum())
    shed = float(d["shed"].sum())
    shed_cost = plant.dr.shed_cost if plant.dr is not None else 0.0
    return (
        d.bill(plant.tariff).total
        + (plant.cycle_cost + WEAR_EPSILON) * discharged
        + shed_cost * shed
    )


def check_dispatch(d: Dispatch, plant: Plant, tol: float = 1e-5) -> list[str]:
    """Physical checks of a plan; returns what is violated (empty when all hold).

    Energy balances of load and PV, battery state of charge and its limits, power
    limit, export limit, no PV export in an hour with grid import for load or
    battery, and the DR commitment on event hours.
    """
    f = d.flows
    s = d.sizes
    pv = plant.pv(s.pv_kw)
    scale = max(1.0, float(plant.load.max()), float(pv.max()), s.battery_kwh)
    bad: list[str] = []
    for name in FLOWS:
        if (f[name] < -tol * scale).any():
            bad.append(f"{name} < 0")
    if (
        np.abs(f["pv_load"] + f["grid_load"] + f["batt_load"] + f["shed"] - plant.load).max()
        > tol * scale
    ):
        bad.append("load balance")
    used = f["pv_load"] + f["pv_batt"] + f["pv_export"] + f["pv_curtail"]
    if np.abs(used - pv).max() > tol * scale:
        bad.append("PV balance")
    charge = plant.charge_efficiency * (f["pv_batt"] + f["grid_batt"])
    discharge = f["batt_load"] / plant.discharge_efficiency
    soc0 = (1 - plant.depth_of_discharge) * s.battery_kwh
    soc_prev = np.concatenate(([soc0], f["soc"][:-1]))
    if np.abs(f["soc"] - soc_prev - charge + discharge).max() > tol * scale:
        bad.append("state of charge")
    if (f["soc"] > s.battery_kwh + tol * scale).any() or (f["soc"] < soc0 - tol * scale).any():
        bad.append("state-of-charge limits")
    if (f["pv_batt"] + f["grid_batt"] + f["batt_load"] > s.battery_kw + tol * scale).any():
        bad.append("battery power")
    t = plant.tariff
    limit = t.export_limit if t.export_allowed else 0.0
    if (f["pv_export"] > limit + tol * scale).any():
        bad.append("export limit")
    both = (f["pv_export"] > tol * scale) & (d.import_kw > tol * scale)
    if both.any():
        bad.append("import and export in the same hour")
    dr = plant.dr
    if dr is not None and dr.active:
        h = dr.event_hours
        net = d.import_kw[h] - f["pv_export"][h]
        if (net > plant.load[h] - pv[h] - dr.committed_kw + tol * scale).any():
            bad.append("DR commitment")
    return bad
