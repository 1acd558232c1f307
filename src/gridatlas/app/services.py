"""Named-input services for callers that must not touch files (the web API).

Each function accepts only names the bundled lists give (cases, example sites,
pipeline inputs) and calls the same engines as the CLI:
``gridatlas simulate`` → :func:`simulate_case`, ``gridatlas microgrid evaluate``
→ :func:`evaluate_site`, ``gridatlas pipeline forecast``/``capacity-cost`` →
:func:`pipeline_forecast`/:func:`pipeline_capacity_cost`.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Literal

from gridatlas.app import pipeline as pl
from gridatlas.app.cases import load_case
from gridatlas.app.opportunity import assess, recommend
from gridatlas.app.regions import get_region, list_regions, region_archetype, search
from gridatlas.app.scenarios import Overrides, apply_overrides, require_case
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang
from gridatlas.reports.microgrid_report import to_json_dict as microgrid_json
from gridatlas.reports.recommendations import recommendation_json
from gridatlas.reports.region_json import region_json
from gridatlas.runners.microgrid import evaluate
from gridatlas.runners.regions import resolve_code
from gridatlas.runners.uncertainty import SimulationResult, simulate
from gridatlas.sources.pipeline_input import bundled_inputs
from gridatlas.sources.site_files import bundled_site_names, load_site

__all__ = [
    "adequacy_available",
    "adequacy_systems",
    "assessment_json",
    "bundled_inputs",
    "bundled_site_names",
    "evaluate_site",
    "pipeline_capacity_cost",
    "pipeline_forecast",
    "recommendations_json",
    "region_brief_json",
    "regions_json",
    "run_adequacy",
    "search_json",
    "simulate_case",
]

#: Modules of the adequacy engine (built on its own branch); the API offers
#: ``POST /adequacy`` only when all of them are installed.
_ADEQUACY = (
    "gridatlas.runners.adequacy",
    "gridatlas.sources.system_files",
    "gridatlas.reports.adequacy_report",
)


# The bundled knowledge base and weights do not change within a process, so these
# JSON documents are built once per argument set (bounded caches).


@lru_cache(maxsize=1)
def regions_json() -> list[dict[str, Any]]:
    """``gridatlas regions -f json``."""
    return [r.to_json() for r in list_regions()]


def region_brief_json(name: str, lang: Lang = "zh") -> dict[str, Any]:
    """``gridatlas region NAME -f json --lang LANG`` (any spelling of a region, never a path)."""
    return _region_brief(resolve_code(name), lang)


@lru_cache(maxsize=128)
def _region_brief(code: str, lang: Lang) -> dict[str, Any]:
    region = get_region(code)
    return region_json(region, region_archetype(region), lang)


@lru_cache(maxsize=512)
def search_json(
    text: str, tag: str | None = None, role: str | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    """``gridatlas search TEXT -f json``."""
    return [h.to_json() for h in search(text, tag=tag, role=role, kind=kind)]


@lru_cache(maxsize=16)
def assessment_json(role: str = "general", lang: Lang = "zh") -> dict[str, Any]:
    """``gridatlas assess --role ROLE -f json``."""
    return assess(role, lang=lang).to_json()


@lru_cache(maxsize=512)
def recommendations_json(
    role: str, scenario: str | None = None, top: int | None = 10, lang: Lang = "zh"
) -> list[dict[str, Any]]:
    """``gridatlas recommend --role ROLE -f json``."""
    return [recommendation_json(r, lang) for r in recommend(role, scenario, top, lang=lang)]


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


def adequacy_available() -> bool:
    """True when the adequacy engine's modules are installed."""
    try:
        return all(importlib.util.find_spec(m) is not None for m in _ADEQUACY)
    except ModuleNotFoundError:
        return False


def _adequacy() -> tuple[Any, Any, Any]:
    runner, files, report = (importlib.import_module(m) for m in _ADEQUACY)
    return runner, files, report


def adequacy_systems() -> list[str]:
    """Names of the bundled adequacy systems (empty without the engine)."""
    if not adequacy_available():
        return []
    return list(_adequacy()[1].bundled_system_names())


def run_adequacy(
    name: str,
    samples: int = 2000,
    seed: int = 1,
    hydrology: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> dict[str, Any]:
    """LOLE/EUE of a bundled system: the JSON of ``gridatlas adequacy NAME -f json``."""
    runner, files, report = _adequacy()
    system = files.load_system(_require(name, adequacy_systems(), "adequacy system"))

    def step(done: int, total: int) -> None:
        if progress:
            progress(done / max(total, 1))

    result = runner.run(system, samples, seed, hydrology=hydrology, progress=step)
    out: dict[str, Any] = report.to_json_dict(result)
    return out
