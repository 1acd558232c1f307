"""LOLE and EUE of every province for the atlas: the national adequacy model, run once
in the background.

The atlas's ``lole`` metric and the province panel show
:func:`gridatlas.app.national_adequacy.run_national_adequacy` for :data:`YEAR` with
``samples`` sample years and no firm-capacity search: the LOLE/EUE columns of
``gridatlas adequacy national --year 2025 --samples 200 --firm-samples 0``. Building the
31-province system and running it takes seconds to tens of seconds, so
:class:`AdequacyJobs` starts it as a job on the web app's pool at the first request and
the result is kept for the life of the process (one per year, sample count and seed).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from gridatlas.app.jobs import Job, JobPool
from gridatlas.app.national_adequacy import (
    SCENARIO,
    build_national_system,
    run_national_adequacy,
)
from gridatlas.core.glossary import Lang, label

#: Year of the atlas's adequacy run (the outlook's adequacy year).
YEAR: Final = 2025
#: Sample years of the atlas's run (the outlook's count: about 15 s on one core).
SAMPLES: Final = 200
SEED: Final = 1
#: Units of the two metrics (glossary ``lole`` and ``eue``).
LOLE_UNIT: Final = "h/yr"
EUE_UNIT: Final = "MWh/yr"

Status = Literal["queued", "running", "done", "failed"]


@dataclass(frozen=True)
class ProvinceLole:
    """One province's adequacy metrics with their Monte Carlo standard errors.

    Attributes
    ----------
    lole_h, lole_se : float
        Loss of load expectation and its standard error. [h/yr]
    eue_mwh, eue_se : float
        Expected unserved energy and its standard error. [MWh/yr]
    """

    lole_h: float
    lole_se: float
    eue_mwh: float
    eue_se: float


@dataclass(frozen=True)
class AtlasAdequacy:
    """One finished run: per-province LOLE/EUE, the settings and the run time."""

    year: int
    samples: int
    seed: int
    #: Wall time of the run (system build + Monte Carlo). [s]
    seconds: float
    provinces: dict[str, ProvinceLole]
    system_lole_h: float
    system_eue_mwh: float
    sources: tuple[str, ...]

    def source(self, lang: Lang = "zh") -> str:
        """Where the numbers come from: a gridatlas model result, with its settings."""
        return label(
            "atlas_adequacy_source",
            lang,
            year=self.year,
            samples=self.samples,
            seed=self.seed,
            scenario=SCENARIO,
        )

    def to_json(self) -> dict[str, Any]:
        """A job's result: settings, run time and the per-province metrics."""
        return {
            "year": self.year,
            "samples": self.samples,
            "seed": self.seed,
            "seconds": self.seconds,
            "units": {"lole": LOLE_UNIT, "eue": EUE_UNIT},
            "system": {"lole_h": self.system_lole_h, "eue_mwh": self.system_eue_mwh},
            "provinces": {
                code: {
                    "lole_h": p.lole_h,
                    "lole_se": p.lole_se,
                    "eue_mwh": p.eue_mwh,
                    "eue_se": p.eue_se,
                }
                for code, p in self.provinces.items()
            },
            "sources": list(self.sources),
        }


_results: dict[tuple[int, int, int], AtlasAdequacy] = {}
_results_lock = threading.Lock()


def cached(year: int = YEAR, samples: int = SAMPLES, seed: int = SEED) -> AtlasAdequacy | None:
    """The finished run with these settings, if this process has one."""
    with _results_lock:
        return _results.get((year, samples, seed))


def compute(
    year: int = YEAR,
    samples: int = SAMPLES,
    seed: int = SEED,
    progress: Callable[[float], None] | None = None,
) -> AtlasAdequacy:
    """Build the national system for ``year``, run it and keep the result (see module)."""
    start = time.perf_counter()
    national = build_national_system(year)
    if progress is not None:
        progress(0.3)
    res = run_national_adequacy(year, samples, seed, firm_samples=None, national=national)
    out = AtlasAdequacy(
        year=year,
        samples=samples,
        seed=seed,
        seconds=time.perf_counter() - start,
        provinces={
            p.province: ProvinceLole(p.lole_h, p.lole_se, p.eue_mwh, p.eue_se)
            for p in res.provinces
        },
        system_lole_h=res.system_lole_h,
        system_eue_mwh=res.system_eue_mwh,
        sources=tuple(res.sources),
    )
    with _results_lock:
        _results[(year, samples, seed)] = out
    return out


@dataclass(frozen=True)
class AdequacyState:
    """Where the atlas's run stands: ``result`` is set when ``status`` is ``done``."""

    status: Status
    result: AtlasAdequacy | None = None
    job: Job | None = None
    error: str | None = None


class AdequacyJobs:
    """Start the atlas's adequacy run on ``pool`` once, and report its state.

    :meth:`state` never waits: the first call submits the job (``QueueFull`` when the
    pool is busy, so a later call tries again); a failed run stays failed, with its
    message, until the process restarts.
    """

    def __init__(
        self, pool: JobPool, samples: int = SAMPLES, year: int = YEAR, seed: int = SEED
    ) -> None:
        self.pool = pool
        self.samples = samples
        self.year = year
        self.seed = seed
        self._job: Job | None = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        """True once the run has been submitted."""
        return self._job is not None

    def state(self) -> AdequacyState:
        """The finished result, or the job computing it (started here if need be)."""
        with self._lock:
            hit = cached(self.year, self.samples, self.seed)
            if hit is not None:
                return AdequacyState("done", hit, self._job)
            # no job yet, or a finished one whose result is no longer kept: run (again)
            if self._job is None or self._job.status == "done":
                self._job = self.pool.submit("atlas-adequacy", self._work)
            job = self._job
        hit = cached(self.year, self.samples, self.seed)
        if hit is not None:  # finished since the check above
            return AdequacyState("done", hit, job)
        status: Status = "running" if job.status == "done" else job.status
        return AdequacyState(status, None, job, job.error)

    def _work(self, progress: Callable[[float], None]) -> dict[str, Any]:
        return compute(self.year, self.samples, self.seed, progress).to_json()
