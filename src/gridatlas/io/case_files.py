"""Read case files: bundled names, YAML paths and Excel workbooks."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from gridatlas.core.errors import InputError
from gridatlas.domain.case import Case, case_from_dict
from gridatlas.io.yaml_files import parse_yaml, read_yaml

_CASES = "cases"


def bundled_case_names() -> list[str]:
    """Names of the cases shipped with gridatlas."""
    folder = resources.files("gridatlas.data").joinpath(_CASES)
    return sorted(
        e.name.removesuffix(".yaml") for e in folder.iterdir() if e.name.endswith(".yaml")
    )


def bundled_case_text(name: str) -> str:
    """The YAML text of a bundled case."""
    return resources.files("gridatlas.data").joinpath(_CASES, f"{name}.yaml").read_text("utf-8")


def read_case_raw(ref: str | Path) -> tuple[dict[str, Any], str]:
    """The raw mapping of a case and its origin (path or ``bundled:NAME``)."""
    text_ref = str(ref)
    path = Path(text_ref)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from gridatlas.io.case_xlsx_reader import read_case_xlsx

        return read_case_xlsx(path), str(path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise InputError(text_ref, "", "an existing case file")
        return read_yaml(path, text_ref), text_ref
    key = text_ref.lower()
    if key in bundled_case_names():
        origin = f"bundled:{key}"
        return parse_yaml(bundled_case_text(key), origin), origin
    names = ", ".join(bundled_case_names())
    raise InputError(text_ref, "CASE", f"a bundled case ({names}) or a .yaml/.xlsx file path")


def load_case(ref: str | Path) -> Case:
    """Load and check a case by bundled name or file path.

    Examples
    --------
    >>> case = load_case("anhui")
    >>> case.province.short_zh
    '安徽'
    """
    raw, origin = read_case_raw(ref)
    case = case_from_dict(raw, origin)
    if case.pipeline is None:
        return case
    spec = case.pipeline
    units = Path(spec.units)
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
    from gridatlas.runners import pipeline as pl
    from gridatlas.runners.pipeline_hook import capacity_from_pipeline

    fc = pl.forecast(
        pl.load_units(units, kind=kind),
        case=forecast_case,
        years=[int(y) for y in case.years],
        province=case.province.code,
    )
    return capacity_from_pipeline(case, fc, fuels, base_year)
