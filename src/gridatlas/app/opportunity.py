"""The opportunity index as users ask for it: bundled regions, weights and balance cases.

The runner (:mod:`gridatlas.runners.opportunity`) takes objects; this module
loads them: the regions (:mod:`gridatlas.sources.region_files`, optionally
updated from a user folder), the weights (:mod:`gridatlas.sources.opportunity_config`,
the bundled file or a user's) and the bundled balance cases, run once per
process. :func:`opportunity_outputs` computes everything the outlook's
opportunity outputs show, so the report writers only format.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from gridatlas.app.national import run_national
from gridatlas.app.province_economics import bundled_economics
from gridatlas.core.glossary import Lang
from gridatlas.domain.opportunity import AssessmentConfig
from gridatlas.runners import opportunity as runner
from gridatlas.runners.balance import BalanceResult
from gridatlas.runners.opportunity import (
    Assessment,
    Economics,
    OpportunityOutputs,
    Recommendation,
    StabilityRow,
)
from gridatlas.sources.opportunity_config import load_config
from gridatlas.sources.region_files import load_regions

__all__ = [
    "PLAYER_ROLES",
    "Assessment",
    "OpportunityOutputs",
    "Recommendation",
    "StabilityRow",
    "archetypes",
    "assess",
    "balance_results",
    "economics_by_province",
    "opportunity_outputs",
    "recommend",
    "sensitivity",
]

#: The four market players, each with its own weights.
PLAYER_ROLES = ("investor", "integrator", "aggregator", "retailer")


@cache
def _national_balances() -> dict[str, tuple[BalanceResult, ...]]:
    return {code: (res,) for code, res in run_national().results.items()}


def balance_results() -> dict[str, tuple[BalanceResult, ...]]:
    """Balance results by province code for all 31 provinces: the report's case where it has
    one (安徽, 浙江, 上海, 四川), else the case generated from the national dataset (run
    once per process)."""
    return dict(_national_balances())


def economics_by_province() -> Economics:
    """Microgrid economics by province code: the bundled archetypes under the bundled
    tariffs (:func:`gridatlas.app.province_economics.bundled_economics`, once per process)."""
    return {row.province.code: row for row in bundled_economics().provinces}


def _config(config: AssessmentConfig | str | Path | None) -> AssessmentConfig:
    return config if isinstance(config, AssessmentConfig) else load_config(config)


def assess(
    role: str = "general",
    config: AssessmentConfig | str | Path | None = None,
    *,
    folder: str | Path | None = None,
    balances: Mapping[str, Iterable[BalanceResult]] | None = None,
    lang: Lang = "zh",
    economics: Economics | None = None,
) -> Assessment:
    """Score and rank the 31 mainland provinces for ``role``.

    ``config`` is a loaded config or the path of a weights file (default: the
    bundled one); ``balances`` maps province codes to balance results (default:
    the bundled cases, run once); ``economics`` maps them to microgrid screens
    (default: :func:`economics_by_province`).
    """
    bal = balance_results() if balances is None else balances
    eco = economics_by_province() if economics is None else economics
    return runner.assess(role, load_regions(folder), _config(config), bal, lang, eco)


def recommend(
    role: str,
    scenario: str | None = None,
    top: int | None = None,
    config: AssessmentConfig | str | Path | None = None,
    *,
    lang: Lang = "zh",
    folder: str | Path | None = None,
    balances: Mapping[str, Iterable[BalanceResult]] | None = None,
    economics: Economics | None = None,
) -> list[Recommendation]:
    """Provinces ranked for ``role`` (:func:`gridatlas.runners.opportunity.recommend`)."""
    bal = balance_results() if balances is None else balances
    eco = economics_by_province() if economics is None else economics
    return runner.recommend(
        role, load_regions(folder), _config(config), bal, scenario, top, lang, eco
    )


def sensitivity(
    assessment: Assessment,
    draws: int | None = None,
    seed: int | None = None,
    method: str | None = None,
) -> list[StabilityRow]:
    """Rank stability under perturbed weights (:func:`gridatlas.runners.opportunity.sensitivity`)."""
    return runner.sensitivity(assessment, draws, seed, method)


def archetypes(
    folder: str | Path | None = None, config: AssessmentConfig | str | Path | None = None
) -> dict[str, tuple[str, str]]:
    """Archetype and the rule that gave it for every region (HMT: qualitative)."""
    return runner.archetypes(load_regions(folder), _config(config))


def opportunity_outputs(lang: Lang = "zh") -> OpportunityOutputs:
    """The bundled assessment for the outlook: general and per-role index, stability."""
    regions = load_regions()
    cfg = load_config()
    bal = balance_results()
    eco = economics_by_province()
    general = runner.assess("general", regions, cfg, bal, lang, eco)
    return OpportunityOutputs(
        general=general,
        stability=runner.sensitivity(general),
        roles={role: runner.assess(role, regions, cfg, bal, lang, eco) for role in PLAYER_ROLES},
        archetypes=runner.archetypes(regions, cfg),
        regions=regions,
        balances=bal,
    )
