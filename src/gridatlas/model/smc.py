"""Sequential (chronological) Monte Carlo of resource adequacy: the fused numba kernel.

One *sample* is one pass over the system's horizon (usually one year of hours).
Everything is plain arrays so that the kernel compiles with numba; the runner
(:mod:`gridatlas.runners.adequacy`) builds them from a checked
:class:`gridatlas.domain.power_system.PowerSystem`.

Model
-----
* **Units** follow a two-state discrete-time Markov chain per hour: an available
  unit fails before the next hour with probability ``pf = 1/MTTF``, an unavailable
  one is repaired with probability ``pr = 1/MTTR``. Up and down times are then
  geometric with means MTTF and MTTR [h], and the stationary unavailability is
  ``pf/(pf+pr) = MTTR/(MTTF+MTTR)``, the forced outage rate. The first hour's
  state is drawn from the stationary distribution. States are drawn *event by
  event*: one uniform number per up or down spell, not one per hour.
* **Variable renewables and energy-limited hydro** enter as fixed hourly MW
  (already in ``base_avail``).
* **Storage** (power, energy, charge/discharge efficiency, hourly carry-over,
  optional outages) discharges only to avoid shortfall and charges from surplus.
* **Interfaces** carry transfers between regions within a forward and a backward
  limit [MW] and may have outages (limit 0 while out).

Dispatch and sharing rule, each hour
------------------------------------
1. ``net = available generation - load`` per region.
2. If a region is short and there are interfaces: generation surplus flows to
   short regions (maximum flow; a region exports only surplus above its own load).
3. Storage in a still-short region discharges to cover its own shortfall, the
   device with the longest time to go (energy/power) first.
4. Storage energy left over is offered to other short regions over the remaining
   interface capacity (maximum flow again).
5. Generation surplus that is left charges storage: first in its own region, then
   over remaining interface capacity to storage in other regions.

Steps 2 and 4 minimise total unserved energy. Which short region gets the
transfers when there is not enough for all (the *sharing rule*): short regions are
served in order of their shortfall when the transfer step starts, largest first, each taking every
augmenting path it can before the next; rounds repeat until no path is left. A
region counts as short in an hour when its unserved power exceeds ``EPS_MW``.

Skipping quiet hours
--------------------
Per region and block of :data:`HOUR_BLOCK` hours the kernel keeps an upper bound of
the capacity on outage and the block's smallest margin (supply with every unit in,
less load). A block in which no region can be short and all storage is full is
skipped; in other blocks only the regions that can be short are followed hour by
hour, the others are brought up to date when an hour needs transfers or storage.
This changes the work, not the answer.

Random numbers
--------------
Each (seed, sample, component) triple starts its own SplitMix64 stream, so
results do not depend on how samples are split over chunks or workers, and adding
a component does not change the draws of the others (common random numbers for
capacity-credit bisection).
"""

from __future__ import annotations

import math
from typing import Final

import numba as nb
import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray, IntArray

#: A 0/1 availability mask (one byte per entry).
MaskArray = npt.NDArray[np.uint8]

#: Unserved power below this counts as served. [MW]
EPS_MW: Final = 1e-6
#: Metrics accumulated per region (and the system) and sample, in this order.
METRICS: Final[tuple[str, ...]] = ("lol_hours", "lol_days", "eue", "events")
#: Event durations are counted in bins of 1, 2, …, DURATION_BINS-1 hours and a last bin "≥ DURATION_BINS".
DURATION_BINS: Final = 48
#: Hours per block of the skip test: a block is simulated hour by hour only if a shortfall is possible in it.
HOUR_BLOCK: Final = 24
#: Component-id offsets of the random streams (units use their own index).
STORAGE_STREAM: Final = 1 << 30
INTERFACE_STREAM: Final = 1 << 31

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@nb.njit(cache=True, inline="always", error_model="numpy")
def _mix(z: np.uint64) -> np.uint64:  # pragma: no cover - compiled
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@nb.njit(cache=True, error_model="numpy")
def stream_start(seed: int, sample: int, component: int) -> np.uint64:  # pragma: no cover
    """First state of the SplitMix64 stream of one (seed, sample, component)."""
    h = _mix(np.uint64(seed) + _GAMMA)
    h = _mix(h ^ (np.uint64(sample) * _M1 + _GAMMA))
    return _mix(h ^ (np.uint64(component) * _M2 + _GAMMA))


