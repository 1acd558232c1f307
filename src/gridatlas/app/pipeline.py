"""The thermal pipeline from files or bundled names: resolve the input, then run.

Example::

    from gridatlas.app import pipeline as pl
    f = pl.forecast("report-2024")                 # the report's central case
    f.by_fuel()                                    # MW by fuel and year
    pl.capacity_cost("report-2024").frame()        # 亿元 by part and year
    units = pl.load_units("GEM.xlsx", kind="gem")  # or a filled-in template
    pl.approval_ranking(units, years=[2022, 2023])
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from gridatlas.domain.pipeline import PipelineUnit
from gridatlas.domain.pipeline_input import StartsInput
from gridatlas.model.capacity_price import CapacityPriceParams, ShareSchedule
from gridatlas.model.commissioning import CycleRule, SlipRule
from gridatlas.reports.units_template import template_rows, write_units
from gridatlas.runners import pipeline as runner
from gridatlas.runners.pipeline import (
    CapacityCost,
    Forecast,
    approval_ranking,
    approval_stats,
    cohorts_from_input,
    cohorts_from_units,
)
from gridatlas.sources.gem import read_gem
from gridatlas.sources.pipeline_input import bundled_inputs, load_starts
from gridatlas.sources.pipeline_units import COLUMNS, read_units

__all__ = [
    "COLUMNS",
    "CapacityCost",
    "CapacityPriceParams",
    "CycleRule",
    "Forecast",
    "PipelineUnit",
    "ShareSchedule",
    "SlipRule",
    "approval_ranking",
    "approval_stats",
    "bundled_inputs",
    "capacity_cost",
    "capacity_params",
    "cohorts_from_input",
    "cohorts_from_units",
    "forecast",
    "load_units",
    "resolve",
    "template_rows",
    "write_units",
]

Source = str | Path | StartsInput | Sequence[PipelineUnit]


def load_units(
    path: str | Path, kind: Literal["template", "gem"] = "template"
) -> list[PipelineUnit]:
    """A unit list: a filled-in template (CSV/Excel) or a GEM tracker workbook."""
    return read_gem(path) if kind == "gem" else read_units(path)


def resolve(source: Source) -> StartsInput | Sequence[PipelineUnit]:
    """An input object: bundled names and YAML paths are read, objects pass through."""
    if isinstance(source, str | Path):
        return load_starts(source)
    return source


def forecast(source: Source, **options: Any) -> Forecast:
    """:func:`gridatlas.runners.pipeline.forecast` on a file, bundled name or object."""
    return runner.forecast(resolve(source), **options)


def capacity_cost(source: Source, **options: Any) -> CapacityCost:
    """:func:`gridatlas.runners.pipeline.capacity_cost` on a file, bundled name or object."""
    return runner.capacity_cost(resolve(source), **options)


def capacity_params(source: Source) -> CapacityPriceParams:
    """The capacity-price assumptions of an input, else the report's defaults."""
    return runner.capacity_params(resolve(source))
