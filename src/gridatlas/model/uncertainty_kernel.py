"""Fused, compiled Monte Carlo kernel of the reserve margin (numba).

Same model as :mod:`gridatlas.model.uncertainty` (see its docstring and
docs/method.md §7), computed in one pass per block of draws with no
draw-sized arrays: every province-year draw goes straight into per-year
statistics (fixed-point sum, counts below the band and below zero, min/max,
and a fixed-bin histogram for the quantiles, see
:mod:`gridatlas.model.margin_histogram`).

Random numbers: counter-based SplitMix64
-----------------------------------------
SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
generators", OOPSLA 2014; constants of Vigna's public-domain reference
``splitmix64.c``, the same finaliser as Stafford's "Mix13") has state
``s_n = s_0 + n·γ`` and output ``mix(s_n)``: its n-th output is a pure
function of ``(s_0, n)``, i.e. a counter-based generator. Here ``s_0`` is a
key derived from the seed (``mix(seed ⊕ K)``) and the counter of draw ``d``,
year ``t`` is ``2·(d·T + t) + 1`` and ``+ 2``: two 64-bit words per
province-year. So a draw's numbers depend only on (seed, draw index, year),
never on how the draws are split into chunks or on the order of work.

Bits used per province-year (word ``h0``, word ``h1``):

* ``h0`` bits 0–7: ziggurat layer; bit 8: sign of the normal; bits 9–31: the
  commissioning slip, ``slip ⇔ bits < round(p·2²³)`` (p resolved to 2⁻²³);
  bits 32–63: the ziggurat abscissa (32-bit uniform);
* ``h1`` bits 32–63: hydrology uniform; bits 0–31: ratio-spread uniform.

Normal deviates: ziggurat (Marsaglia & Tsang, "The ziggurat method for
generating random variables", J. Stat. Softw. 5(8), 2000) with 256 layers;
the tables are derived here (:func:`ziggurat_tables`). The fast path (≈99 %
of draws) is branch-free and vectorised; the rare rejections are redrawn
from a second key with counter ``(d·T + t)·256 + attempt``.

Arithmetic is float64 and free of fast-math, so vectorised and scalar
iterations give bit-identical margins.
"""

from __future__ import annotations

import math
from functools import cache

import numba
import numpy as np
import numpy.typing as npt

from gridatlas.core.types import FloatArray, IntArray
from gridatlas.model.uncertainty import MarginModel

UIntArray = npt.NDArray[np.uint64]

GAMMA = np.uint64(0x9E3779B97F4A7C15)  # golden-ratio increment of SplitMix64
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)
SEED_SALT = np.uint64(0x5EED5EED5EED5EED)
RETRY_SALT = np.uint64(0xC0FFEE0DDBA11AD5)
U32 = np.uint64(0xFFFFFFFF)
SLIP_BITS = 23
TWO_M32 = 2.0**-32
TWO_M53 = 2.0**-53
#: scale of the fixed-point margin sum: resolution 2⁻³² p.u. [1/p.u.]
FIXED_SCALE = 2.0**32
#: margins are clamped to ±this in the fixed-point sum only (keeps int64 exact). [p.u.]
FIXED_CLAMP = 256.0
#: largest block of draws per kernel call so int64 sums cannot overflow
MAX_CALL_DRAWS = 1 << 21
BLOCK = 2048
LAYERS = 256
#: columns of the per-year integer accumulator
ACC_SUM, ACC_BELOW_BAND, ACC_DEFICIT, ACC_MIN, ACC_MAX = range(5)


@numba.njit(inline="always")
def _mix(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> np.uint64(30))) * MIX1
    z = (z ^ (z >> np.uint64(27))) * MIX2
    return z ^ (z >> np.uint64(31))


