"""Balance hook: a case's future coal and gas capacity from a pipeline forecast.

The case keeps its own capacity up to ``base_year``; after that each fuel's
capacity is the base-year value plus the cumulative commissioning the
forecast gives for the case's province. Retirements are not in the pipeline
and are not subtracted (the report's tables do not retire units either).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import numpy as np

from gridatlas.core.errors import InputError
from gridatlas.core.units import capacity_factor
from gridatlas.domain.case import Case, case_from_dict
from gridatlas.runners.pipeline import Forecast


def commissioning_by_year(
    fc: Forecast, province: str, fuel: str, years: Sequence[int]
) -> np.ndarray:
    """Capacity commissioned in each of ``years`` for one province and fuel. [MW]"""
    prov = fc.by_province()
    if len(prov) == 0 or (province, fuel) not in prov.index:
        return np.zeros(len(years))
    row = prov.xs((province, fuel)).reindex(list(years), fill_value=0.0)
    return np.array(row.to_numpy(dtype=float))


def capacity_from_pipeline(
    case: Case,
    fc: Forecast,
    fuels: Sequence[str] = ("coal", "gas"),
    base_year: int | None = None,
) -> Case:
    """A new case whose ``fuels`` capacity after ``base_year`` follows the forecast.

    Parameters
    ----------
    case : Case
        The province's case; its capacity up to ``base_year`` is kept.
    fc : Forecast
        A unit-level forecast (aggregate national inputs have no provinces).
    base_year : int, optional
        Last year taken from the case; default the case's first year.
    """
    years = [int(y) for y in case.years]
    base = years[0] if base_year is None else base_year
    if base not in years:
        raise InputError(
            case.origin, "pipeline.base_year", f"a year within {years[0]}–{years[-1]}", base
        )
    if not len(fc.by_province()):
        raise InputError(
            fc.source,
            "pipeline",
            "a unit-level forecast with provinces (a unit list or GEM workbook)",
        )
    b = years.index(base)
    # Write the new series into the raw case, so scenario overrides keep them.
    raw = copy.deepcopy(case.raw)
    raw.pop("pipeline", None)
    per_unit = capacity_factor(case.input_unit)
    for fuel in fuels:
        added = commissioning_by_year(fc, case.province.code, fuel, years)
        added[: b + 1] = 0.0
        series = case.capacity[fuel].copy()
        series[b:] = series[b] + np.cumsum(added[b:])
        raw.setdefault("capacity", {})[fuel] = [float(v) / per_unit for v in series]
    note = (
        f"{'/'.join(fuels)} after {base} from the pipeline forecast of {fc.source} ({fc.case}); "
        f"{fc.unscheduled_mw:,.0f} MW of this province's units have no commissioning date "
        "and are not counted."
    )
    raw["notes"] = [*raw.get("notes", []), note]
    return case_from_dict(raw, case.origin)
