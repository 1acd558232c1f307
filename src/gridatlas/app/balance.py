"""The balance of a case as users ask for it: by name or file, with an optional unit list.

Composes :func:`gridatlas.app.cases.load_case` (and its pipeline) with the
balance and Monte Carlo runners, so that the command line talks to ``app/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from gridatlas.app.cases import load_case, with_pipeline
from gridatlas.domain.case import Case
from gridatlas.runners.balance import BalanceResult, run_balance
from gridatlas.runners.uncertainty import SimulationResult, simulate

__all__ = ["BalanceResult", "SimulationResult", "balance", "load_case", "run_balance", "simulate"]


def balance(
    case: str | Path | Case,
    scenarios: Sequence[str] | None = None,
    pipeline: str | Path | None = None,
    pipeline_kind: Literal["template", "gem"] = "template",
) -> BalanceResult:
    """Balance of a case (bundled name, file or object), optionally with a unit list's forecast."""
    the_case = case if isinstance(case, Case) else load_case(case)
    if pipeline is not None:
        the_case = with_pipeline(the_case, pipeline, pipeline_kind)
    return run_balance(the_case, scenarios)