@nb.njit(cache=True, inline="always", error_model="numpy")
def _next_uniform(state: np.uint64) -> tuple[np.uint64, float]:  # pragma: no cover
    state = state + _GAMMA
    return state, float(_mix(state) >> _S11) * _TO_UNIT


@nb.njit(cache=True, inline="always", error_model="numpy")
def _spell(
    state: np.uint64, p: float, lq: float, cap: int
) -> tuple[np.uint64, int]:  # pragma: no cover
    """Length of a geometric spell (≥ 1 h) that ends each hour with probability p."""
    state, u = _next_uniform(state)
    if p >= 1.0:
        return state, 1
    x = math.log(1.0 - u) / lq
    if x >= cap:
        return state, cap
    return state, 1 + int(x)


@nb.njit(cache=True, error_model="numpy")
def outage_spells(
    state: np.uint64, pf: float, pr: float, horizon: int, starts: IntArray, ends: IntArray
) -> int:  # pragma: no cover - compiled
    """Draw a component's outage spells over ``horizon`` hours into ``starts``/``ends``.

    Returns the number of spells; spell k covers hours ``starts[k] <= t < ends[k]``.
    """
    if pf <= 0.0:
        return 0
    lqf = math.log1p(-pf) if pf < 1.0 else -math.inf
    lqr = math.log1p(-pr) if pr < 1.0 else -math.inf
    state, u = _next_uniform(state)
    up = u >= pf / (pf + pr)
    t = 0
    n = 0
    while t < horizon:
        if up:
            state, d = _spell(state, pf, lqf, horizon + 1)
        else:
            state, d = _spell(state, pr, lqr, horizon + 1)
            starts[n] = t
            ends[n] = min(t + d, horizon)
            n += 1
        t += d
        up = not up
    return n


@nb.njit(cache=True, error_model="numpy")
def _max_flow(
    res: FloatArray,
    need: FloatArray,
    n_regions: int,
    parent: IntArray,
    queue: IntArray,
    adj_start: IntArray,
    adj: IntArray,
) -> None:  # pragma: no cover
    """Push flow from the source node (index n_regions) to regions with need > 0.

    ``res`` is the residual capacity matrix, updated in place; ``need`` is reduced
    by what each region receives; ``adj[adj_start[u]:adj_start[u+1]]`` are the
    nodes next to node u (breadth-first search follows only these). Largest remaining need first, rounds until no
    augmenting path is left (so the total is a maximum flow).
    """
    src = n_regions
    v_count = n_regions + 1
    order = np.argsort(-need)
    progress = True
    while progress:
        progress = False
        for k in range(n_regions):
            d = order[k]
            while need[d] > EPS_MW:
                for v in range(v_count):
                    parent[v] = -1
                parent[src] = src
                head = 0
                tail = 1
                queue[0] = src
                while head < tail and parent[d] < 0:
                    u = queue[head]
                    head += 1
                    for j in range(adj_start[u], adj_start[u + 1]):
                        v = adj[j]
                        if parent[v] < 0 and res[u, v] > EPS_MW:
                            parent[v] = u
                            queue[tail] = v
                            tail += 1
                if parent[d] < 0:
                    break
                b = need[d]
                v = d
                while v != src:
                    u = parent[v]
                    if res[u, v] < b:
                        b = res[u, v]
                    v = u
                v = d
                while v != src:
                    u = parent[v]
                    res[u, v] -= b
                    res[v, u] += b
                    v = u
                need[d] -= b
                progress = True


@nb.njit(cache=True, error_model="numpy")
def _discharge(
    r: int,
    amount: float,
    reg_start: IntArray,
    reg_store: IntArray,
    soc: FloatArray,
    st: FloatArray,
    st_ok: MaskArray,
    used: FloatArray,
) -> float:  # pragma: no cover - compiled
    """Discharge up to ``amount`` MW from region r's storage, longest time-to-go first.

    Returns the MW delivered; ``used`` marks each device's delivery this hour.
    """
    delivered = 0.0
    while amount - delivered > EPS_MW:
        best = -1
        best_ttg = -1.0
        for j in range(reg_start[r], reg_start[r + 1]):
            s = reg_store[j]
            if st_ok[s] == 0:
                continue
            room = min(st[s, 0] - used[s], soc[s] * st[s, 3])
            if room <= EPS_MW:
                continue
            ttg = soc[s] * st[s, 3] / st[s, 0]
            if ttg > best_ttg:
                best_ttg = ttg
                best = s
        if best < 0:
            break
        room = min(st[best, 0] - used[best], soc[best] * st[best, 3])
        x = min(room, amount - delivered)
        soc[best] -= x / st[best, 3]
        if soc[best] < 0.0:
            soc[best] = 0.0
        used[best] += x
        delivered += x
    return delivered


