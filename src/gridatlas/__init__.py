"""gridatlas: where firm power will be short in China, and where microgrids pay.

The public Python API. Everything here is also reachable from the
``gridatlas`` command line.

>>> import gridatlas
>>> result = gridatlas.run_balance(gridatlas.load_case("anhui"))
>>> round(float(result.reserve_margin[0, 2]), 3)   # 2025, neutral weather
0.051
"""

from gridatlas.app.cases import bundled_case_names, load_case
from gridatlas.app.outlook import Outlook, run_outlook
from gridatlas.core.errors import GridatlasError, InputError
from gridatlas.domain.case import Case, case_from_dict
from gridatlas.reports.case_xlsx_writer import write_case_xlsx
from gridatlas.runners.balance import BalanceResult, Scenario, run_balance, scenario_matrix
from gridatlas.runners.uncertainty import SimulationResult, simulate
from gridatlas.sources.case_xlsx_reader import read_case_xlsx

__version__ = "0.1.0"

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
