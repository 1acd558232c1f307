"""Rule-based dispatch: peak shaving plus time-of-use arbitrage (削峰 + 峰谷套利).

This is the baseline that commercial storage controllers run, hour by hour,
without an optimiser:

1. PV serves the load first; PV surplus charges the battery, then is exported
   (up to the export limit) or curtailed.
2. On the demand basis, each month has a demand target: the lowest grid draw that the battery could
   hold on every day of the month given its power and usable energy (computed
   from the month's net load, i.e. with a perfect monthly forecast). The
   battery discharges whenever the draw would exceed the target.
3. The battery discharges to the load in peak and critical-peak hours.
4. It charges from the grid in (deep) valley hours, and in flat hours that come
   before a later, dearer peak of the same day when the flat price divided by
   the round-trip efficiency is below that peak price (两充两放). Charging never
   lifts the draw above the month's target.
5. On DR event days it skips peak-hour arbitrage and charges (from the grid
   outside peak hours) to full before the event, and during the event
   discharges, then sheds load, to deliver the committed kW.

The rule never exports battery energy and never charges from the grid in an
hour with PV surplus, so its plan is feasible for the LP in
:mod:`gridatlas.model.dispatch_lp` whenever it meets the DR commitment: the
LP's operating cost is then never higher.
"""

from __future__ import annotations

import numpy as np

from gridatlas.model.plant import FLOWS, Dispatch, Plant, Sizes
from gridatlas.model.tariff import PERIODS, FloatArray

_PEAK = {PERIODS.index("peak"), PERIODS.index("critical_peak")}
_VALLEY = {PERIODS.index("valley"), PERIODS.index("deep_valley")}
_FLAT = PERIODS.index("flat")


def monthly_targets(
    net_kw: FloatArray,
    month: np.ndarray,
    power_kw: float,
    usable_kwh: float,
    discharge_efficiency: float,
) -> FloatArray:
    """Lowest grid draw the battery can hold on every day of each month. [kW]

    For a target ``τ`` the battery must deliver ``max(net − τ, 0)``: at most
    ``power_kw`` in any hour and at most ``usable_kwh · η_d`` per day. ``τ`` is
    found by bisection per month.
    """
    out = np.zeros(12)
    days = net_kw.size // 24
    net_d = net_kw.reshape(days, 24)
    month_d = month.reshape(days, 24)[:, 0]
    deliverable = usable_kwh * discharge_efficiency
    for m in range(12):
        block = net_d[month_d == m]
        if block.size == 0:
            continue
        top = float(block.max())
        if power_kw <= 0 or deliverable <= 0:
            out[m] = top
            continue
        lo, hi = max(0.0, top - power_kw), top
        for _ in range(40):
            mid = 0.5 * (lo + hi)
            need = np.clip(block - mid, 0.0, None).sum(axis=1).max()
            if need <= deliverable:
                hi = mid
            else:
                lo = mid
        out[m] = hi
    return out


def dispatch(plant: Plant, sizes: Sizes) -> Dispatch:
    """Hour-by-hour rule-based plan for ``sizes``.

    Returns
    -------
    Dispatch
        ``method="rule"``; ``dr_shortfall_kwh`` is the committed response the
        rule failed to deliver (0 when it met every event). [kWh]
    """
    load = plant.load
    gen = plant.pv(sizes.pv_kw)
    T = plant.hours
    tar = plant.tariff
    ec, ed = plant.charge_efficiency, plant.discharge_efficiency
    p_max = sizes.battery_kw
    e_max = sizes.battery_kwh
    floor = (1 - plant.depth_of_discharge) * e_max
    export_cap = tar.export_limit if tar.export_allowed else 0.0
    net = np.maximum(load - gen, 0.0)
    if tar.demand_price > 0:
        target = monthly_targets(net, tar.month, p_max, e_max - floor, ed)[tar.month]
    else:  # no demand charge: nothing to shave
        target = np.full(T, np.inf)
    period = tar.period.astype(int)
    price = tar.price
    # flat hours worth charging in: a dearer peak follows later the same day
    later_peak = np.zeros(T)
    days = T // 24
    price_d = price.reshape(days, 24)
    peak_d = np.isin(period.reshape(days, 24), list(_PEAK))
    masked = np.where(peak_d, price_d, 0.0)
    later = np.maximum.accumulate(masked[:, ::-1], axis=1)[:, ::-1]
    later_peak = np.concatenate([later[:, 1:], np.zeros((days, 1))], axis=1).ravel()
    flat_charge = (period == _FLAT) & (price / (ec * ed) < later_peak)
    charge_hour = np.isin(period, list(_VALLEY)) | flat_charge
    peak_hour = np.isin(period, list(_PEAK))

    dr = plant.dr if plant.dr is not None and plant.dr.active else None
    event = dr.event_hours if dr is not None else np.zeros(T, dtype=bool)
    event_day = np.repeat(event.reshape(days, 24).any(axis=1), 24)
    before_event = np.zeros(T, dtype=bool)
    if dr is not None:
        first_event = np.where(
            event.reshape(days, 24).any(axis=1), event.reshape(days, 24).argmax(axis=1), 24
        )
        before_event = (np.tile(np.arange(24), days) < np.repeat(first_event, 24)) & event_day

    f = {k: np.zeros(T) for k in FLOWS}
    soc = floor
    shortfall = 0.0
    for t in range(T):
        lt, gt = float(load[t]), float(gen[t])
        room_in = max(0.0, (e_max - soc) / ec)  # grid/PV energy that fills the battery
        avail_out = max(0.0, (soc - floor) * ed)  # energy the battery can deliver
        if gt >= lt:  # PV surplus: charge from PV, export, curtail
            f["pv_load"][t] = lt
            surplus = gt - lt
            c = min(surplus, p_max, room_in)
            f["pv_batt"][t] = c
            soc += c * ec
            e = min(surplus - c, export_cap)
            f["pv_export"][t] = e
            f["pv_curtail"][t] = surplus - c - e
            f["soc"][t] = soc
            continue
        f["pv_load"][t] = gt
        deficit = lt - gt
        d = 0.0
        if event[t] and dr is not None:
            d = min(dr.committed_kw, p_max, avail_out, deficit)
            rest = dr.committed_kw - d
            shed = min(rest, dr.shed_kw_max, deficit - d)
            f["shed"][t] = shed
            shortfall += max(0.0, rest - shed)
            deficit -= shed
        if peak_hour[t] and not before_event[t]:
            d = max(d, min(deficit, p_max, avail_out))
        over = deficit - target[t]
        if over > d:
            d = min(over, p_max, avail_out, deficit)
        d = max(d, 0.0)
        if d > 0:
            f["batt_load"][t] = d
            soc -= d / ed
            f["grid_load"][t] = deficit - d
        else:
            f["grid_load"][t] = deficit
            grid_charge = charge_hour[t] or (before_event[t] and not peak_hour[t])
            if grid_charge and p_max > 0:
                headroom = max(0.0, target[t] - deficit) if not before_event[t] else p_max
                c = min(p_max, room_in, headroom)
                if c > 0:
                    f["grid_batt"][t] = c
                    soc += c * ec
        f["soc"][t] = soc
    return Dispatch(sizes=sizes, flows=f, method="rule", dr_shortfall_kwh=shortfall)
