"""One province's balance under its central (or a named) scenario, year by year.

Shared by the exposure and flexibility runners: which scenario stands for a
province when one number per year is wanted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from gridatlas.runners.balance import BalanceResult

#: Default scenario: the report's central case (normal hydrology, neutral weather).
DEFAULT_SCENARIO: Final[str] = "normal-neutral"


@dataclass(frozen=True)
class ProvinceState:
    """One province's balance under one scenario, by year."""

    code: str
    case: str
    scenario: str
    years: tuple[int, ...]
    band_min: float
    margin: tuple[float, ...]
    tightness: tuple[str, ...]

    def at(self, year: int) -> tuple[float, str] | None:
        """(margin, class) in ``year``, or ``None`` outside the case's years."""
        if year not in self.years:
            return None
        i = self.years.index(year)
        return self.margin[i], self.tightness[i]


def province_state(result: BalanceResult, scenario: str | None = None) -> ProvinceState | None:
    """The state of a case under ``scenario`` (default :data:`DEFAULT_SCENARIO`, else the
    first neutral-weather scenario); ``None`` when the case has no such scenario."""
    names = [s.name for s in result.scenarios]
    if scenario is not None:
        idx = names.index(scenario) if scenario in names else None
    elif DEFAULT_SCENARIO in names:
        idx = names.index(DEFAULT_SCENARIO)
    else:
        neutral = [
            i for i, s in enumerate(result.scenarios) if s.weather == "neutral" and not s.custom
        ]
        idx = neutral[0] if neutral else None
    if idx is None:
        return None
    return ProvinceState(
        code=result.case.province.code,
        case=result.case.name,
        scenario=names[idx],
        years=tuple(result.years),
        band_min=result.case.band_min,
        margin=tuple(float(m) for m in result.reserve_margin[idx]),
        tightness=tuple(str(t) for t in result.tightness[idx]),
    )
