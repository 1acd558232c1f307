"""The flexibility gap over every listed case (composition)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from gridatlas.app.exposure import balance_results
from gridatlas.core.provinces import all_provinces
from gridatlas.runners.balance import BalanceResult
from gridatlas.runners.flexibility import FlexibilityResult, run_flexibility
from gridatlas.sources.flexibility_files import bundled_assumptions, read_assumptions

DEFAULT_YEARS: tuple[int, ...] = (2025, 2026, 2027)


def mainland_codes() -> tuple[str, ...]:
    """Codes of the 31 mainland provinces (where cases can exist)."""
    return tuple(p.code for p in all_provinces() if p.kind != "sar" and p.code != "TW")


def flexibility(
    assumptions_file: str | Path | None = None,
    years: Sequence[int] | None = DEFAULT_YEARS,
    credits: Mapping[str, Mapping[str, float]] | None = None,
    gaps: Mapping[str, Mapping[int, float]] | None = None,
    results: Sequence[BalanceResult] | None = None,
) -> FlexibilityResult:
    """Gap, options and costs for every listed case in ``years``."""
    a = read_assumptions(assumptions_file) if assumptions_file else bundled_assumptions()
    return run_flexibility(
        results if results is not None else balance_results(),
        a,
        years=years,
        credits=credits,
        gaps=gaps,
        all_provinces=mainland_codes(),
    )