def seed_key(seed: int) -> tuple[int, int]:
    """Main and retry keys of the generator for ``seed`` (any int, taken mod 2⁶⁴)."""
    m = (1 << 64) - 1

    def mix(z: int) -> int:
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
        return z ^ (z >> 31)

    key = mix((seed & m) ^ int(SEED_SALT))
    return key, mix(key ^ int(RETRY_SALT))


@cache
def ziggurat_tables(layers: int = LAYERS) -> tuple[FloatArray, FloatArray, FloatArray, float]:
    """Layer widths, fast-accept ratios and heights of the normal ziggurat.

    For ``f(x) = exp(−x²/2)`` and ``layers`` strips of equal area ``v``:
    ``x₁ = r``, ``x_{i+1} = f⁻¹(f(x_i) + v/x_i)``, ``x_layers = 0``, and the
    base strip (rectangle under ``f(r)`` plus the tail beyond ``r``) has the
    virtual width ``x₀ = v/f(r)``. ``r`` is found by bisection so that the
    top strip closes exactly at ``f = 1``.

    Returns
    -------
    width : array, shape (layers,)
        ``x_i``. [σ]
    ratio : array, shape (layers,)
        ``x_{i+1}/x_i``: a uniform below it is accepted at once. [p.u.]
    height : array, shape (layers + 1,)
        ``f(x_i)``, with ``f(x_layers) = 1``. [p.u.]
    r : float
        Start of the tail. [σ]
    """

    def f(x: float) -> float:
        return math.exp(-0.5 * x * x)

    def area(r: float) -> float:
        return r * f(r) + math.sqrt(math.pi / 2) * math.erfc(r / math.sqrt(2))

    def excess(r: float) -> float:
        v, x = area(r), r
        for _ in range(1, layers - 1):
            y = f(x) + v / x
            if y >= 1.0:
                return 1.0  # closed too early: r too small
            x = math.sqrt(-2.0 * math.log(y))
        return f(x) + v / x - 1.0

    lo, hi = 2.0, 5.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if excess(mid) > 0:
            lo = mid
        else:
            hi = mid
    r = 0.5 * (lo + hi)
    v = area(r)
    x = np.empty(layers + 1)
    x[0], x[1] = v / f(r), r
    for i in range(1, layers - 1):
        x[i + 1] = math.sqrt(-2.0 * math.log(f(x[i]) + v / x[i]))
    x[layers] = 0.0
    height = np.exp(-0.5 * x * x)
    return x[:layers].copy(), x[1:] / x[:layers], height, r


