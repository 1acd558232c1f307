"""Results of the national adequacy comparison: one row per province, and the verdict rule.

Built by :func:`gridatlas.app.national_adequacy.run_national_adequacy`; written by
:mod:`gridatlas.reports.national_adequacy_report`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProvinceAdequacy:
    """One province's row of the comparison. Power in MW, energy in MWh per year."""

    province: str
    peak_mw: float
    reserve_margin: float
    tightness: str
    lole_h: float
    lole_se: float
    lold_d: float
    lold_se: float
    eue_mwh: float
    eue_se: float
    #: Firm block of the joint search (every province helped at once). [MW]
    firm_need_mw: float
    firm_reached: bool
    #: LOLD with every province's block in place (search samples). [d/yr]
    lold_at_need: float
    #: "agree", "margin_ok_lold_high" or "margin_short_lold_ok".
    verdict: str
    missing: list[str]


@dataclass(frozen=True)
class NationalAdequacy:
    """The national run: one row per province, the system totals and the settings."""

    year: int
    samples: int
    seed: int
    target_lold: float
    firm_samples: int | None
    firm_tolerance_share: float
    firm_evaluations: int
    provinces: list[ProvinceAdequacy]
    system_lole_h: float
    system_eue_mwh: float
    interfaces: int
    sources: list[str]
    synthetic_profiles: bool = True


def verdict(tightness: str, lold: float, target: float) -> str:
    """Where the margin method and the probabilistic one disagree.

    ``margin_ok_lold_high``: the margin is balanced or ample but LOLD is above target;
    ``margin_short_lold_ok``: the margin is in deficit but LOLD meets the target.
    """
    if tightness in ("balanced", "ample") and lold > target:
        return "margin_ok_lold_high"
    if tightness == "deficit" and lold <= target:
        return "margin_short_lold_ok"
    return "agree"
