"""The national catalogue reader on small in-memory frames (no bundled files)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gridatlas.core.errors import InputError
from gridatlas.sources.national import NationalData, national_from_frames


@pytest.fixture
def tiny() -> NationalData:
    capacity = pd.DataFrame(
        {
            "province": ["AH", "AH", "ZJ", "ZJ"],
            "technology": ["coal", "gas", "coal", "gas"],
            "year": [2023, 2023, 2023, 2023],
            "mw": [100.0, np.nan, 50.0, 5.0],
            "source": ["x", "missing", "x", "y"],
            "as_of": ["2023", "", "2023", "2024"],
            "partial": [0, 0, 0, 0],
        }
    )
    consumption = pd.DataFrame(
        {"province": ["AH", "ZJ"], "year": [2024, 2024], "mwh": [8760e3, 8760e3]}
    )
    hours = np.arange(8760)
    shape = pd.DataFrame({"AH": np.ones(8760), "ZJ": 1 + 0.5 * np.sin(2 * np.pi * hours / 24)})
    return national_from_frames(capacity=capacity, consumption=consumption, load_shape=shape)


def test_capacity_in_marks_missing_as_none(tiny: NationalData) -> None:
    assert tiny.capacity_in(2023) == {
        "AH": {"coal": 100.0, "gas": None},
        "ZJ": {"coal": 50.0, "gas": 5.0},
    }
    with pytest.raises(InputError):
        tiny.capacity_in(2030)


def test_peak_loads_analytic(tiny: NationalData) -> None:
    peaks = tiny.peak_loads(2024)
    # flat shape: peak = mean = 8760e3 MWh / 8760 h = 1000 MW
    assert peaks["AH"] == pytest.approx(1000.0)
    # 1 + 0.5 sin over whole days: mean 1, max 1.5 → 1500 MW
    assert peaks["ZJ"] == pytest.approx(1500.0)
    with pytest.raises(InputError):
        tiny.peak_loads(2020)