@nb.njit(cache=True, error_model="numpy")
def _charge(
    r: int,
    amount: float,
    reg_start: IntArray,
    reg_store: IntArray,
    soc: FloatArray,
    st: FloatArray,
    st_ok: MaskArray,
    used: FloatArray,
) -> float:  # pragma: no cover - compiled
    """Charge region r's storage (in list order) with up to ``amount`` MW; returns MW taken."""
    taken = 0.0
    for j in range(reg_start[r], reg_start[r + 1]):
        if amount - taken <= EPS_MW:
            break
        s = reg_store[j]
        if st_ok[s] == 0 or used[s] > 0.0:
            continue
        room = min(st[s, 0], (st[s, 1] - soc[s]) / st[s, 2])
        x = min(room, amount - taken)
        if x > 0.0:
            soc[s] += x * st[s, 2]
            if soc[s] > st[s, 1]:
                soc[s] = st[s, 1]
            taken += x
    return taken


@nb.njit(cache=True, error_model="numpy")
def _headroom(
    r: int,
    reg_start: IntArray,
    reg_store: IntArray,
    soc: FloatArray,
    st: FloatArray,
    st_ok: MaskArray,
    used: FloatArray,
) -> float:  # pragma: no cover - compiled
    h = 0.0
    for j in range(reg_start[r], reg_start[r + 1]):
        s = reg_store[j]
        if st_ok[s] == 1 and used[s] <= 0.0:
            h += min(st[s, 0], (st[s, 1] - soc[s]) / st[s, 2])
    return h


@nb.njit(cache=True, error_model="numpy")
def _deliverable(
    r: int,
    reg_start: IntArray,
    reg_store: IntArray,
    soc: FloatArray,
    st: FloatArray,
    st_ok: MaskArray,
    used: FloatArray,
) -> float:  # pragma: no cover - compiled
    h = 0.0
    for j in range(reg_start[r], reg_start[r + 1]):
        s = reg_store[j]
        if st_ok[s] == 1:
            h += max(0.0, min(st[s, 0] - used[s], soc[s] * st[s, 3]))
    return h


@nb.njit(cache=True, error_model="numpy")
def _fill_res(
    res: FloatArray, if_ends: IntArray, if_lim: FloatArray, if_up: MaskArray, t: int
) -> None:  # pragma: no cover
    res[:, :] = 0.0
    for i in range(if_ends.shape[0]):
        if if_up[i, t] == 1:
            a = if_ends[i, 0]
            b = if_ends[i, 1]
            res[a, b] += if_lim[i, 0]
            res[b, a] += if_lim[i, 1]


