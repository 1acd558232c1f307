"""Coal capacity-price cost: what the capacity charge adds to system operating cost.

Method of seed report 004 §二 (last paragraph and footnote 3), built on the
November 2023 coal capacity-price mechanism (《关于建立煤电容量电价机制的通知》):

* capacity charge = capacity × fixed-cost standard × recovery share × recovery rate;
* fixed-cost standard 330 元/kW·yr, nationwide;
* recovery share about 30 % in 2024-2025 (higher in some provinces) and at
  least 50 % from 2026;
* new units pay from the year after commissioning, at a 100 % recovery rate
  (the report counts only units ≥ 300 MW); the existing fleet (about
  1.16 TW at end-2023) at 80 % (old or heat-constrained units).

The *added* cost of year Y is the charge in Y minus the charge in Y-1, split
into three parts (all in 元/yr; the runner reports 亿元):

``new_units``
    units commissioned in Y-1, charged for the first time;
``existing_fleet``
    the change in the existing fleet's charge (a change of share);
``share_step_up``
    the change in the charge of units commissioned since the mechanism began
    and already paying in Y-1 (a change of share).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray

#: Fixed-cost standard for coal units [元/kW·yr] (seed report 004 §二, from the
#: November 2023 mechanism).
FIXED_COST_STANDARD: Final[float] = 330.0
#: National recovery share by first year it applies [p.u.] (report 004 §二:
#: about 30 % in 2024-2025, not below 50 % from 2026).
DEFAULT_SHARES: Final[dict[int, float]] = {2024: 0.30, 2026: 0.50}
#: Existing coal fleet at end-2023 [MW] (report 004 footnote 3: 约11.6亿千瓦).
EXISTING_FLEET_MW: Final[float] = 1.16e6
#: Recovery rates [p.u.] (report 004 footnote 3).
RECOVERY_EXISTING: Final[float] = 0.8
RECOVERY_NEW_LARGE: Final[float] = 1.0
#: Unit size from which a new unit is "large" [MW] (report 004 §1.3/§二: 30万千瓦).
LARGE_UNIT_MW: Final[float] = 300.0
#: 元 per 亿元.
YUAN_PER_YI: Final[float] = 1e8


@dataclass(frozen=True)
class ShareSchedule:
    """Recovery share by year, nationally and with per-province overrides.

    Each mapping is a step function: ``{2024: 0.3, 2026: 0.5}`` means 0.3 in
    2024-2025 and 0.5 from 2026 on, 0 before 2024. A province's override
    replaces the national value from its own first year on.
    """

    national: Mapping[int, float] = field(default_factory=lambda: dict(DEFAULT_SHARES))
    provinces: Mapping[str, Mapping[int, float]] = field(default_factory=dict)

    def national_share(self, years: Sequence[int]) -> FloatArray:
        """National share per year [p.u.]."""
        return _steps(self.national, years, np.zeros(len(years)))

    def share(self, years: Sequence[int], province: Sequence[str]) -> FloatArray:
        """Share per cohort and year [p.u.], shape ``(len(province), len(years))``."""
        base = self.national_share(years)
        out = np.broadcast_to(base, (len(province), len(years))).copy()
        prov = np.asarray(province, dtype=str)
        for code, steps in self.provinces.items():
            rows = prov == code
            if rows.any():
                out[rows] = _steps(steps, years, base)
        return out


def _steps(steps: Mapping[int, float], years: Sequence[int], before: FloatArray) -> FloatArray:
    out = np.array(before, dtype=float, copy=True)
    for year in sorted(steps):
        out[np.asarray(years) >= year] = steps[year]
    return out


def capacity_charge(
    capacity_nom: npt.ArrayLike,
    share: npt.ArrayLike,
    recovery: npt.ArrayLike,
    fixed_cost: float = FIXED_COST_STANDARD,
) -> FloatArray:
    """Annual capacity charge [元/yr] = capacity [MW] × 1000 × fixed cost [元/kW·yr] × share × rate."""
    return (
        np.asarray(capacity_nom, dtype=float)
        * 1e3
        * fixed_cost
        * np.asarray(share, dtype=float)
        * np.asarray(recovery, dtype=float)
    )


def added_cost(
    years: Sequence[int],
    commissioning_year: npt.ArrayLike,
    capacity_nom: npt.ArrayLike,
    cohort_share: npt.ArrayLike,
    cohort_recovery: npt.ArrayLike,
    existing_mw: float,
    existing_share: npt.ArrayLike,
    existing_recovery: float = RECOVERY_EXISTING,
    fixed_cost: float = FIXED_COST_STANDARD,
) -> dict[str, FloatArray]:
    """Added system operating cost per year from the capacity charge [元/yr].

    Parameters
    ----------
    years : sequence of int
        Consecutive years Y to report.
    commissioning_year : array_like
        Commissioning year of each new-unit cohort (commissioned after the
        existing fleet's reference year).
    capacity_nom : array_like
        Cohort capacity. [MW]
    cohort_share : array_like
        Recovery share per cohort for the years ``years[0]-1 .. years[-1]``,
        shape ``(n_cohorts, len(years) + 1)``. [p.u.]
    cohort_recovery : array_like
        Recovery rate per cohort. [p.u.]
    existing_mw : float
        Existing fleet (reference year end). [MW]
    existing_share : array_like
        The fleet's recovery share for ``years[0]-1 .. years[-1]``. [p.u.]
    existing_recovery : float
        The fleet's recovery rate. [p.u.]
    fixed_cost : float
        Fixed-cost standard. [元/kW·yr]

    Returns
    -------
    dict
        ``new_units``, ``existing_fleet``, ``share_step_up`` and ``total``,
        each an array over ``years``. [元/yr]
    """
    y = np.asarray(years, dtype=np.int64)
    cy = np.asarray(commissioning_year, dtype=float)[:, None]
    cap = np.asarray(capacity_nom, dtype=float)[:, None]
    rec = np.asarray(cohort_recovery, dtype=float)[:, None]
    share = np.asarray(cohort_share, dtype=float).reshape(cap.shape[0], len(years) + 1)
    now, before = share[:, 1:], share[:, :-1]
    first_year = cy == (y - 1)[None, :]
    paying_before = cy < (y - 1)[None, :]
    new_units = np.where(first_year, capacity_charge(cap, now, rec, fixed_cost), 0.0).sum(axis=0)
    step = np.where(paying_before, capacity_charge(cap, now - before, rec, fixed_cost), 0.0)
    ex = np.asarray(existing_share, dtype=float)
    existing = capacity_charge(existing_mw, ex[1:] - ex[:-1], existing_recovery, fixed_cost)
    share_step_up = step.sum(axis=0)
    return {
        "new_units": new_units,
        "existing_fleet": existing,
        "share_step_up": share_step_up,
        "total": new_units + existing + share_step_up,
    }


@dataclass(frozen=True)
class CapacityPriceParams:
    """All capacity-price assumptions, capacities in MW (defaults: report 004 §二, fn. 3)."""

    fixed_cost: float = FIXED_COST_STANDARD
    schedule: ShareSchedule = field(default_factory=ShareSchedule)
    existing_fleet_mw: float = EXISTING_FLEET_MW
    fleet_year: int = 2023
    recovery_existing: float = RECOVERY_EXISTING
    recovery_new_large: float = RECOVERY_NEW_LARGE
    large_unit_mw: float = LARGE_UNIT_MW
