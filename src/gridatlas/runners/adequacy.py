"""Probabilistic adequacy of a :class:`~gridatlas.domain.power_system.PowerSystem`.

:func:`run` gives LOLE, LOLD, EUE, NEUE and LOLF per region and for the whole
system, each with its standard error, plus event durations and shortfall by
month × hour. :func:`capacity_credit` gives a resource's ELCC and EFC by
bisection. Samples are simulated in fixed blocks of :data:`BLOCK` samples; blocks
are summed in block order, so a seed gives bit-identical results for any number
of chunks or Dask workers (each sample's random streams are keyed by the seed
and its index, see :mod:`gridatlas.model.smc`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

import numpy as np

from gridatlas.core.errors import InputError
from gridatlas.core.types import FloatArray, IntArray
from gridatlas.domain.power_system import (
    PowerSystem,
    Storage,
    UnitClass,
    VariableResource,
)
from gridatlas.model.energy_limited import peak_shave
from gridatlas.model.smc import DURATION_BINS, METRICS, simulate_block

#: Samples per block: the unit of work and of summation order.
BLOCK: Final = 256
Backend = Literal["serial", "dask"]
Metric = Literal["eue", "lole"]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SystemArrays:
    """A system as the arrays the kernel takes (see :func:`gridatlas.model.smc.simulate_block`)."""

    name: str
    regions: tuple[str, ...]
    load: FloatArray
    base_avail: FloatArray
    unit_region: IntArray
    unit_cap: FloatArray
    unit_pf: FloatArray
    unit_pr: FloatArray
    unit_profile: IntArray
    profiles: FloatArray
    st_region: IntArray
    st: FloatArray
    if_ends: IntArray
    if_lim: FloatArray
    if_rates: FloatArray
    month_of: IntArray
    hour_of: IntArray
    day_of: IntArray

    def kernel_args(self) -> tuple[Any, ...]:
        return (
            self.load,
            self.base_avail,
            self.unit_region,
            self.unit_cap,
            self.unit_pf,
            self.unit_pr,
            self.unit_profile,
            self.profiles,
            self.st_region,
            self.st,
            self.if_ends,
            self.if_lim,
            self.if_rates,
            self.month_of,
            self.hour_of,
            self.day_of,
        )


def calendar(system: PowerSystem) -> tuple[IntArray, IntArray, IntArray]:
    """Month (0-11), hour of day (0-23) and day index of every hour of the horizon."""
    t0 = np.datetime64(system.start.replace(tzinfo=None), "h")
    times = t0 + np.arange(system.hours).astype("m8[h]")
    days = times.astype("M8[D]")
    month = (times.astype("M8[M]").astype(np.int64)) % 12
    hour = (times - days).astype("m8[h]").astype(np.int64)
    day = (days - days[0]).astype(np.int64)
    return month.astype(np.int64), hour, day


def to_arrays(system: PowerSystem, hydrology: str | None = None) -> SystemArrays:
    """Pack a system into kernel arrays; hydro is shaved onto its region's load (see energy_limited)."""
    nreg, horizon = len(system.regions), system.hours
    load = np.array([r.load_mw for r in system.regions], dtype=float).reshape(nreg, horizon)
    base = np.zeros((nreg, horizon))
    ur: list[int] = []
    cap: list[float] = []
    pf: list[float] = []
    pr: list[float] = []
    prof_idx: list[int] = []
    profiles: list[FloatArray] = []
    for u in system.units:
        r = system.region_index(u.region)
        shape = None if u.capacity_profile is None else np.asarray(u.capacity_profile, dtype=float)
        if shape is not None:
            profiles.append(shape)
        for _ in range(u.count):
            ur.append(r)
            cap.append(u.capacity_mw)
            pf.append(u.failure_probability)
            pr.append(u.repair_probability)
            prof_idx.append(-1 if shape is None else len(profiles) - 1)
            base[r] += u.capacity_mw if shape is None else u.capacity_mw * shape
    for v in system.variable:
        base[system.region_index(v.region)] += v.capacity_mw * np.asarray(v.profile, dtype=float)
    if system.hydro:
        names = system.hydrologies()
        if not names:
            raise InputError(
                system.name,
                "hydro.energy_mwh",
                "one hydrology scenario name shared by every hydro resource",
            )
        scen = hydrology or names[0]
        if scen not in names:
            raise InputError(system.name, "hydrology", "one of " + ", ".join(names), scen)
        for hy in system.hydro:
            r = system.region_index(hy.region)
            residual = np.maximum(load[r] - base[r], 0.0)
            base[r] += peak_shave(
                residual, hy.capacity_mw, hy.period_hours, np.asarray(hy.energy_mwh[scen])
            )
    st = np.array(
        [
            [
                s.power_mw,
                s.energy_mwh,
                s.charge_efficiency,
                s.discharge_efficiency,
                s.carryover,
                s.initial_soc,
                s.failure_probability,
                s.repair_probability,
            ]
            for s in system.storage
        ],
        dtype=float,
    ).reshape(len(system.storage), 8)
    month, hour, day = calendar(system)
    ifs = system.interfaces
    return SystemArrays(
        name=system.name,
        regions=tuple(r.name for r in system.regions),
        load=load,
        base_avail=base,
        unit_region=np.array(ur, dtype=np.int64),
        unit_cap=np.array(cap, dtype=float),
        unit_pf=np.array(pf, dtype=float),
        unit_pr=np.array(pr, dtype=float),
        unit_profile=np.array(prof_idx, dtype=np.int64),
        profiles=np.array(profiles, dtype=float).reshape(len(profiles), horizon),
        st_region=np.array([system.region_index(s.region) for s in system.storage], dtype=np.int64),
        st=st,
        if_ends=np.array(
            [[system.region_index(i.from_region), system.region_index(i.to_region)] for i in ifs],
            dtype=np.int64,
        ).reshape(len(ifs), 2),
        if_lim=np.array(
            [[i.limit_forward_mw, i.limit_backward_mw] for i in ifs], dtype=float
        ).reshape(len(ifs), 2),
        if_rates=np.array(
            [[i.failure_probability, i.repair_probability] for i in ifs], dtype=float
        ).reshape(len(ifs), 2),
        month_of=month,
        hour_of=hour,
        day_of=day,
    )


