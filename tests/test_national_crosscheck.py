"""Honest cross-check: the bundled 2023 capacities against seed report 004.

Report figures are typed from ../shared/seeds/004_7d44f3a53f76b733.txt (line numbers
given); tracker figures are read from the bundled dataset. Nothing is adjusted to
agree. Each comparison has a tolerance chosen from the reason the two can differ;
docs/national-data.md prints the table and explains each gap.
"""

from __future__ import annotations

import pytest

from gridatlas.sources.national import load_national

#: Seed 004 end-2023 capacity [万千瓦] by province and technology, with the line.
REPORT_2023: dict[tuple[str, str], tuple[float, int]] = {
    ("AH", "coal"): (5953, 384),
    ("AH", "hydro"): (156, 387),
    ("AH", "pumped_storage"): (468, 388),
    ("AH", "wind"): (722, 389),
    ("AH", "solar"): (3223, 390),
    ("ZJ", "coal"): (5449, 525),
    ("ZJ", "nuclear"): (917, 527),
    ("ZJ", "hydro"): (720, 528),
    ("ZJ", "pumped_storage"): (668, 529),
    ("ZJ", "wind"): (584, 530),
    ("ZJ", "solar"): (3357, 536),
    ("SH", "coal"): (1666, 628),
    ("SH", "wind"): (107, 630),
    ("SH", "solar"): (289, 631),
    ("SC", "coal"): (1725, 710),
    ("SC", "hydro"): (9759, 717),
    ("SC", "wind"): (770, 719),
    ("SC", "solar"): (574, 720),
}
#: National coal fleet at end-2023 [亿千瓦], seed 004 line 287 (footnote 3).
REPORT_NATIONAL_COAL_2023 = 11.6

#: Report technology → dataset technologies summed.
PARTS = {
    "wind": ("wind_onshore", "wind_offshore"),
    "solar": ("solar_utility", "solar_distributed"),
}


def dataset_2023(province: str, tech: str) -> float:
    """Bundled end-2023 capacity [万千瓦] of a report technology."""
    row = load_national().capacity_in(2023)[province]
    values = [row[t] for t in PARTS.get(tech, (tech,))]
    assert all(v is not None for v in values), (province, tech)
    return sum(v for v in values if v is not None) / 10.0


@pytest.mark.parametrize(("province", "tech"), [k for k in REPORT_2023 if k[1] == "solar"])
def test_solar_matches_the_report(province: str, tech: str) -> None:
    # Same statistic: the report's 光伏 is NEA's year-end figure, as is the dataset's.
    # Tolerance 0.5%: rounding to 万千瓦 (the Shanghai row is 289 vs NEA 289.9).
    report, _line = REPORT_2023[(province, tech)]
    assert dataset_2023(province, tech) == pytest.approx(report, rel=5e-3)


@pytest.mark.parametrize(
    ("province", "tech"), [("AH", "pumped_storage"), ("ZJ", "pumped_storage"), ("ZJ", "nuclear")]
)
def test_large_plant_fleets_match_the_report(province: str, tech: str) -> None:
    # Same plants, all far above GEM's size thresholds. Tolerance 3%: rated vs net
    # capacity per unit, and a unit commissioned in late 2023 after the tracker's
    # cut-off (hydro 2023-05, nuclear 2023-10).
    report, _line = REPORT_2023[(province, tech)]
    assert dataset_2023(province, tech) == pytest.approx(report, rel=0.03)


@pytest.mark.parametrize(
    ("province", "tech", "floor"),
    [
        # coal: GEM lists units ≥ 30 MW and was cut off in July 2023; the report's 煤电
        # counts every unit at year-end, captive (自备) and small CHP units included.
        # Floor 70%: Sichuan's 煤电 1725 also holds coal-gangue and other small thermal.
        ("AH", "coal", 0.70),
        ("ZJ", "coal", 0.70),
        ("SH", "coal", 0.70),
        ("SC", "coal", 0.70),
        # wind: GEM lists farms ≥ 10 MW (smaller in 'Below Threshold' only when known);
        # distributed wind and farms without a start year are under-covered. Floor 75%.
        ("AH", "wind", 0.75),
        ("ZJ", "wind", 0.75),
        ("SH", "wind", 0.75),
        ("SC", "wind", 0.75),
        # Sichuan hydro: large plants, but the four Jinsha border dams are split 50/50
        # with Yunnan and the tracker stops in May 2023. Floor 80%.
        ("SC", "hydro", 0.80),
    ],
)
def test_tracker_undercounts_within_a_stated_floor(province: str, tech: str, floor: float) -> None:
    report, _line = REPORT_2023[(province, tech)]
    ours = dataset_2023(province, tech)
    # never above the report by more than rounding (1%): a tracker does not know more units
    assert ours <= report * 1.01
    assert ours >= report * floor


@pytest.mark.parametrize("province", ["AH", "ZJ"])
def test_conventional_hydro_in_small_hydro_provinces_is_not_usable(province: str) -> None:
    # GEM's hydro tracker omits small hydro (below its threshold), which is most of
    # Anhui's and Zhejiang's conventional hydro. The dataset holds well under half of
    # the report's figure; this test pins that the gap is known (docs: do not trust).
    report, _line = REPORT_2023[(province, "hydro")]
    assert dataset_2023(province, "hydro") < 0.5 * report


def test_national_coal_fleet_against_the_report_text() -> None:
    # Seed 004 line 287: 截至2023年底 存量煤电装机规模约11.6亿千瓦. The tracker stops in
    # July 2023 (about half a year of commissioning missing) and omits units < 30 MW.
    # Tolerance: 0-8% below the report's rounded figure.
    coal = load_national().capacity
    total = coal.loc[(coal["technology"] == "coal") & (coal["year"] == 2023), "mw"].sum()
    ours = total / 1e5  # MW → 亿千瓦
    assert REPORT_NATIONAL_COAL_2023 * 0.92 <= ours <= REPORT_NATIONAL_COAL_2023
