"""Company exposure as users ask for it: default companies, every case, optional files.

Composes the bundled owner table (:mod:`gridatlas.app.owners`), the company
list (default: ``data/companies/companies.yaml``; ``extra_companies`` adds or
replaces), a user ownership file, every case of :func:`gridatlas.app.cases.list_cases`
run through :func:`gridatlas.runners.balance.run_balance`, and an optional
LOLE mapping from an adequacy run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from gridatlas.app.cases import list_cases, load_case
from gridatlas.app.owners import bundled_owner_table
from gridatlas.core.errors import InputError
from gridatlas.domain.company import merge_companies
from gridatlas.runners.balance import BalanceResult, run_balance
from gridatlas.runners.exposure import ExposureResult, run_exposure
from gridatlas.runners.province_state import ProvinceState, province_state
from gridatlas.sources.company_files import bundled_companies, read_companies, read_ownership

DEFAULT_YEARS: tuple[int, ...] = (2025, 2026, 2027)


def balance_results() -> list[BalanceResult]:
    """Every listed case, run over its scenario matrix."""
    return [run_balance(load_case(info.name)) for info in list_cases()]


def province_states(
    results: Sequence[BalanceResult], scenario: str | None = None
) -> dict[str, ProvinceState]:
    """One state per province (the first case listed for a province wins)."""
    out: dict[str, ProvinceState] = {}
    if scenario is not None and not any(scenario in [s.name for s in r.scenarios] for r in results):
        names = sorted({s.name for r in results for s in r.scenarios})
        raise InputError(
            "--scenario", "", "a scenario of at least one case: " + ", ".join(names), scenario
        )
    for r in results:
        code = r.case.province.code
        if code in out:
            continue
        state = province_state(r, scenario)
        if state is not None:
            out[code] = state
    return out


def exposure(
    companies_file: str | Path | None = None,
    ownership_file: str | Path | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    scenario: str | None = None,
    lole: Mapping[str, Mapping[int, float]] | None = None,
    defaults: bool = True,
    results: Sequence[BalanceResult] | None = None,
) -> ExposureResult:
    """Exposure of the default companies (plus those of ``companies_file``) in ``years``."""
    companies = bundled_companies() if defaults else ()
    if companies_file is not None:
        companies = merge_companies(companies, read_companies(companies_file))
    overrides = read_ownership(ownership_file, companies) if ownership_file is not None else ()
    states = province_states(results if results is not None else balance_results(), scenario)
    return run_exposure(companies, bundled_owner_table(), states, years, overrides, lole)