@nb.njit(cache=True, error_model="numpy")
def _unit_outages(
    seed: int,
    sample: int,
    unit_region: IntArray,
    unit_cap: FloatArray,
    unit_pf: FloatArray,
    unit_pr: FloatArray,
    unit_profile: IntArray,
    profiles: FloatArray,
    prof_max: FloatArray,
    dlt: FloatArray,
    pout: FloatArray,
    bsum: FloatArray,
    bup: FloatArray,
    btouch: IntArray,
    touch_r: IntArray,
    touch_t: IntArray,
    starts: IntArray,
    ends: IntArray,
) -> int:  # pragma: no cover - compiled
    """Draw every unit's outages of one sample into the hourly and block arrays.

    Returns how many ``dlt`` entries were written (listed in touch_r/touch_t), or -1
    if the list is too small.
    """
    horizon = dlt.shape[1]
    n_touch = 0
    for u in range(unit_cap.shape[0]):
        n = outage_spells(
            stream_start(seed, sample, u), unit_pf[u], unit_pr[u], horizon, starts, ends
        )
        r = unit_region[u]
        c = unit_cap[u]
        p = unit_profile[u]
        c_up = c if p < 0 else c * prof_max[p]
        if n_touch + 2 * n > touch_r.shape[0]:
            return -1
        for k in range(n):
            a = starts[k]
            e = ends[k]
            ba = a // HOUR_BLOCK
            be = (e - 1) // HOUR_BLOCK
            bup[r, ba] += c_up
            bup[r, be + 1] -= c_up
            if p < 0:
                dlt[r, a] -= c
                bsum[r, ba] -= c
                touch_r[n_touch] = r
                touch_t[n_touch] = a
                n_touch += 1
                if e < horizon:
                    dlt[r, e] += c
                    bsum[r, e // HOUR_BLOCK] += c
                    touch_r[n_touch] = r
                    touch_t[n_touch] = e
                    n_touch += 1
            else:
                for t in range(a, e):
                    pout[r, t] += c * profiles[p, t]
                for b in range(ba, be + 1):
                    btouch[r, b] = 1
    return n_touch


@nb.njit(cache=True, error_model="numpy")
def simulate_block(
    seed: int,
    first: int,
    last: int,
    load: FloatArray,
    base_avail: FloatArray,
    unit_region: IntArray,
    unit_cap: FloatArray,
    unit_pf: FloatArray,
    unit_pr: FloatArray,
    unit_profile: IntArray,
    profiles: FloatArray,
    st_region: IntArray,
    st: FloatArray,
    if_ends: IntArray,
    if_lim: FloatArray,
    if_rates: FloatArray,
    month_of: IntArray,
    hour_of: IntArray,
    day_of: IntArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:  # pragma: no cover - compiled
    """Simulate samples ``first <= s < last`` and return their sums.

    Parameters
    ----------
    seed : int
        Run seed (with the sample index and component id it keys every stream).
    first, last : int
        Sample range.
    load : (R, T) array
        Hourly load per region. [MW]
    base_avail : (R, T) array
        Hourly supply per region with every unit available (units × capacity
        profile, renewables, hydro). [MW]
    unit_region, unit_cap, unit_pf, unit_pr, unit_profile : (U,) arrays
        Region index, capacity [MW], hourly failure and repair probabilities, row
        of ``profiles`` scaling the capacity (-1: constant).
    profiles : (P, T) array
        Capacity profiles. [p.u.]
    st_region : (S,) int array
        Storage region index.
    st : (S, 8) array
        Storage power [MW], energy [MWh], charge and discharge efficiency, hourly
        carry-over, initial state of charge [p.u. of energy], failure and repair
        probabilities.
    if_ends : (I, 2) int array
        Interface from and to region.
    if_lim : (I, 2) array
        Forward (from→to) and backward limits. [MW]
    if_rates : (I, 2) array
        Interface failure and repair probabilities.
    month_of, hour_of, day_of : (T,) int arrays
        Calendar month (0-11), hour of day (0-23) and day index of each hour.

    Returns
    -------
    stats : (R+1, 4, 2) array
        Sum and sum of squares over samples of each metric in :data:`METRICS`
        (row R is the whole system).
    durations : (R+1, DURATION_BINS, 2) array
        Sum and sum of squares over samples of the number of shortfall events by duration.
    month_hour : (R+1, 2, 12, 24) array
        Shortfall hours and unserved energy [MWh] by month and hour of day.
    """
    n_reg, horizon = load.shape
    n_units = unit_cap.shape[0]
    n_st = st.shape[0]
    n_if = if_ends.shape[0]
    kk = n_reg + 1
    stats = np.zeros((kk, 4, 2))
    durations = np.zeros((kk, DURATION_BINS, 2))
    dur_s = np.zeros((kk, DURATION_BINS), dtype=np.int64)
    month_hour = np.zeros((kk, 2, 12, 24))

    n_blk = -(-horizon // HOUR_BLOCK)
    dlt = np.zeros((n_reg, horizon))
    pout = np.zeros((n_reg, horizon))
    bsum = np.zeros((n_reg, n_blk + 1))
    bup = np.zeros((n_reg, n_blk + 1))
    btouch = np.zeros((n_reg, n_blk + 1), dtype=np.int64)
    run = np.zeros(n_reg)
    touch_r = np.empty(64 * n_units + 2, dtype=np.int64)
    touch_t = np.empty(64 * n_units + 2, dtype=np.int64)
    upc = np.zeros(n_reg)
    upto = np.zeros(n_reg, dtype=np.int64)
    act = np.zeros(n_reg, dtype=np.int64)
    # smallest margin (supply with every unit in, less load) of each hour block
    mmin = np.empty((n_reg, n_blk))
    for r in range(n_reg):
        for b in range(n_blk):
            lo = math.inf
            for t in range(b * HOUR_BLOCK, min(horizon, (b + 1) * HOUR_BLOCK)):
                lo = min(lo, base_avail[r, t] - load[r, t])
            mmin[r, b] = lo
    prof_max = np.zeros(profiles.shape[0])
    for p in range(profiles.shape[0]):
        prof_max[p] = profiles[p].max() if horizon > 0 else 0.0
    starts = np.empty(horizon + 1, dtype=np.int64)
    ends = np.empty(horizon + 1, dtype=np.int64)
    if_up = np.ones((n_if, horizon), dtype=np.uint8)
    st_up = np.ones((n_st, horizon), dtype=np.uint8)
    # node adjacency for the flow searches: the source (index n_reg) reaches every region
    linked = np.zeros((kk, kk), dtype=np.bool_)
    for i in range(n_if):
        linked[if_ends[i, 0], if_ends[i, 1]] = True
        linked[if_ends[i, 1], if_ends[i, 0]] = True
    for r in range(n_reg):
        linked[n_reg, r] = True
    adj_start = np.zeros(kk + 1, dtype=np.int64)
    for u in range(kk):
        adj_start[u + 1] = adj_start[u] + linked[u].sum()
    adj = np.empty(adj_start[kk], dtype=np.int64)
    for u in range(kk):
        j = adj_start[u]
        for v in range(kk):
            if linked[u, v]:
                adj[j] = v
                j += 1
    net = np.empty(n_reg)
    need = np.empty(n_reg)
    gen_left = np.empty(n_reg)
    st_left = np.empty(n_reg)
    res = np.zeros((kk, kk))
    parent = np.empty(kk, dtype=np.int64)
    queue = np.empty(kk, dtype=np.int64)
    soc = np.empty(n_st)
    used = np.empty(n_st)
    st_ok = np.empty(n_st, dtype=np.uint8)
    # storage grouped by region
    reg_start = np.zeros(n_reg + 1, dtype=np.int64)
    for s in range(n_st):
        reg_start[st_region[s] + 1] += 1
    for r in range(n_reg):
        reg_start[r + 1] += reg_start[r]
    reg_store = np.empty(n_st, dtype=np.int64)
    fill = reg_start[:n_reg].copy()
    for s in range(n_st):
        reg_store[fill[st_region[s]]] = s
        fill[st_region[s]] += 1
    any_carry = False
    for s in range(n_st):
        if st[s, 4] < 1.0:
            any_carry = True
    networked = n_reg > 1 and n_if > 0

    lol_h = np.zeros(kk)
    lol_d = np.zeros(kk)
    eue = np.zeros(kk)
    events = np.zeros(kk)
    last_day = np.empty(kk, dtype=np.int64)
    open_len = np.zeros(kk, dtype=np.int64)

    for sample in range(first, last):
        # --- outages: exact changes per hour (dlt, pout), per hour block sums and upper bounds ---
        while True:
            n_touch = _unit_outages(
                seed,
                sample,
                unit_region,
                unit_cap,
                unit_pf,
                unit_pr,
                unit_profile,
                profiles,
                prof_max,
                dlt,
                pout,
                bsum,
                bup,
                btouch,
                touch_r,
                touch_t,
                starts,
                ends,
            )
            if n_touch >= 0:
                break
            # buffer too small: clear and redo with a bigger one (same draws)
            dlt[:, :] = 0.0
            pout[:, :] = 0.0
            bsum[:, :] = 0.0
            bup[:, :] = 0.0
            btouch[:, :] = 0
            touch_r = np.empty(2 * touch_r.shape[0], dtype=np.int64)
            touch_t = np.empty(2 * touch_t.shape[0], dtype=np.int64)
        for i in range(n_if):
            if if_rates[i, 0] <= 0.0:
                continue
            if_up[i, :] = 1
            n = outage_spells(
                stream_start(seed, sample, INTERFACE_STREAM + i),
                if_rates[i, 0],
                if_rates[i, 1],
                horizon,
                starts,
                ends,
            )
            for k in range(n):
                if_up[i, starts[k] : ends[k]] = 0
        for s in range(n_st):
            soc[s] = st[s, 5] * st[s, 1]
            if st[s, 6] <= 0.0:
                continue
            st_up[s, :] = 1
            n = outage_spells(
                stream_start(seed, sample, STORAGE_STREAM + s),
                st[s, 6],
                st[s, 7],
                horizon,
                starts,
                ends,
            )
            for k in range(n):
                st_up[s, starts[k] : ends[k]] = 0

        lol_h[:] = 0.0
        lol_d[:] = 0.0
        eue[:] = 0.0
        events[:] = 0.0
        last_day[:] = -1
        open_len[:] = 0
        n_open = 0

        n_unfull = 0
        for s in range(n_st):
            if any_carry or soc[s] < st[s, 1] * (1.0 - 1e-12):
                n_unfull += 1
        # --- hours, block by block; a block where no shortfall is possible is skipped ---
        for r in range(n_reg):
            run[r] = 0.0
            upc[r] = 0.0
        for b in range(n_blk):
            t0 = b * HOUR_BLOCK
            t1 = min(horizon, t0 + HOUR_BLOCK)
            quiet = True
            n_act = 0
            for r in range(n_reg):
                upc[r] += bup[r, b]
                upto[r] = t0 - 1  # run[r] holds the changes of hours < t0
                if upc[r] > mmin[r, b] - EPS_MW:
                    quiet = False
                    act[n_act] = r
                    n_act += 1
            if n_unfull > 0:
                quiet = False
            if quiet:
                if n_open > 0:
                    for k in range(kk):
                        if open_len[k] > 0:
                            dur_s[k, min(open_len[k], DURATION_BINS) - 1] += 1
                            open_len[k] = 0
                    n_open = 0
                for r in range(n_reg):
                    run[r] += bsum[r, b]
                    if btouch[r, b] == 1:
                        pout[r, t0:t1] = 0.0
                        btouch[r, b] = 0
                continue
            for t in range(t0, t1):
                # regions that may be short this block are followed every hour ...
                short_any = False
                for j in range(n_act):
                    r = act[j]
                    run[r] += dlt[r, t]
                    upto[r] = t
                    net[r] = base_avail[r, t] + run[r] - pout[r, t] - load[r, t]
                    if net[r] < -EPS_MW:
                        short_any = True
                if not short_any and n_unfull == 0:
                    if n_open > 0:
                        for k in range(kk):
                            if open_len[k] > 0:
                                dur_s[k, min(open_len[k], DURATION_BINS) - 1] += 1
                                open_len[k] = 0
                        n_open = 0
                    continue
                # ... the others only when the hour needs them (transfers, storage)
                for r in range(n_reg):
                    if upto[r] < t:
                        for h in range(upto[r] + 1, t + 1):
                            run[r] += dlt[r, h]
                        upto[r] = t
                        net[r] = base_avail[r, t] + run[r] - pout[r, t] - load[r, t]
                for r in range(n_reg):
                    if net[r] < 0.0:
                        need[r] = -net[r]
                        gen_left[r] = 0.0
                    else:
                        need[r] = 0.0
                        gen_left[r] = net[r]
                if n_st > 0:
                    for s in range(n_st):
                        used[s] = 0.0
                        st_ok[s] = st_up[s, t]
                        if any_carry:
                            soc[s] *= st[s, 4]
                res_built = False
                if short_any and networked:
                    _fill_res(res, if_ends, if_lim, if_up, t)
                    res_built = True
                    for r in range(n_reg):
                        res[n_reg, r] = gen_left[r]
                    _max_flow(res, need, n_reg, parent, queue, adj_start, adj)
                    for r in range(n_reg):
                        gen_left[r] = res[n_reg, r]
                if n_st > 0 and short_any:
                    still = False
                    for r in range(n_reg):
                        if need[r] > EPS_MW:
                            need[r] -= _discharge(
                                r, need[r], reg_start, reg_store, soc, st, st_ok, used
                            )
                            if need[r] > EPS_MW:
                                still = True
                    if still and networked:
                        offered = 0.0
                        for r in range(n_reg):
                            st_left[r] = _deliverable(r, reg_start, reg_store, soc, st, st_ok, used)
                            offered += st_left[r]
                        if offered > EPS_MW:
                            for r in range(n_reg):
                                res[n_reg, r] = gen_left[r] + st_left[r]
                                res[r, n_reg] = 0.0
                            _max_flow(res, need, n_reg, parent, queue, adj_start, adj)
                            for r in range(n_reg):
                                out = gen_left[r] + st_left[r] - res[n_reg, r]
                                from_gen = min(out, gen_left[r])
                                gen_left[r] -= from_gen
                                if out - from_gen > EPS_MW:
                                    _discharge(
                                        r,
                                        out - from_gen,
                                        reg_start,
                                        reg_store,
                                        soc,
                                        st,
                                        st_ok,
                                        used,
                                    )
                if n_st > 0:
                    remote = False
                    for r in range(n_reg):
                        if gen_left[r] > EPS_MW:
                            gen_left[r] -= _charge(
                                r, gen_left[r], reg_start, reg_store, soc, st, st_ok, used
                            )
                    if networked:
                        spare = 0.0
                        for r in range(n_reg):
                            spare += gen_left[r]
                        if spare > EPS_MW:
                            for r in range(n_reg):
                                st_left[r] = 0.0
                                if gen_left[r] <= EPS_MW:
                                    st_left[r] = _headroom(
                                        r, reg_start, reg_store, soc, st, st_ok, used
                                    )
                                    if st_left[r] > EPS_MW:
                                        remote = True
                    if remote:
                        if not res_built:
                            _fill_res(res, if_ends, if_lim, if_up, t)
                        for r in range(n_reg):
                            res[n_reg, r] = gen_left[r]
                            res[r, n_reg] = 0.0
                            net[r] = st_left[r]  # reuse as the charging need
                        _max_flow(res, net, n_reg, parent, queue, adj_start, adj)
                        for r in range(n_reg):
                            got = st_left[r] - net[r]
                            if got > EPS_MW:
                                _charge(r, got, reg_start, reg_store, soc, st, st_ok, used)
                if n_st > 0:
                    n_unfull = 0
                    for s in range(n_st):
                        if any_carry or soc[s] < st[s, 1] * (1.0 - 1e-12):
                            n_unfull += 1
                # --- record ---
                m = month_of[t]
                h = hour_of[t]
                total = 0.0
                for k in range(kk):
                    if k < n_reg:
                        x = need[k]
                        if x > EPS_MW:
                            total += x
                    else:
                        x = total
                    if x > EPS_MW:
                        lol_h[k] += 1.0
                        eue[k] += x
                        if day_of[t] != last_day[k]:
                            lol_d[k] += 1.0
                            last_day[k] = day_of[t]
                        if open_len[k] == 0:
                            events[k] += 1.0
                            n_open += 1
                        open_len[k] += 1
                        month_hour[k, 0, m, h] += 1.0
                        month_hour[k, 1, m, h] += x
                    elif open_len[k] > 0:
                        dur_s[k, min(open_len[k], DURATION_BINS) - 1] += 1
                        open_len[k] = 0
                        n_open -= 1
            for r in range(n_reg):
                for h in range(upto[r] + 1, t1):
                    run[r] += dlt[r, h]
                if btouch[r, b] == 1:
                    pout[r, t0:t1] = 0.0
                    btouch[r, b] = 0
        for k in range(n_touch):
            dlt[touch_r[k], touch_t[k]] = 0.0
        bsum[:, :] = 0.0
        bup[:, :] = 0.0
        btouch[:, :] = 0
        for k in range(kk):
            if open_len[k] > 0:
                dur_s[k, min(open_len[k], DURATION_BINS) - 1] += 1
            if events[k] > 0:
                for j in range(DURATION_BINS):
                    c = dur_s[k, j]
                    if c > 0:
                        durations[k, j, 0] += c
                        durations[k, j, 1] += c * c
                        dur_s[k, j] = 0
            stats[k, 0, 0] += lol_h[k]
            stats[k, 0, 1] += lol_h[k] * lol_h[k]
            stats[k, 1, 0] += lol_d[k]
            stats[k, 1, 1] += lol_d[k] * lol_d[k]
            stats[k, 2, 0] += eue[k]
            stats[k, 2, 1] += eue[k] * eue[k]
            stats[k, 3, 0] += events[k]
            stats[k, 3, 1] += events[k] * events[k]
    return stats, durations, month_hour
