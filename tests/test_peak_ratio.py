"""Weather shares and growth ratio on shapes whose answers are computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from gridatlas.app.peak_ratio import province_weather_shares, report_comparison
from gridatlas.model.peak_ratio import MONTH_DAYS, growth_ratio, implied_k, weather_shares


def _month_of_hour() -> np.ndarray:
    return np.repeat(np.repeat(np.arange(1, 13), MONTH_DAYS), 24)


def test_flat_shape_has_no_weather_part():
    assert weather_shares(np.full(8760, 3.0)) == (0.0, 0.0)


def test_summer_block_shares_by_hand():
    # base 1.0 every hour; in July (31 days) hours 12-15 (4 h) carry 1.0 extra
    month = _month_of_hour()
    hour = np.tile(np.arange(24), 365)
    x = np.ones(8760)
    x[(month == 7) & (hour >= 12) & (hour < 16)] += 1.0
    s_peak, s_energy = weather_shares(x)
    # peak 2, shoulder daily maximum 1 → (2 - 1) / 2
    assert s_peak == pytest.approx(0.5, abs=1e-12)
    # excess 31 days × 4 h × 1 over energy 8760 + 124
    assert s_energy == pytest.approx(124 / 8884, abs=1e-12)


def test_growth_ratio_identities_and_hand_value():
    assert growth_ratio(0.4, 0.1, 0.0) == 1.0  # both parts grow alike
    assert growth_ratio(0.3, 0.3, 2.0) == pytest.approx(1.0)  # same share in peak and energy
    # k = 1: (1 + 0.4) / (1 + 0.1)
    assert growth_ratio(0.4, 0.1, 1.0) == pytest.approx(1.4 / 1.1, abs=1e-12)
    assert implied_k(0.4, 0.1, growth_ratio(0.4, 0.1, 0.7)) == pytest.approx(0.7, abs=1e-12)


def test_wrong_length_is_refused():
    with pytest.raises(ValueError):
        weather_shares(np.ones(8784))


def test_report_provinces_on_the_bundled_shapes():
    """The documented comparison: no single k fits the report's three ratios."""
    shares = province_weather_shares()
    assert len(shares) == 31
    assert all(0.0 <= s_e <= s_p < 1.0 for s_p, s_e in shares.values())
    cmp = report_comparison()
    # 安徽's 0.73 < 1 needs the weather part to grow slower than the base (k < 0),
    # while 上海 and 浙江 need it to grow faster (k > 0)
    assert cmp["AH"]["implied_k"] < 0 < cmp["SH"]["implied_k"] < cmp["ZJ"]["implied_k"]