@numba.njit(inline="always")
def _uniform53(h: np.uint64) -> float:
    """Uniform on (0, 1] from the top 53 bits."""
    return (float(h >> np.uint64(11)) + 1.0) * TWO_M53


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _normal_slow(
    retry_key: np.uint64,
    cell: np.uint64,
    layer: np.int64,
    x: float,
    width: FloatArray,
    ratio: FloatArray,
    height: FloatArray,
    r: float,
) -> float:
    """Finish a ziggurat draw whose fast test failed (wedge, tail, or redraw)."""
    ctr = cell * np.uint64(256)
    while True:
        ctr += np.uint64(1)
        h = _mix(retry_key + ctr * GAMMA)
        if layer == 0:  # tail beyond r (Marsaglia 1964): exponential proposal
            while True:
                ctr += np.uint64(1)
                e1 = -math.log(_uniform53(_mix(retry_key + ctr * GAMMA))) / r
                ctr += np.uint64(1)
                e2 = -math.log(_uniform53(_mix(retry_key + ctr * GAMMA)))
                if 2.0 * e2 > e1 * e1:
                    return r + e1 if x > 0 else -(r + e1)
        y = height[layer] + _uniform53(h) * (height[layer + 1] - height[layer])
        if y < math.exp(-0.5 * x * x):
            return x
        # full redraw
        ctr += np.uint64(1)
        h = _mix(retry_key + ctr * GAMMA)
        layer = np.int64(h & np.uint64(LAYERS - 1))
        u = float(h >> np.uint64(32)) * TWO_M32
        x = u * width[layer]
        if (h >> np.uint64(8)) & np.uint64(1):
            x = -x
        if u < ratio[layer]:
            return x


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _draw(
    key: np.uint64,
    first_cell: np.uint64,
    stride: np.uint64,
    nb: int,
    supply_low: float,
    supply_span: float,
    addition: float,
    slip_threshold: np.uint64,
    spread_low: float,
    spread_width: float,
    layer: UIntArray,
    signed_u: FloatArray,
    supply: FloatArray,
    spread: FloatArray,
) -> None:
    """Hash two words per draw; keep the ziggurat layer/abscissa, supply, spread (vectorised)."""
    # SplitMix64 states of counters 2·cell + 1 and + 2; consecutive draws step by 2·stride·γ
    s = key + (first_cell + first_cell + np.uint64(1)) * GAMMA
    step = (stride + stride) * GAMMA
    for i in range(nb):
        s += step
        h0 = _mix(s - step)
        h1 = _mix(s - step + GAMMA)
        layer[i] = h0 & np.uint64(LAYERS - 1)
        u = float(h0 >> np.uint64(32)) * TWO_M32
        signed_u[i] = -u if (h0 >> np.uint64(8)) & np.uint64(1) else u
        slip = ((h0 >> np.uint64(9)) & np.uint64((1 << SLIP_BITS) - 1)) < slip_threshold
        us = float(h1 >> np.uint64(32)) * TWO_M32
        ud = float(h1 & U32) * TWO_M32
        supply[i] = supply_low + us * supply_span - (addition if slip else 0.0)
        spread[i] = spread_low + spread_width * ud


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _draw_supply(
    key: np.uint64,
    first_cell: np.uint64,
    stride: np.uint64,
    nb: int,
    supply_low: float,
    supply_span: float,
    supply: FloatArray,
) -> None:
    """Supply only (a year with a published peak and nothing that can slip): word ``h1``."""
    s = key + (first_cell + first_cell + np.uint64(2)) * GAMMA
    step = (stride + stride) * GAMMA
    for i in range(nb):
        s += step
        us = float(_mix(s - step) >> np.uint64(32)) * TWO_M32
        supply[i] = supply_low + us * supply_span


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _normals(
    retry_key: np.uint64,
    first_cell: np.uint64,
    stride: np.uint64,
    nb: int,
    layer: UIntArray,
    signed_u: FloatArray,
    width: FloatArray,
    accept: FloatArray,
    height: FloatArray,
    r: float,
    z: FloatArray,
    missed: IntArray,
) -> None:
    """Ziggurat: table look-ups (scalar: gathers are slow here), then the rare slow path."""
    nmiss = 0
    for i in range(nb):
        k = layer[i]
        su = signed_u[i]
        z[i] = su * width[k]
        missed[nmiss] = i  # branch-free compaction of the rejected draws
        nmiss += abs(su) >= accept[k]
    for j in range(nmiss):
        i = missed[j]
        cell = first_cell + np.uint64(i) * stride
        z[i] = _normal_slow(retry_key, cell, np.int64(layer[i]), z[i], width, accept, height, r)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _peaks(
    nb: int,
    z: FloatArray,
    spread: FloatArray,
    growth: float,
    growth_sd: float,
    ratio: float,
    reference_ratio: float,
    shock: bool,
    peak: FloatArray,
    ref: FloatArray,
) -> None:
    """Advance each draw's peak by one projected year (vectorised)."""
    if shock:
        for i in range(nb):
            cons = (growth + growth_sd * z[i]) * spread[i]
            base = ref[i]
            peak[i] = base * (1.0 + cons * ratio)
            ref[i] = base * (1.0 + cons * reference_ratio)
    else:
        for i in range(nb):
            cons = (growth + growth_sd * z[i]) * spread[i]
            peak[i] = peak[i] * (1.0 + cons * ratio)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def _statistics(
    nb: int,
    supply: FloatArray,
    peak: FloatArray,
    band_min: float,
    hist_low: float,
    inv_bin: float,
    bins: UIntArray,
    hist_row: IntArray,
    acc_row: IntArray,
) -> None:
    """Margins into the fixed-point sum, counts, min/max (vectorised) and histogram."""
    top = float(hist_row.shape[0] - 2)
    s_sum = np.int64(0)
    s_band = 0
    s_def = 0
    s_min = acc_row[ACC_MIN]
    s_max = acc_row[ACC_MAX]
    b_min = hist_row.shape[0]
    b_max = -1
    for i in range(nb):
        m = supply[i] / peak[i] - 1.0
        q = np.int64(math.floor(max(min(m, FIXED_CLAMP), -FIXED_CLAMP) * FIXED_SCALE))
        s_sum += q
        s_min = min(s_min, q)
        s_max = max(s_max, q)
        s_band += m < band_min
        s_def += m < 0.0
        pos = max(min((m - hist_low) * inv_bin, top), -1.0)
        b = math.floor(pos) + 1
        bins[i] = np.uint64(b)
        b_min = min(b_min, b)
        b_max = max(b_max, b)
    acc_row[ACC_SUM] += s_sum
    acc_row[ACC_BELOW_BAND] += s_band
    acc_row[ACC_DEFICIT] += s_def
    acc_row[ACC_MIN] = s_min
    acc_row[ACC_MAX] = s_max
    if b_min == b_max:  # e.g. a year without noise: one add, not a chain of dependent ones
        hist_row[b_min] += nb
        return
    for i in range(nb):
        hist_row[bins[i]] += 1


