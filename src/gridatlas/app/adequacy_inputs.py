"""LOLE and firm need from national adequacy runs, in the shape exposure and flexibility take.

``gridatlas exposure --adequacy-samples N`` and ``gridatlas flexibility
--adequacy-samples N`` run :func:`gridatlas.app.national_adequacy.run_national_adequacy`
for each year; the outlook reuses its own 2025 run. Exposure gains an LOLE-weighted
score (``exposure_lole``); the flexibility gap of each province and year with a run
becomes the firm capacity its joint search needs to meet the LOLD target (``basis:
"lole"``) instead of the shortfall below the reserve band.
"""

from __future__ import annotations

from collections.abc import Sequence

from gridatlas.app.national_adequacy import run_national_adequacy
from gridatlas.runners.national_adequacy import NationalAdequacy

#: Samples of each firm-capacity search run when the CLI asks for adequacy.
FIRM_SAMPLES = 50

ByYear = dict[str, dict[int, float]]


def national_runs(years: Sequence[int], samples: int, seed: int = 1) -> list[NationalAdequacy]:
    """One national adequacy run per year (``samples`` Monte Carlo years each)."""
    return [
        run_national_adequacy(y, samples=samples, seed=seed, firm_samples=FIRM_SAMPLES)
        for y in years
    ]


def lole_by_province(runs: Sequence[NationalAdequacy]) -> ByYear:
    """``{code: {year: LOLE h/yr}}`` of every province in the runs."""
    out: ByYear = {}
    for run in runs:
        for p in run.provinces:
            out.setdefault(p.province, {})[run.year] = p.lole_h
    return out


def firm_gaps(runs: Sequence[NationalAdequacy]) -> ByYear:
    """``{code: {year: MW}}``: firm capacity each province needs to meet the LOLD target
    (runs without a firm search give none)."""
    out: ByYear = {}
    for run in runs:
        if run.firm_samples is None:
            continue
        for p in run.provinces:
            out.setdefault(p.province, {})[run.year] = p.firm_need_mw
    return out
