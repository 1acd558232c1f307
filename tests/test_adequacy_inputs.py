"""National adequacy runs feed exposure (LOLE weights) and flexibility (gap to the LOLD target)."""

from __future__ import annotations

from gridatlas.app.adequacy_inputs import firm_gaps, lole_by_province
from gridatlas.app.exposure import exposure
from gridatlas.app.flexibility import flexibility
from gridatlas.runners.national_adequacy import NationalAdequacy, ProvinceAdequacy


def _row(code: str, lole: float, need: float) -> ProvinceAdequacy:
    return ProvinceAdequacy(
        province=code, peak_mw=1.0, reserve_margin=0.1, tightness="tight", lole_h=lole,
        lole_se=0.0, lold_d=0.0, lold_se=0.0, eue_mwh=0.0, eue_se=0.0, firm_need_mw=need,
        firm_reached=True, lold_at_need=0.1, verdict="agree", missing=[],
    )  # fmt: skip


def _run(year: int, firm: int | None, rows: list[ProvinceAdequacy]) -> NationalAdequacy:
    return NationalAdequacy(
        year=year, samples=10, seed=1, target_lold=0.1, firm_samples=firm,
        firm_tolerance_share=0.01, firm_evaluations=1, provinces=rows, system_lole_h=0.0,
        system_eue_mwh=0.0, interfaces=0, sources=[],
    )  # fmt: skip


RUNS = [
    _run(2025, 50, [_row("ZJ", 3.0, 1234.0), _row("AH", 0.5, 0.0)]),
    _run(2026, None, [_row("ZJ", 4.0, 99.0)]),  # no firm search: no gap from this run
]


def test_mappings() -> None:
    assert lole_by_province(RUNS) == {"ZJ": {2025: 3.0, 2026: 4.0}, "AH": {2025: 0.5}}
    assert firm_gaps(RUNS) == {"ZJ": {2025: 1234.0}, "AH": {2025: 0.0}}


def test_flexibility_takes_the_lold_gap_where_a_run_exists() -> None:
    res = flexibility(years=(2025, 2026), gaps=firm_gaps(RUNS))
    rows = res.rows
    zj = rows[rows["province"] == "ZJ"]
    assert set(zj.loc[zj["year"] == 2025, "basis"]) == {"lole"}
    assert (zj.loc[zj["year"] == 2025, "gap_mw"] == 1234.0).all()
    assert set(zj.loc[zj["year"] == 2026, "basis"]) == {"band"}
    other = rows[~rows["province"].isin(["ZJ", "AH"])]
    assert set(other["basis"]) == {"band"}


def test_exposure_gains_an_lole_weighted_score() -> None:
    plain = exposure(years=(2025,))
    weighted = exposure(years=(2025,), lole=lole_by_province(RUNS))
    zn = next(c for c in weighted.companies if c.company.code == "600023.SH")
    plain_zn = next(c for c in plain.companies if c.company.code == "600023.SH")
    assert plain_zn.lole is None
    assert zn.lole is not None and zn.lole.get(2025) is not None  # 浙能 owns plant in 浙江
