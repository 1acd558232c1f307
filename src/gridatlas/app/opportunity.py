"""The opportunity index as users ask for it: bundled regions, weights and balance cases."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from gridatlas.app.cases import bundled_case_names, load_case
from gridatlas.core.glossary import Lang
from gridatlas.domain.opportunity import AssessmentConfig
from gridatlas.runners import opportunity as runner
from gridatlas.runners.balance import BalanceResult, run_balance
from gridatlas.runners.opportunity import Assessment, Recommendation


@cache
def _bundled_balances() -> dict[str, tuple[BalanceResult, ...]]:
    out: dict[str, list[BalanceResult]] = {}
    for name in bundled_case_names():
        res = run_balance(load_case(name))
        out.setdefault(res.case.province.code, []).append(res)
    return {k: tuple(v) for k, v in out.items()}


def balance_results() -> dict[str, tuple[BalanceResult, ...]]:
    """Balance results of the bundled cases by province code (run once per process)."""
    return dict(_bundled_balances())


def assess(
    role: str = "general",
    config: AssessmentConfig | str | Path | None = None,
    *,
    folder: str | Path | None = None,
    balances: Mapping[str, Iterable[BalanceResult]] | None = None,
    lang: Lang = "zh",
) -> Assessment:
    """:func:`gridatlas.runners.opportunity.assess` with the bundled balance cases by default."""
    bal = balance_results() if balances is None else balances
    return runner.assess(role, config, folder=folder, balances=bal, lang=lang)


def recommend(
    role: str,
    scenario: str | None = None,
    top: int | None = None,
    config: AssessmentConfig | str | Path | None = None,
    *,
    lang: Lang = "zh",
    folder: str | Path | None = None,
    balances: Mapping[str, Iterable[BalanceResult]] | None = None,
) -> list[Recommendation]:
    """:func:`gridatlas.runners.opportunity.recommend` with the bundled balance cases by default."""
    bal = balance_results() if balances is None else balances
    return runner.recommend(role, scenario, top, config, lang=lang, folder=folder, balances=bal)
