"""Cases as users name them: a bundled name or a file, with its pipeline applied.

A case file may carry a ``pipeline:`` block that points at a unit list; this is
where that list is read, forecast and folded into the case's coal and gas rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from gridatlas.app.case_list import CaseInfo, list_cases
from gridatlas.domain.case import Case
from gridatlas.sources.case_files import bundled_case_names, read_case, read_case_raw

__all__ = [
    "CaseInfo",
    "bundled_case_names",
    "list_cases",
    "load_case",
    "read_case_raw",
    "with_pipeline",
]


def load_case(ref: str | Path) -> Case:
    """Load and check a case by bundled name or file path, with its pipeline applied.

    Examples
    --------
    >>> case = load_case("anhui")
    >>> case.province.short_zh
    '安徽'
    """
    case = read_case(ref)
    if case.pipeline is None:
        return case
    spec = case.pipeline
    units = Path(spec.units)
    origin = case.origin
    if not units.is_absolute() and Path(origin).exists():
        units = Path(origin).parent / units
    return with_pipeline(case, units, spec.kind, spec.fuels, spec.base_year, spec.forecast_case)


def with_pipeline(
    case: Case,
    units: str | Path,
    kind: Literal["template", "gem"] = "template",
    fuels: Sequence[str] = ("coal", "gas"),
    base_year: int | None = None,
    forecast_case: Literal["central", "alternative"] = "central",
) -> Case:
    """The case with future coal/gas capacity from a unit list's commissioning forecast."""
    # Imported here for start-up speed (the pipeline loads pandas), not to dodge a cycle:
    # neither module imports gridatlas.app.cases. Listing cases must stay light.
    from gridatlas.app import pipeline as pl
    from gridatlas.runners.pipeline_hook import capacity_from_pipeline

    fc = pl.forecast(
        pl.load_units(units, kind=kind),
        case=forecast_case,
        years=[int(y) for y in case.years],
        province=case.province.code,
    )
    return capacity_from_pipeline(case, fc, fuels, base_year)
