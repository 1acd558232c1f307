"""Year-end installed capacity and pipeline rules on hand-made units (hand-computed answers)."""

from __future__ import annotations

import pandas as pd

from gridatlas.runners.national import installed_by_year, pipeline_table


def units(*rows: tuple[str, float, str, int | None, int | None]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [
            {
                "province": p,
                "technology": "coal",
                "capacity_nom": mw,
                "status": s,
                "commissioning": c,
                "retirement": r,
            }
            for p, mw, s, c, r in rows
        ]
    )
    for col in ("commissioning", "retirement"):
        frame[col] = frame[col].astype("Int64")
    return frame


def test_year_end_rules() -> None:
    u = units(
        ("AH", 600, "operating", 2016, None),  # from 2016 on
        ("AH", 300, "operating", None, None),  # no start year: every year
        ("AH", 200, "retired", 2010, 2017),  # counts 2015-2016
        ("AH", 100, "retired", 2010, None),  # retired, year unknown: never
        ("AH", 50, "mothballed", 2012, None),  # installed though idle
        ("AH", 1000, "construction", 2017, None),  # pipeline, never installed
    )
    got = installed_by_year(u, range(2015, 2019)).set_index("year")["capacity_nom"]
    assert got.to_dict() == {2015: 550.0, 2016: 1150.0, 2017: 950.0, 2018: 950.0}


def test_pipeline_groups_by_status_and_expected_year() -> None:
    u = units(
        ("AH", 1000, "construction", 2025, None),
        ("AH", 500, "construction", 2025, None),
        ("AH", 700, "permitted", None, None),
        ("AH", 900, "cancelled", 2026, None),
    )
    got = pipeline_table(u)
    rows = {
        (r["status"], None if pd.isna(r["year"]) else int(r["year"])): (
            r["capacity_nom"],
            r["units"],
        )
        for r in got.to_dict("records")
    }
    assert rows == {("construction", 2025): (1500.0, 2), ("permitted", None): (700.0, 1)}