@numba.njit(cache=True, nogil=True, error_model="numpy")
def accumulate(
    key: np.uint64,
    retry_key: np.uint64,
    first: int,
    n: int,
    supply_low: FloatArray,
    supply_span: FloatArray,
    additions: FloatArray,
    slip_threshold: np.uint64,
    growth: FloatArray,
    growth_sd: float,
    spread_low: float,
    spread_width: float,
    ratio: FloatArray,
    reference_ratio: FloatArray,
    shock: bool,
    peak_fixed: FloatArray,
    band_min: float,
    hist_low: float,
    inv_bin: float,
    width: FloatArray,
    accept: FloatArray,
    height: FloatArray,
    r: float,
    hist: IntArray,
    acc: IntArray,
    out: FloatArray,
) -> None:
    """Add draws ``first … first + n − 1`` to the per-year statistics.

    ``hist`` (T, bins + 2) gains one count per province-year (column 0 and
    the last are under/overflow); ``acc`` (T, 5) holds the fixed-point sum,
    the counts below ``band_min`` and below 0, and the fixed-point min/max.
    ``out`` (n, T) receives the margins when it has n rows (tests), else it
    is ignored. ``n`` must not exceed ``MAX_CALL_DRAWS``.
    """
    t_len = peak_fixed.shape[0]
    stride = np.uint64(t_len)
    store = out.shape[0] == n
    layer = np.empty(BLOCK, dtype=np.uint64)  # unsigned: no negative-index wrap-around
    signed_u = np.empty(BLOCK)
    z = np.empty(BLOCK)
    spread = np.empty(BLOCK)
    supply = np.empty(BLOCK)
    peak = np.empty(BLOCK)
    ref = np.empty(BLOCK)
    bins = np.empty(BLOCK, dtype=np.uint64)
    missed = np.empty(BLOCK, dtype=np.int64)
    for b0 in range(0, n, BLOCK):
        nb = min(BLOCK, n - b0)
        for t in range(t_len):
            first_cell = np.uint64(first + b0) * stride + np.uint64(t)
            projected = t > 0 and np.isnan(peak_fixed[t])
            if projected or additions[t] != 0.0:
                _draw(
                    key,
                    first_cell,
                    stride,
                    nb,
                    supply_low[t],
                    supply_span[t],
                    additions[t],
                    slip_threshold,
                    spread_low,
                    spread_width,
                    layer,
                    signed_u,
                    supply,
                    spread,
                )
            else:
                _draw_supply(key, first_cell, stride, nb, supply_low[t], supply_span[t], supply)
            if projected:
                _normals(
                    retry_key,
                    first_cell,
                    stride,
                    nb,
                    layer,
                    signed_u,
                    width,
                    accept,
                    height,
                    r,
                    z,
                    missed,
                )
                _peaks(
                    nb,
                    z,
                    spread,
                    growth[t],
                    growth_sd,
                    ratio[t],
                    reference_ratio[t],
                    shock,
                    peak,
                    ref,
                )
            else:
                peak[:nb] = peak_fixed[t]
                ref[:nb] = peak_fixed[t]
            _statistics(nb, supply, peak, band_min, hist_low, inv_bin, bins, hist[t], acc[t])
            if store:  # the same IEEE operations as in _statistics, so the same margins
                for i in range(nb):
                    out[b0 + i, t] = supply[i] / peak[i] - 1.0


