"""Weather shares of every province's load shape, against the report's peak-to-consumption ratios.

Composes :func:`gridatlas.model.peak_ratio.weather_shares` with the national
dataset's hourly shapes; docs/national-cases.md shows the comparison and why
the generated cases keep ``NEUTRAL_RATIO`` (1.0).
"""

from __future__ import annotations

from typing import Final

from gridatlas.app.national_data import national_data
from gridatlas.model.peak_ratio import implied_k, weather_shares
from gridatlas.sources.national import NationalData

#: Peak growth over consumption growth stated in seed 004 (国金证券, 2024-09):
#: 安徽 0.73 (2021-2023 average, chart 18), 上海 1.06 (last 5 years, chart 38),
#: 浙江 1.1 (the report's neutral forecast, §3.2; its 3-year history is 0.78). [p.u.]
REPORT_RATIOS: Final[dict[str, float]] = {"AH": 0.73, "SH": 1.06, "ZJ": 1.1}


def province_weather_shares(data: NationalData | None = None) -> dict[str, tuple[float, float]]:
    """``(s_peak, s_energy)`` of each province's hourly shape, by province code. [p.u.]"""
    data = data if data is not None else national_data()
    codes = [str(c) for c in data.load_shape.columns]
    return {c: weather_shares(data.shape(c)) for c in codes}


def report_comparison(data: NationalData | None = None) -> dict[str, dict[str, float]]:
    """For each province in :data:`REPORT_RATIOS`: its shares, the report's ratio and the ``k`` it implies."""
    shares = province_weather_shares(data)
    out: dict[str, dict[str, float]] = {}
    for code, ratio in REPORT_RATIOS.items():
        s_peak, s_energy = shares[code]
        out[code] = {
            "s_peak": s_peak,
            "s_energy": s_energy,
            "report_ratio": ratio,
            "implied_k": implied_k(s_peak, s_energy, ratio),
        }
    return out