BlockSums = tuple[FloatArray, FloatArray, FloatArray]


def simulate_blocks(
    arrays: SystemArrays, seed: int, samples: int, blocks: Sequence[int]
) -> list[BlockSums]:
    """Run the kernel on each listed block of samples (one task of any backend)."""
    args = arrays.kernel_args()
    out = []
    for b in blocks:
        first, last = b * BLOCK, min((b + 1) * BLOCK, samples)
        out.append(simulate_block(seed, first, last, *args))
    return out


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate: the mean over samples and its standard error."""

    value: float
    stderr: float


@dataclass(frozen=True)
class AdequacyResult:
    """Adequacy metrics of one run. Energy in MWh, per sample (one horizon, usually a year).

    ``metrics[area][name]`` with area a region name or ``"system"`` and name one
    of lole [h], lold [d], eue [MWh], neue [ppm], lolf [events].
    """

    system: str
    samples: int
    seed: int
    hours: int
    regions: tuple[str, ...]
    load_energy_mwh: dict[str, float]
    metrics: dict[str, dict[str, Estimate]]
    #: Event counts per sample by duration (bin k = k+1 hours; last bin = that many or more).
    durations: dict[str, FloatArray]
    #: Standard error of ``durations``.
    durations_stderr: dict[str, FloatArray]
    #: Shortfall hours per sample by month × hour of day (12 × 24).
    lol_month_hour: dict[str, FloatArray]
    #: Unserved energy per sample by month × hour of day (12 × 24). [MWh]
    eue_month_hour: dict[str, FloatArray]
    notes: list[str] = field(default_factory=list)


SYSTEM: Final = "system"


def _stderr(s: FloatArray, ss: FloatArray, n: int) -> FloatArray:
    """Standard error of the mean from sums and sums of squares over n samples."""
    var = np.maximum(ss - s * s / n, 0.0) / max(n - 1, 1)
    return np.asarray(np.sqrt(var / n), dtype=float)


def _estimates(sums: FloatArray, n: int, load_energy: float) -> dict[str, Estimate]:
    out: dict[str, Estimate] = {}
    for k, name in enumerate(METRICS):
        s, ss = float(sums[k, 0]), float(sums[k, 1])
        mean = s / n
        var = max(ss - s * s / n, 0.0) / (n - 1) if n > 1 else float("nan")
        out[name] = Estimate(mean, math.sqrt(var / n) if n > 1 else float("nan"))
    eue = out["eue"]
    scale = 1e6 / load_energy if load_energy > 0 else float("nan")
    return {
        "lole": out["lol_hours"],
        "lold": out["lol_days"],
        "eue": eue,
        "neue": Estimate(eue.value * scale, eue.stderr * scale),
        "lolf": out["events"],
    }


def combine(
    arrays: SystemArrays, seed: int, samples: int, parts: Sequence[BlockSums]
) -> AdequacyResult:
    """Sum block results (in block order) into an :class:`AdequacyResult`."""
    kk = len(arrays.regions) + 1
    stats = np.zeros((kk, len(METRICS), 2))
    dur = np.zeros((kk, DURATION_BINS, 2))
    mh = np.zeros((kk, 2, 12, 24))
    for s, d, m in parts:
        stats += s
        dur += d
        mh += m
    names = (*arrays.regions, SYSTEM)
    energy = dict(zip(arrays.regions, arrays.load.sum(axis=1).tolist(), strict=True))
    energy[SYSTEM] = float(arrays.load.sum())
    return AdequacyResult(
        system=arrays.name,
        samples=samples,
        seed=seed,
        hours=arrays.load.shape[1],
        regions=arrays.regions,
        load_energy_mwh=energy,
        metrics={a: _estimates(stats[k], samples, energy[a]) for k, a in enumerate(names)},
        durations={a: dur[k, :, 0] / samples for k, a in enumerate(names)},
        durations_stderr={
            a: _stderr(dur[k, :, 0], dur[k, :, 1], samples) for k, a in enumerate(names)
        },
        lol_month_hour={a: mh[k, 0] / samples for k, a in enumerate(names)},
        eue_month_hour={a: mh[k, 1] / samples for k, a in enumerate(names)},
    )


def _local_cluster(workers: int | None) -> Any:
    from dask.distributed import LocalCluster

    n = workers or max(1, min(2, os.cpu_count() or 1))
    return LocalCluster(
        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    )


def _chunks(n_blocks: int, chunks: int) -> list[list[int]]:
    chunks = max(1, min(chunks, n_blocks))
    edges = np.linspace(0, n_blocks, chunks + 1).round().astype(int)
    return [list(range(edges[i], edges[i + 1])) for i in range(chunks) if edges[i + 1] > edges[i]]


def run_arrays(
    arrays: SystemArrays,
    samples: int,
    seed: int,
    *,
    backend: Backend = "serial",
    chunks: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
) -> AdequacyResult:
    """:func:`run` on packed arrays (used by the capacity-credit bisection)."""
    if samples < 2:
        raise InputError("--samples", "", "a whole number ≥ 2", samples)
    n_blocks = -(-samples // BLOCK)
    parts: list[BlockSums | None] = [None] * n_blocks
    done = 0
    if backend == "serial" and scheduler is None:
        for group in _chunks(n_blocks, chunks or n_blocks):
            for b, part in zip(group, simulate_blocks(arrays, seed, samples, group), strict=True):
                parts[b] = part
            done = min(samples, (group[-1] + 1) * BLOCK)
            if progress is not None:
                progress(done, samples)
    else:
        from dask.distributed import Client, as_completed

        cluster = None
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            cluster = _local_cluster(workers)
            client = Client(cluster)
        try:
            n_chunks = chunks or max(4, 4 * len(client.scheduler_info().get("workers", {}) or [1]))
            groups = _chunks(n_blocks, n_chunks)
            shared = client.scatter(arrays, broadcast=True)
            futures = [
                client.submit(simulate_blocks, shared, seed, samples, g, pure=False) for g in groups
            ]
            index = {f.key: g for f, g in zip(futures, groups, strict=True)}
            for fut in as_completed(futures):
                group = index[fut.key]
                for b, part in zip(group, fut.result(), strict=True):
                    parts[b] = part
                done += sum(min(BLOCK, samples - b * BLOCK) for b in group)
                if progress is not None:
                    progress(done, samples)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    return combine(arrays, seed, samples, [p for p in parts if p is not None])


def run(
    system: PowerSystem,
    samples: int = 10_000,
    seed: int = 1,
    *,
    backend: Backend = "serial",
    chunks: int | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    hydrology: str | None = None,
    progress: Progress | None = None,
) -> AdequacyResult:
    """Sequential Monte Carlo adequacy of ``system``.

    Parameters
    ----------
    system : PowerSystem
    samples : int
        Number of simulated horizons (sample-years).
    seed : int
        Run seed; the same seed gives identical results for any chunks/backend/workers.
    backend : {"serial", "dask"}
        In-process, or on Dask: a local cluster unless ``scheduler`` is given.
    chunks : int, optional
        Number of tasks the samples are split into.
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); implies the Dask backend.
    workers : int, optional
        Worker processes of the local cluster (default: one per core, at most 2).
    hydrology : str, optional
        Hydrology scenario of the hydro energy budgets (default: the first).
    progress : callable, optional
        ``progress(samples_done, samples)`` after each finished chunk.
    """
    arrays = to_arrays(system, hydrology)
    return run_arrays(
        arrays,
        samples,
        seed,
        backend=backend,
        chunks=chunks,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
    )


# --- capacity credit -----------------------------------------------------------------------------

ResourceKind = Literal["firm", "thermal", "solar", "wind", "storage"]


@dataclass(frozen=True)
class Resource:
    """A resource whose capacity credit is sought.

    Parameters
    ----------
    kind : {"firm", "thermal", "solar", "wind", "storage"}
    mw : float
        Nameplate (storage: power). [MW]
    region : str
        Region it is added to.
    hours : float
        Storage duration (energy = mw × hours). [h]
    forced_outage_rate, mttr_h : float
        Thermal outage model. [p.u.], [h]
    profile : sequence of float, optional
        Solar/wind hourly output share [p.u.]; default: the capacity-weighted
        profile of the system's resources of that kind in the region.
    """

    kind: ResourceKind
    mw: float
    region: str
    hours: float = 4.0
    forced_outage_rate: float = 0.05
    mttr_h: float = 50.0
    profile: Sequence[float] | None = None


def _profile_for(system: PowerSystem, res: Resource) -> list[float]:
    if res.profile is not None:
        if len(res.profile) != system.hours:
            raise InputError("profile", "", f"{system.hours} hourly values", len(res.profile))
        return [float(x) for x in res.profile]
    same = [
        v
        for v in system.variable
        if v.kind == res.kind and v.region == res.region and v.capacity_mw > 0
    ]
    if not same:
        raise InputError(
            system.name,
            f"variable[{res.kind}]",
            f"a {res.kind} resource in region {res.region} to take the profile from, or a --profile file",
        )
    total = sum(v.capacity_mw for v in same)
    weighted = sum(np.asarray(v.profile) * v.capacity_mw for v in same) / total
    return [float(x) for x in np.asarray(weighted)]


def with_resource(system: PowerSystem, res: Resource) -> PowerSystem:
    """``system`` with ``res`` added to its region (appended last, so other components keep their random streams)."""
    if res.region not in {r.name for r in system.regions}:
        raise InputError(
            "--region", "", "one of " + ", ".join(r.name for r in system.regions), res.region
        )
    if res.mw <= 0:
        raise InputError("--mw", "", "a capacity > 0 MW", res.mw)
    tag = f"added-{res.kind}"
    if res.kind == "firm":
        unit = UnitClass(name=tag, region=res.region, capacity_mw=res.mw)
        return system.model_copy(update={"units": [*system.units, unit]})
    if res.kind == "thermal":
        unit = UnitClass(
            name=tag,
            region=res.region,
            capacity_mw=res.mw,
            forced_outage_rate=res.forced_outage_rate,
            mttr_h=res.mttr_h,
        )
        return system.model_copy(update={"units": [*system.units, unit]})
    if res.kind in ("solar", "wind"):
        var = VariableResource(
            name=tag,
            region=res.region,
            kind=res.kind,
            capacity_mw=res.mw,
            profile=_profile_for(system, res),
        )
        return system.model_copy(update={"variable": [*system.variable, var]})
    store = Storage(name=tag, region=res.region, power_mw=res.mw, energy_mwh=res.mw * res.hours)
    return system.model_copy(update={"storage": [*system.storage, store]})


def _shifted(
    arrays: SystemArrays, region: int, load_mw: float = 0.0, firm_mw: float = 0.0
) -> SystemArrays:
    load = arrays.load.copy()
    base = arrays.base_avail.copy()
    load[region] += load_mw
    base[region] += firm_mw
    return replace(arrays, load=load, base_avail=base)


@dataclass(frozen=True)
class CapacityCredit:
    """ELCC and EFC of one resource. [MW]"""

    resource: Resource
    metric: Metric
    elcc_mw: float
    efc_mw: float
    tolerance_mw: float
    samples: int
    seed: int
    base: Estimate
    with_resource: Estimate


def _bisect(
    f: Callable[[float], float], target: float, hi: float, tol: float, rising: bool
) -> float:
    """x in [0, hi] where f(x) crosses ``target`` (f rising or falling in x), to within ``tol``."""
    lo = 0.0
    below = (lambda v: v <= target) if rising else (lambda v: v > target)
    if not below(f(0.0)):
        return 0.0
    if below(f(hi)):
        return hi
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if below(f(mid)):
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def capacity_credit(
    system: PowerSystem,
    resource: Resource,
    *,
    samples: int = 2_000,
    seed: int = 1,
    metric: Metric = "eue",
    tolerance_mw: float | None = None,
    hydrology: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> CapacityCredit:
    """ELCC and EFC of ``resource`` added to ``system``, by bisection on a system metric.

    ELCC: the constant load that can be added to the resource's region with the
    resource in place so that the system metric (EUE or LOLE) returns to its value
    without the resource. EFC: the perfectly firm capacity that, added instead of
    the resource, gives the same metric as the resource. Every evaluation uses the
    same seed and samples (common random numbers), so both functions of the added
    MW are smooth enough to bisect. The search stops when the bracket is narrower
    than ``tolerance_mw`` (default 1 % of the resource's MW, at least 0.01 MW); the
    answer is the bracket's midpoint, so it is within tolerance_mw/2 of the crossing
    for these samples. Monte Carlo error comes on top.
    """
    tol = tolerance_mw if tolerance_mw is not None else max(0.01 * resource.mw, 0.01)
    key = "eue" if metric == "eue" else "lole"
    r = (
        system.region_index(resource.region)
        if resource.region in {x.name for x in system.regions}
        else -1
    )
    added = with_resource(system, resource)
    base_arrays = to_arrays(system, hydrology)
    new_arrays = to_arrays(added, hydrology)

    def value(arrays: SystemArrays) -> Estimate:
        return run_arrays(arrays, samples, seed).metrics[SYSTEM][key]

    base = value(base_arrays)
    with_res = value(new_arrays)
    if base.value <= 0:
        raise InputError(
            system.name,
            metric,
            f"a system with some shortfall ({metric} = 0 without the resource, so capacity credit is undefined)",
        )
    if progress:
        progress("elcc")
    elcc = _bisect(
        lambda x: value(_shifted(new_arrays, r, load_mw=x)).value,
        base.value,
        resource.mw,
        tol,
        rising=True,
    )
    if progress:
        progress("efc")
    efc = _bisect(
        lambda x: value(_shifted(base_arrays, r, firm_mw=x)).value,
        with_res.value,
        resource.mw,
        tol,
        rising=False,
    )
    return CapacityCredit(resource, metric, elcc, efc, tol, samples, seed, base, with_res)
