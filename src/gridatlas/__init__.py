"""gridatlas: where firm power will be short in China, and where microgrids pay.

The public Python API. Everything here is also reachable from the
``gridatlas`` command line.

>>> import gridatlas
>>> result = gridatlas.run_balance(gridatlas.load_case("anhui"))
>>> round(float(result.reserve_margin[0, 2]), 3)   # 2025, neutral weather
0.051

The names below are loaded on first use (PEP 562), so that ``import
gridatlas`` (and with it every command line start) stays light; this defers
imports for start-up speed only and hides no import cycle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gridatlas.core.version import __version__ as __version__

#: Public name -> module that defines it.
_API: dict[str, str] = {
    "bundled_case_names": "gridatlas.app.cases",
    "load_case": "gridatlas.app.cases",
    "Outlook": "gridatlas.app.outlook",
    "run_outlook": "gridatlas.app.outlook",
    "GridatlasError": "gridatlas.core.errors",
    "InputError": "gridatlas.core.errors",
    "Case": "gridatlas.domain.case",
    "case_from_dict": "gridatlas.domain.case",
    "write_case_xlsx": "gridatlas.reports.case_xlsx_writer",
    "BalanceResult": "gridatlas.runners.balance",
    "Scenario": "gridatlas.runners.balance",
    "run_balance": "gridatlas.runners.balance",
    "scenario_matrix": "gridatlas.runners.balance",
    "SimulationResult": "gridatlas.runners.uncertainty",
    "simulate": "gridatlas.runners.uncertainty",
    "read_case_xlsx": "gridatlas.sources.case_xlsx_reader",
}

__all__ = [
    "BalanceResult",
    "Case",
    "GridatlasError",
    "InputError",
    "Outlook",
    "Scenario",
    "SimulationResult",
    "bundled_case_names",
    "case_from_dict",
    "load_case",
    "read_case_xlsx",
    "run_balance",
    "run_outlook",
    "scenario_matrix",
    "simulate",
    "write_case_xlsx",
]

if TYPE_CHECKING:
    from gridatlas.app.cases import bundled_case_names, load_case
    from gridatlas.app.outlook import Outlook, run_outlook
    from gridatlas.core.errors import GridatlasError, InputError
    from gridatlas.domain.case import Case, case_from_dict
    from gridatlas.reports.case_xlsx_writer import write_case_xlsx
    from gridatlas.runners.balance import BalanceResult, Scenario, run_balance, scenario_matrix
    from gridatlas.runners.uncertainty import SimulationResult, simulate
    from gridatlas.sources.case_xlsx_reader import read_case_xlsx


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'gridatlas' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
