"""Named-input services for callers that must not touch files (the web API).

Each function accepts only names the bundled lists give (cases, example sites,
pipeline inputs) and calls the same engines as the CLI:
``gridatlas simulate`` → :func:`simulate_case`, ``gridatlas microgrid evaluate``
→ :func:`evaluate_site`, ``gridatlas pipeline forecast``/``capacity-cost`` →
:func:`pipeline_forecast`/:func:`pipeline_capacity_cost`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from gridatlas.app import pipeline as pl
from gridatlas.app.cases import load_case
from gridatlas.app.scenarios import Overrides, apply_overrides, require_case
from gridatlas.core.errors import InputError
from gridatlas.reports.microgrid_report import to_json_dict as microgrid_json
from gridatlas.runners.microgrid import evaluate
from gridatlas.runners.uncertainty import SimulationResult, simulate
from gridatlas.sources.pipeline_input import bundled_inputs
from gridatlas.sources.site_files import bundled_site_names, load_site

__all__ = [
    "bundled_inputs",
    "bundled_site_names",
    "evaluate_site",
    "pipeline_capacity_cost",
    "pipeline_forecast",
    "simulate_case",
]


def _require(name: str, names: list[str], what: str) -> str:
    if name in names:
        return name
    raise InputError(what, "name", "one of " + ", ".join(names), name)


def simulate_case(
    name: str,
    weather: str = "neutral",
    draws: int = 100_000,
    seed: int = 20241,
    overrides: Overrides | None = None,
    progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    """Monte Carlo of a listed case (``gridatlas simulate NAME`` when no overrides)."""
    case = load_case(require_case(name))
    if overrides is not None:
        case = apply_overrides(case, overrides)
    if weather not in case.weathers:
        raise InputError(case.origin, "weather", "one of " + ", ".join(case.weathers), weather)
    return simulate(case, weather, draws, seed, progress)


def evaluate_site(
    name: str,
    optimize: bool = False,
    sensitivity: bool = True,
    progress: Callable[[float], None] | None = None,
) -> dict[str, Any]:
    """Screen a bundled example site; the JSON of ``gridatlas microgrid evaluate -f json``."""
    site = load_site(_require(name, bundled_site_names(), "microgrid site"))
    if progress:
        progress(0.1)
    ev = evaluate(site, optimize=optimize, sensitivity=sensitivity)
    return microgrid_json(ev)


def pipeline_forecast(
    source: str = "report-2024", case: Literal["central", "alternative"] = "central"
) -> dict[str, Any]:
    """The commissioning forecast of a bundled input, as ``pipeline forecast -f json``."""
    return pl.forecast(_require(source, bundled_inputs(), "pipeline input"), case=case).to_json()


def pipeline_capacity_cost(source: str = "report-2024") -> dict[str, Any]:
    """The capacity-price cost of a bundled input, as ``pipeline capacity-cost -f json``."""
    return pl.capacity_cost(_require(source, bundled_inputs(), "pipeline input")).to_json()
