"""Commissioning forecast: construction start + build cycle (+ slip) → commissioning.

Pure, vectorised functions on *cohorts*: capacity started in one calendar
month (a unit, or an even share of an aggregate period). Time is a month
index, ``year * 12 + month - 1``; a unit started in month ``s`` with a cycle
of ``c`` whole months commissions in month ``s + c``.

Method: seed report 004 §二 (build cycles of 24 months for coal and 18 for
gas), which also gives the slip case: coal started in December 2023 may miss the
end of 2025 because of holidays and is moved to 2026.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray

IntArray = npt.NDArray[np.int64]

#: Build cycles by fuel, months (seed report 004 §二: coal 24, gas 18).
DEFAULT_CYCLE_MONTHS: Final[dict[str, float]] = {"coal": 24.0, "gas": 18.0}


@dataclass(frozen=True)
class CycleRule:
    """A build cycle for the cohorts it matches; ``None`` matches anything.

    ``min_mw`` (inclusive) and ``max_mw`` (exclusive) bound the unit size
    [MW]; cohorts whose unit size is unknown (NaN) never match a size bound.
    """

    months: float
    fuel: str | None = None
    province: str | None = None
    min_mw: float | None = None
    max_mw: float | None = None


@dataclass(frozen=True)
class SlipRule:
    """Extra delay for starts late in a year.

    Starts in calendar months ``>= from_month`` (1-12) of the given ``years``
    (every year when ``None``) commission ``delay_months`` later.
    """

    from_month: int = 12
    delay_months: int = 2
    years: tuple[int, ...] | None = None


@dataclass(frozen=True)
class CycleUncertainty:
    """Triangular build-cycle distribution around each cohort's cycle (the mode).

    The cycle is drawn from ``triangular(mode - minus_months, mode,
    mode + plus_months)`` [months]. The defaults (3 early, 9 late) are this
    project's illustrative assumption, skewed late because delays are more
    common than early completion; the report gives no spread.
    """

    minus_months: float = 3.0
    plus_months: float = 9.0


def cycle_months(
    fuel: Sequence[str] | npt.NDArray[np.str_],
    unit_mw: npt.ArrayLike,
    province: Sequence[str] | npt.NDArray[np.str_],
    rules: Sequence[CycleRule] = (),
    defaults: dict[str, float] | None = None,
) -> FloatArray:
    """Build cycle of each cohort [months]: the first matching rule, else the fuel default.

    Parameters
    ----------
    fuel : array of str
        ``coal`` or ``gas`` per cohort.
    unit_mw : array_like
        Unit size per cohort, NaN when unknown. [MW]
    province : array of str
        Province code per cohort, ``""`` when unknown.
    rules : sequence of CycleRule
        Checked in order; the first match wins.
    defaults : dict, optional
        Cycle by fuel [months]; :data:`DEFAULT_CYCLE_MONTHS` if omitted.
    """
    fuel_a = np.asarray(fuel, dtype=str)
    prov_a = np.asarray(province, dtype=str)
    size = np.asarray(unit_mw, dtype=float)
    table = DEFAULT_CYCLE_MONTHS if defaults is None else defaults
    out = np.full(fuel_a.shape, np.nan)
    for f, months in table.items():
        out[fuel_a == f] = months
    done = np.zeros(fuel_a.shape, dtype=bool)
    rule_out = np.full(fuel_a.shape, np.nan)
    for r in rules:
        hit = ~done
        if r.fuel is not None:
            hit &= fuel_a == r.fuel
        if r.province is not None:
            hit &= prov_a == r.province
        if r.min_mw is not None:
            hit &= size >= r.min_mw  # NaN compares False
        if r.max_mw is not None:
            hit &= size < r.max_mw
        rule_out[hit] = r.months
        done |= hit
    out = np.where(done, rule_out, out)
    if np.isnan(out).any():
        missing = sorted(set(fuel_a[np.isnan(out)].tolist()))
        raise ValueError(f"no build cycle for fuel(s) {missing}")
    return out


def slip_months(start_month: npt.ArrayLike, rule: SlipRule | None) -> FloatArray:
    """Extra delay of each start under a slip rule [months] (0 where it does not apply)."""
    start = np.asarray(start_month, dtype=float)
    if rule is None:
        return np.zeros(start.shape)
    valid = ~np.isnan(start)
    s = np.where(valid, start, 0.0).astype(np.int64)
    hit = valid & ((s % 12) + 1 >= rule.from_month)
    if rule.years is not None:
        hit &= np.isin(s // 12, np.asarray(rule.years, dtype=np.int64))
    return np.where(hit, float(rule.delay_months), 0.0)


def commissioning_month(
    start_month: npt.ArrayLike,
    cycle: npt.ArrayLike,
    slip: SlipRule | None = None,
    fixed_month: npt.ArrayLike | None = None,
) -> FloatArray:
    """Commissioning month index = start + cycle + slip delay.

    Parameters
    ----------
    start_month : array_like
        Construction-start month index per cohort; NaN when unknown.
    cycle : array_like
        Build cycle [months]; whole months keep a start in month ``s`` in
        month ``s + cycle``; fractions are floored.
    slip : SlipRule, optional
        Late-year slip; applies to start-based cohorts only.
    fixed_month : array_like, optional
        A stated commissioning month used where the start is unknown
        (e.g. a tracker's expected year); NaN where none.

    Returns
    -------
    numpy.ndarray
        Month index per cohort, NaN where neither start nor fixed month is known.
    """
    start = np.asarray(start_month, dtype=float)
    by_cycle = np.floor(start + np.asarray(cycle, dtype=float) + slip_months(start, slip))
    if fixed_month is None:
        return by_cycle
    return np.where(np.isnan(start), np.asarray(fixed_month, dtype=float), by_cycle)


def annual_totals(
    month: npt.ArrayLike,
    capacity_nom: npt.ArrayLike,
    years: Sequence[int],
    group: npt.ArrayLike | None = None,
    n_groups: int = 1,
) -> FloatArray:
    """Capacity commissioned per group and year [MW], shape ``(n_groups, len(years))``.

    Cohorts commissioning outside ``years`` (or undated, NaN) are left out;
    ``years`` must be consecutive.
    """
    m = np.asarray(month, dtype=float)
    cap = np.asarray(capacity_nom, dtype=float)
    g = np.zeros(m.shape, dtype=np.int64) if group is None else np.asarray(group, dtype=np.int64)
    n_years = len(years)
    ok = ~np.isnan(m)
    yi = np.full(m.shape, -1, dtype=np.int64)
    yi[ok] = (m[ok] // 12).astype(np.int64) - years[0]
    ok &= (yi >= 0) & (yi < n_years)
    flat = g[ok] * n_years + yi[ok]
    out = np.bincount(flat, weights=cap[ok], minlength=n_groups * n_years)
    return out.reshape(n_groups, n_years).astype(np.float64)


def commissioning_samples(
    start_month: npt.ArrayLike,
    capacity_nom: npt.ArrayLike,
    cycle: npt.ArrayLike,
    years: Sequence[int],
    *,
    uncertainty: CycleUncertainty = CycleUncertainty(),
    slip: SlipRule | None = None,
    group: npt.ArrayLike | None = None,
    n_groups: int = 1,
    n_samples: int = 1000,
    rng: np.random.Generator | None = None,
    fixed_month: npt.ArrayLike | None = None,
) -> FloatArray:
    """Monte Carlo of annual commissioning when build cycles are uncertain.

    Each sample draws, per cohort, a start day uniformly within its start
    month and a build cycle from a triangular distribution around ``cycle``
    (see :class:`CycleUncertainty`), then adds the slip delay. Cohorts with a
    fixed (stated) month keep it.

    Returns
    -------
    numpy.ndarray
        Shape ``(n_samples, n_groups, len(years))`` [MW].
    """
    rng = np.random.default_rng() if rng is None else rng
    start = np.asarray(start_month, dtype=float)
    cap = np.asarray(capacity_nom, dtype=float)
    mode = np.asarray(cycle, dtype=float)
    g = (
        np.zeros(start.shape, dtype=np.int64)
        if group is None
        else np.asarray(group, dtype=np.int64)
    )
    n = start.shape[0]
    lo = np.maximum(mode - uncertainty.minus_months, 0.0)
    hi = mode + uncertainty.plus_months
    # numpy's triangular needs left < right; a zero spread means no uncertainty
    degenerate = hi <= lo
    drawn = rng.triangular(
        np.broadcast_to(np.where(degenerate, lo - 1.0, lo), (n_samples, n)),
        np.broadcast_to(mode, (n_samples, n)),
        np.broadcast_to(np.where(degenerate, hi + 1.0, hi), (n_samples, n)),
    )
    cyc = np.where(degenerate, mode, drawn)
    day = rng.random((n_samples, n))
    t = start + day + cyc + slip_months(start, slip)
    month = np.floor(t)
    if fixed_month is not None:
        month = np.where(np.isnan(start), np.asarray(fixed_month, dtype=float), month)
    n_years = len(years)
    ok = ~np.isnan(month)
    yi = np.where(ok, month // 12 - years[0], -1).astype(np.int64)
    ok &= (yi >= 0) & (yi < n_years)
    sample = np.broadcast_to(np.arange(n_samples)[:, None], (n_samples, n))
    flat = (sample * n_groups + g) * n_years + yi
    weights = np.broadcast_to(cap, (n_samples, n))
    out = np.bincount(flat[ok], weights=weights[ok], minlength=n_samples * n_groups * n_years)
    return out.reshape(n_samples, n_groups, n_years).astype(np.float64)