def new_accumulator(years: int) -> IntArray:
    """A zeroed ``acc`` for :func:`accumulate` (min/max start at the int64 extremes)."""
    acc = np.zeros((years, 5), dtype=np.int64)
    acc[:, ACC_MIN] = np.iinfo(np.int64).max
    acc[:, ACC_MAX] = np.iinfo(np.int64).min
    return acc


def run(
    model: MarginModel,
    band_min: float,
    seed: int,
    first: int,
    n: int,
    hist: IntArray,
    acc: IntArray,
    low: float,
    width: float,
    out: FloatArray | None = None,
) -> list[int]:
    """Add draws ``first … first + n − 1`` of ``seed`` to ``hist`` and ``acc``.

    Returns the per-year fixed-point sums of these draws (Python ints, in units
    of 2⁻³² p.u.); ``acc``'s sum column is left at zero. ``out`` (n, T), if
    given, receives the margins.
    """
    if n > MAX_CALL_DRAWS:
        raise ValueError(f"at most {MAX_CALL_DRAWS} draws per call, got {n}")
    key, retry_key = seed_key(seed)
    width_t, accept, height, r = ziggurat_tables()
    shock = model.reference_ratio is not None
    reference = model.reference_ratio if model.reference_ratio is not None else model.ratio
    spread = model.ratio_spread
    acc[:, ACC_SUM] = 0
    accumulate(
        np.uint64(key),
        np.uint64(retry_key),
        first,
        n,
        np.ascontiguousarray(model.supply_low, dtype=np.float64),
        np.ascontiguousarray(model.supply_high - model.supply_low, dtype=np.float64),
        np.ascontiguousarray(model.additions, dtype=np.float64),
        np.uint64(round(model.slip_probability * (1 << SLIP_BITS))),
        np.ascontiguousarray(np.nan_to_num(model.consumption_growth), dtype=np.float64),
        float(model.growth_sd),
        1.0 - spread,
        2.0 * spread,
        np.ascontiguousarray(np.nan_to_num(model.ratio), dtype=np.float64),
        np.ascontiguousarray(np.nan_to_num(reference), dtype=np.float64),
        shock,
        np.ascontiguousarray(model.peak_fixed, dtype=np.float64),
        float(band_min),
        float(low),
        1.0 / width,
        width_t,
        accept,
        height,
        r,
        hist,
        acc,
        out if out is not None else np.empty((0, hist.shape[0])),
    )
    sums = [int(v) for v in acc[:, ACC_SUM]]
    acc[:, ACC_SUM] = 0
    return sums


def is_compiled() -> bool:
    """Whether :func:`accumulate` is already compiled (or loaded from cache) in this process."""
    return bool(accumulate.signatures)
