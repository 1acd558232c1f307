"""The 8760-hour dispatch and sizing linear program, built as sparse matrices and
solved with HiGHS (highspy).

Variables (each one per hour ``t``, in kW = kWh per hour): ``pv_load``,
``pv_batt``, ``pv_export``, ``grid_load``, ``grid_batt``, ``batt_load``,
``soc`` [kWh], ``shed``; one maximum demand ``d_m`` per month [kW]; and the
sizes ``x`` (PV kWp), ``p`` (battery kW), ``e`` (battery kWh), fixed when
evaluating given sizes. No binaries.

    min  Σ_t price_t (grid_load_t + grid_batt_t) − Σ_t export_price_t pv_export_t
         + Σ_m demand_charge d_m + (cycle_cost + ε) Σ_t batt_load_t + shed_cost Σ_t shed_t
         + a_pv x + a_p p + a_e e                                        (sizing only)
    s.t. pv_load + grid_load + batt_load + shed = load_t                 (load balance)
         pv_load + pv_batt + pv_export ≤ u_t x                           (PV; rest curtailed)
         soc_t = soc_{t−1} + η_c (pv_batt + grid_batt) − batt_load / η_d, soc_{−1} = (1−DoD) e
         (1−DoD) e ≤ soc_t ≤ e
         pv_batt + grid_batt + batt_load ≤ p                              (power, both ways)
         grid_load + grid_batt ≤ d_{m(t)}                                (demand basis only)
         grid_load + grid_batt − pv_export ≤ load_t − u_t x − committed  (DR event hours)
         pv_export ≤ export_limit (0 without export)
         e ≥ duration_min p,  e ≤ duration_max p                          (sizing only)

There is no battery → grid flow, so grid energy cannot be exported. Behind a
single meter, import and export in the same hour net out, and a battery that
discharges to the load while PV exports is exporting in effect. With known PV
output ``G_t`` (evaluating sizes) both are ruled out by bounds that make PV serve
the load first: ``pv_load_t ≥ min(G_t, load_t)``; in surplus hours the battery
charges from the grid only where export is worth less than import. Serving the
load from PV first costs nothing, because PV charging the battery while the grid
feeds the load is, at the meter, the same as the grid charging the battery.

When sizing, ``G_t`` depends on ``x``, and the same condition is not linear.
The sizing LP then (a) forbids export in hours where even the largest PV cannot
exceed the load, and (b) credits export at ``min(export_price, price_t)`` so
that netting can never earn money. The chosen sizes are re-evaluated with the
exact fixed-size LP, and every reported figure comes from that evaluation.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Final

import highspy
import numpy as np
import scipy.sparse as sp

from gridatlas.model.plant import WEAR_EPSILON, Dispatch, Plant, SizeLimits, Sizes
from gridatlas.model.tariff import FloatArray

_BLOCKS: Final = (
    "pv_load",
    "pv_batt",
    "pv_export",
    "grid_load",
    "grid_batt",
    "batt_load",
    "soc",
    "shed",
)
_B: Final = {name: i for i, name in enumerate(_BLOCKS)}
INF: Final = highspy.kHighsInf


class InfeasibleError(ValueError):
    """The LP has no solution: a limit or a commitment cannot be met."""


@dataclass
class _Model:
    cost: FloatArray
    lb: FloatArray
    ub: FloatArray
    rows: list[np.ndarray]
    cols: list[np.ndarray]
    vals: list[FloatArray]
    row_lb: list[FloatArray]
    row_ub: list[FloatArray]
    n_rows: int = 0

    def add(
        self,
        terms: list[tuple[np.ndarray, np.ndarray | float]],
        lo: np.ndarray | float,
        hi: np.ndarray | float,
        n: int,
    ) -> None:
        """Add ``n`` rows; each term is (column index per row, coefficient per row)."""
        r = np.arange(self.n_rows, self.n_rows + n)
        for col, coef in terms:
            c = np.broadcast_to(np.asarray(col), (n,))
            v = np.broadcast_to(np.asarray(coef, dtype=np.float64), (n,))
            self.rows.append(r)
            self.cols.append(c)
            self.vals.append(v)
        self.row_lb.append(np.broadcast_to(np.asarray(lo, dtype=np.float64), (n,)))
        self.row_ub.append(np.broadcast_to(np.asarray(hi, dtype=np.float64), (n,)))
        self.n_rows += n


def solve(
    plant: Plant,
    sizes: Sizes | None = None,
    limits: SizeLimits | None = None,
    *,
    threads: int = 1,
    warm_start: bool = True,
    verbose: bool = False,
) -> Dispatch:
    """Optimal dispatch for fixed ``sizes``, or sizes and dispatch within ``limits``.

    Parameters
    ----------
    plant : Plant
    sizes : Sizes, optional
        Evaluate these sizes (exact netting rules, see the module docstring).
    limits : SizeLimits, optional
        Choose sizes within these bounds, paying their annual cost.
    threads : int
        HiGHS threads (1 inside a Dask worker).
    warm_start : bool
        Sizing only: first size on every ``SAMPLE_STEP``-th day (plus the DR
        event days), solve the full year at those sizes, then free the sizes
        and re-optimise from that basis. The result is the optimum of the full
        8760-hour LP either way; the warm start is only faster.
    verbose : bool
        Let HiGHS print its log (banner and iterations). HiGHS writes it to
        the process's standard output; callers that print machine-readable
        output there send it elsewhere (see :mod:`gridatlas.core.stdio`).

    Returns
    -------
    Dispatch
        Flows [kW], ``objective`` [元/yr] (operating cost including any
        capacity charge, plus the sizes' annual cost when sizing) and
        build/solve seconds.

    Raises
    ------
    InfeasibleError
        When no plan meets the constraints (e.g. a DR commitment the battery
        cannot deliver).
    """
    if (sizes is None) == (limits is None):
        raise ValueError("give exactly one of sizes or limits")
    t0 = time.perf_counter()
    model, layout = _build(plant, sizes, limits)
    lp = _to_highs(model)
    build_s = time.perf_counter() - t0
    h = _highs(threads, verbose)
    if limits is not None and warm_start and plant.hours > 24 * SAMPLE_STEP:
        t1 = time.perf_counter()
        guess = _sample_sizes(plant, limits, threads, verbose)
        cols = np.array([layout["x"], layout["p"], layout["e"]], dtype=np.int32)
        lo, hi = model.lb[cols].copy(), model.ub[cols].copy()
        if guess is not None:
            fixed = np.clip(np.array(guess.astuple()), lo, hi)
            lower = model.lb.copy()
            upper = model.ub.copy()
            lower[cols] = fixed
            upper[cols] = fixed
            lp.col_lower_ = lower
            lp.col_upper_ = upper
            h.passModel(lp)
            h.run()
            if h.getModelStatus() == highspy.HighsModelStatus.kOptimal:
                h.changeColsBounds(3, cols, lo, hi)
            else:
                h = _highs(threads, verbose)
                lp.col_lower_ = model.lb
                lp.col_upper_ = model.ub
                h.passModel(lp)
        else:
            h.passModel(lp)
        h.run()
        solve_s = time.perf_counter() - t1
    else:
        t1 = time.perf_counter()
        h.passModel(lp)
        h.run()
        solve_s = time.perf_counter() - t1
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kOptimal:
        raise InfeasibleError(h.modelStatusToString(status))
    x = np.asarray(h.getSolution().col_value)
    tar = plant.tariff
    fixed = 12 * tar.capacity_charge * tar.transformer_kva if tar.basis == "capacity" else 0.0
    obj = float(h.getInfo().objective_function_value) + fixed
    return _unpack(plant, x, obj, layout, build_s, solve_s, sizes is None)


#: Every how many days the warm-start sample keeps one.
SAMPLE_STEP: Final = 4


def _highs(threads: int, verbose: bool = False) -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", verbose)
    h.setOptionValue("threads", threads)
    h.setOptionValue("solver", "simplex")
    return h


def _sample_sizes(
    plant: Plant, limits: SizeLimits, threads: int, verbose: bool = False
) -> Sizes | None:
    """Sizes from the LP on every SAMPLE_STEP-th day and the DR event days."""
    days = plant.hours // 24
    keep_day = np.arange(days) % SAMPLE_STEP == 0
    if plant.dr is not None and plant.dr.active:
        keep_day |= plant.dr.event_hours.reshape(days, 24).any(axis=1)
    keep = np.repeat(keep_day, 24)
    weight = plant.hours / keep.sum()
    tar = plant.tariff
    cal = replace(
        tar.calendar,
        month=tar.calendar.month[keep],
        day=tar.calendar.day[keep],
        weekday=tar.calendar.weekday[keep],
        hour=tar.calendar.hour[keep],
    )
    small_tariff = replace(
        tar,
        calendar=cal,
        period=tar.period[keep],
        price=tar.price[keep] * weight,
        export_price=tar.export_price * weight,
    )
    dr = plant.dr
    if dr is not None:
        dr = replace(dr, event_hours=dr.event_hours[keep], shed_cost=dr.shed_cost * weight)
    small = replace(
        plant,
        load=plant.load[keep],
        pv_pu=plant.pv_pu[keep],
        tariff=small_tariff,
        cycle_cost=plant.cycle_cost * weight,
        dr=dr,
    )
    model, layout = _build(small, None, limits)
    h = _highs(threads, verbose)
    h.passModel(_to_highs(model))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = h.getSolution().col_value
    return Sizes(float(x[layout["x"]]), float(x[layout["p"]]), float(x[layout["e"]]))


def _build(
    plant: Plant, sizes: Sizes | None, limits: SizeLimits | None
) -> tuple[_Model, dict[str, int]]:
    T = plant.hours
    tar = plant.tariff
    load = plant.load
    u = np.where(plant.pv_pu < 1e-6, 0.0, plant.pv_pu)
    sizing = limits is not None
    dod = plant.depth_of_discharge
    nb = len(_BLOCKS)
    base_d = nb * T
    col_x, col_p, col_e = base_d + 12, base_d + 13, base_d + 14
    n = base_d + 15
    demand_price = tar.demand_price

    def idx(block: str) -> np.ndarray:
        return np.arange(_B[block] * T, (_B[block] + 1) * T)

    cost = np.zeros(n)
    lb = np.zeros(n)
    ub = np.full(n, INF)

    price = tar.price
    exp_price = np.full(T, tar.export_credit)
    if sizing:
        exp_price = np.minimum(exp_price, price)
    cost[idx("grid_load")] = price
    cost[idx("grid_batt")] = price
    cost[idx("pv_export")] = -exp_price
    cost[idx("batt_load")] = plant.cycle_cost + WEAR_EPSILON
    dr = plant.dr if plant.dr is not None and plant.dr.active else None
    if dr is not None:
        cost[idx("shed")] = dr.shed_cost
        ub[idx("shed")] = np.where(dr.event_hours, dr.shed_kw_max, 0.0)
    else:
        ub[idx("shed")] = 0.0
    cost[base_d : base_d + 12] = demand_price
    if demand_price <= 0:
        ub[base_d : base_d + 12] = 0.0

    export_cap = tar.export_limit if tar.export_allowed else 0.0
    ub[idx("pv_export")] = export_cap

    if sizing:
        assert limits is not None
        lb[col_x], ub[col_x] = limits.pv_kw
        lb[col_p], ub[col_p] = limits.battery_kw
        lb[col_e], ub[col_e] = limits.battery_kwh
        cost[col_x] = limits.pv_annual
        cost[col_p] = limits.battery_kw_annual
        cost[col_e] = limits.battery_kwh_annual
        never_surplus = u * limits.pv_kw[1] <= load
        ub[idx("pv_export")] = np.where(never_surplus, 0.0, export_cap)
        ub[idx("pv_batt")] = np.where(never_surplus, 0.0, INF)
        always_surplus = u * limits.pv_kw[0] >= load
        lb[idx("pv_load")] = np.where(always_surplus, load, 0.0)
        no_grid_charge = always_surplus & (exp_price >= price) & (export_cap > 0)
        ub[idx("grid_batt")] = np.where(no_grid_charge, 0.0, INF)
    else:
        assert sizes is not None
        lb[col_x] = ub[col_x] = sizes.pv_kw
        lb[col_p] = ub[col_p] = sizes.battery_kw
        lb[col_e] = ub[col_e] = sizes.battery_kwh
        gen = u * sizes.pv_kw
        surplus = gen > load
        lb[idx("pv_load")] = np.minimum(gen, load)
        no_grid_charge = surplus & (exp_price >= price) & (export_cap > 0)
        ub[idx("grid_batt")] = np.where(no_grid_charge, 0.0, INF)
        ub[idx("soc")] = dod * sizes.battery_kwh
        if sizes.battery_kw <= 0 or sizes.battery_kwh <= 0:
            for b in ("pv_batt", "grid_batt", "batt_load", "soc"):
                ub[idx(b)] = 0.0

    m = _Model(cost, lb, ub, [], [], [], [], [])
    t = np.arange(T)
    one = 1.0
    X, P, E = (np.full(T, c) for c in (col_x, col_p, col_e))
    # load balance
    m.add(
        [
            (idx("pv_load"), one),
            (idx("grid_load"), one),
            (idx("batt_load"), one),
            (idx("shed"), one),
        ],
        load,
        load,
        T,
    )
    # PV availability (what is not used is curtailed)
    pv_rows: list[tuple[np.ndarray, np.ndarray | float]] = [
        (idx("pv_load"), one),
        (idx("pv_batt"), one),
        (idx("pv_export"), one),
    ]
    if sizing:
        m.add([*pv_rows, (X, -u)], -INF, 0.0, T)
    else:
        gen_fixed = u * (sizes.pv_kw if sizes is not None else 0.0)
        m.add(pv_rows, -INF, gen_fixed, T)
    # state of charge: soc is the usable energy above the (1 − DoD) floor
    ec, ed = plant.charge_efficiency, plant.discharge_efficiency
    soc = idx("soc")
    charge_terms = [(idx("pv_batt"), -ec), (idx("grid_batt"), -ec), (idx("batt_load"), 1.0 / ed)]
    m.add(
        [(soc[1:], one), (soc[:-1], -1.0), *((c[1:], v) for c, v in charge_terms)],
        0.0,
        0.0,
        T - 1,
    )
    m.add([(soc[:1], one), *((c[:1], v) for c, v in charge_terms)], 0.0, 0.0, 1)
    if sizing:
        m.add([(soc, one), (E, -dod)], -INF, 0.0, T)
        # power, charging and discharging together
        m.add(
            [(idx("pv_batt"), one), (idx("grid_batt"), one), (idx("batt_load"), one), (P, -1.0)],
            -INF,
            0.0,
            T,
        )
    else:
        p_fixed = sizes.battery_kw if sizes is not None else 0.0
        m.add(
            [(idx("pv_batt"), one), (idx("grid_batt"), one), (idx("batt_load"), one)],
            -INF,
            p_fixed,
            T,
        )
    if demand_price > 0:
        D = base_d + tar.month
        m.add([(idx("grid_load"), one), (idx("grid_batt"), one), (D, -1.0)], -INF, 0.0, T)
    if dr is not None:
        h = t[dr.event_hours]
        k = h.size
        terms: list[tuple[np.ndarray, np.ndarray | float]] = [
            (_B["grid_load"] * T + h, one),
            (_B["grid_batt"] * T + h, one),
            (_B["pv_export"] * T + h, -1.0),
        ]
        if sizing:
            m.add([*terms, (X[h], u[h])], -INF, load[h] - dr.committed_kw, k)
        else:
            gen_h = u[h] * (sizes.pv_kw if sizes is not None else 0.0)
            m.add(terms, -INF, load[h] - gen_h - dr.committed_kw, k)
    if sizing:
        assert limits is not None
        dmin, dmax = limits.duration_h
        if dmin > 0:
            m.add([(np.array([col_e]), 1.0), (np.array([col_p]), -dmin)], 0.0, INF, 1)
        if dmax is not None:
            m.add([(np.array([col_e]), 1.0), (np.array([col_p]), -dmax)], -INF, 0.0, 1)
    layout = {"T": T, "base_d": base_d, "x": col_x, "p": col_p, "e": col_e}
    return m, layout


def _to_highs(m: _Model) -> highspy.HighsLp:
    rows = np.concatenate(m.rows)
    cols = np.concatenate(m.cols)
    vals = np.concatenate(m.vals)
    keep = vals != 0
    n = m.cost.size
    a = sp.csc_matrix((vals[keep], (rows[keep], cols[keep])), shape=(m.n_rows, n))
    a.sum_duplicates()
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = m.n_rows
    lp.col_cost_ = m.cost
    lp.col_lower_ = m.lb
    lp.col_upper_ = m.ub
    lp.row_lower_ = np.concatenate(m.row_lb)
    lp.row_upper_ = np.concatenate(m.row_ub)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    lp.a_matrix_.num_col_ = n
    lp.a_matrix_.num_row_ = m.n_rows
    return lp


def _unpack(
    plant: Plant,
    x: np.ndarray,
    obj: float,
    layout: dict[str, int],
    build_s: float,
    solve_s: float,
    sizing: bool,
) -> Dispatch:
    T = layout["T"]
    flows = {b: np.maximum(x[_B[b] * T : (_B[b] + 1) * T], 0.0) for b in _BLOCKS}
    sizes = Sizes(
        pv_kw=max(0.0, float(x[layout["x"]])),
        battery_kw=max(0.0, float(x[layout["p"]])),
        battery_kwh=max(0.0, float(x[layout["e"]])),
    )
    floor = (1 - plant.depth_of_discharge) * sizes.battery_kwh
    flows["soc"] = floor + x[_B["soc"] * T : (_B["soc"] + 1) * T]
    gen = plant.pv(sizes.pv_kw)
    flows["pv_curtail"] = np.maximum(
        gen - flows["pv_load"] - flows["pv_batt"] - flows["pv_export"], 0.0
    )
    return Dispatch(
        sizes=sizes,
        flows=flows,
        method="lp-sizing" if sizing else "lp",
        objective=obj,
        build_seconds=build_s,
        solve_seconds=solve_s,
    )
