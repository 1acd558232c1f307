"""Cases as users name them: a bundled name or a file, with its pipeline applied.

A case file may carry a ``pipeline:`` block that points at a unit list; this is
where that list is read, forecast and folded into the case's coal and gas rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from gridatlas.app import national_cases as national
from gridatlas.app import pipeline as pl
from gridatlas.app.case_list import CaseInfo, generated_name, list_cases, province_of_generated
from gridatlas.core.provinces import find_province
from gridatlas.domain.case import Case
from gridatlas.domain.case_spec import ForecastVariant
from gridatlas.runners.pipeline_hook import capacity_from_pipeline
from gridatlas.sources.case_files import bundled_case_names, read_case, read_case_raw

__all__ = [
    "CaseInfo",
    "bundled_case_names",
    "list_cases",
    "load_case",
    "read_case_raw",
    "resolve_name",
    "with_pipeline",
]


def resolve_name(ref: str) -> str:
    """The case name a user's word stands for.

    A bundled case name or a generated case name (``guangdong-national``)
    stands for itself. A province name, code or pinyin (``广东``, ``GD``,
    ``guangdong``) stands for the province's report case where the report
    has one (安徽, 浙江, 上海, 四川), else for its generated case. Anything
    else is returned unchanged (a file path, or an unknown name).
    """
    key = ref.strip()
    if key.lower() in bundled_case_names() or province_of_generated(key):
        return key.lower()
    p = find_province(key)
    if p is None or not p.mainland:
        return ref
    report = [c.name for c in list_cases() if c.kind == "report" and c.province_code == p.code]
    return report[0] if report else generated_name(p)


def load_case(ref: str | Path) -> Case:
    """Load and check a case by name (bundled, generated or a province) or file path,
    with its pipeline applied.

    Examples
    --------
    >>> load_case("anhui").province.short_zh
    '安徽'
    >>> load_case("广东").name
    'guangdong-national'
    """
    if isinstance(ref, str) and not Path(ref).suffix:
        ref = resolve_name(ref)
        if (p := province_of_generated(ref)) is not None:
            return national.generated_case(p.code)
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
    forecast_case: ForecastVariant = "central",
) -> Case:
    """The case with future coal/gas capacity from a unit list's commissioning forecast."""
    fc = pl.forecast(
        pl.load_units(units, kind=kind),
        case=forecast_case,
        years=[int(y) for y in case.years],
        province=case.province.code,
    )
    return capacity_from_pipeline(case, fc, fuels, base_year)
