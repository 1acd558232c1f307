"""Balance hook: future coal/gas capacity of a case from a pipeline forecast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gridatlas.app.cases import load_case, with_pipeline
from gridatlas.runners.balance import run_balance

HEADER = (
    "unit_id,plant,unit,owner,parent,province,province_zh,fuel,capacity_nom,chp,status,"
    "approval_date,approval_actual,construction_start_date,construction_start_actual,"
    "commissioning_date,commissioning_actual"
)


def _units(tmp_path: Path) -> Path:
    rows = [
        # coal, 24-month cycle: started 2023-03 → commissioned 2025-03
        "U1,甲电厂,1号机,,集团A,AH,,coal,660,false,construction,2022-06,,2023-03,true,,",
        # gas, 18-month cycle: started 2024-02 → commissioned 2025-08
        "U2,乙燃机,1号机,,集团B,安徽,,gas,460,false,construction,2023-05,,2024-02,true,,",
        # commissioned in 2026 with an actual date given
        "U3,丙电厂,2号机,,集团A,AH,,coal,1000,false,construction,2022-01,,2024-01,true,2026-06,false",
        # another province: ignored for Anhui
        "U4,丁电厂,1号机,,集团C,浙江,,coal,660,false,construction,2022-01,,2023-06,true,,",
    ]
    path = tmp_path / "units.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_capacity_after_base_year_follows_the_forecast(tmp_path: Path):
    case = load_case("anhui")
    hooked = with_pipeline(case, _units(tmp_path))
    mw = 10.0  # MW per 万千瓦
    base_coal, base_gas = case.capacity["coal"][0], case.capacity["gas"][0]
    # 2023 kept; +660 MW coal in 2025, +1000 MW in 2026; +460 MW gas in 2025
    np.testing.assert_allclose(
        hooked.capacity["coal"], base_coal + np.array([0, 0, 660, 1660, 1660])
    )
    np.testing.assert_allclose(hooked.capacity["gas"], base_gas + np.array([0, 0, 460, 460, 460]))
    assert base_coal == 5953 * mw
    # other technologies untouched
    np.testing.assert_array_equal(hooked.capacity["solar"], case.capacity["solar"])
    assert any("pipeline" in n for n in hooked.notes)


def test_hooked_case_runs_and_lowers_margins_against_the_report(tmp_path: Path):
    """The report's table adds 1756 万千瓦 of coal by 2027; the toy list adds 166."""
    case = load_case("anhui")
    base = run_balance(case)
    hooked = run_balance(with_pipeline(case, _units(tmp_path)))
    assert np.all(hooked.reserve_margin[:, 1:] < base.reserve_margin[:, 1:])
    np.testing.assert_allclose(hooked.reserve_margin[:, 0], base.reserve_margin[:, 0])


def test_case_file_pipeline_block(tmp_path: Path):
    import yaml

    from gridatlas.sources.case_files import read_case_raw

    units = _units(tmp_path)
    raw, _ = read_case_raw("anhui")
    raw["pipeline"] = {"units": units.name, "kind": "template", "base_year": 2024}
    path = tmp_path / "anhui_pipeline.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    case = load_case(path)
    # 2024 kept from the case (6085), then the forecast's additions on top
    np.testing.assert_allclose(case.capacity["coal"] / 10, [5953, 6085, 6151, 6251, 6251])


def test_gem_forecast_for_anhui(shared: Path):
    """GEM July 2023 knows far less Anhui coal than the report's table 22 (see docs/pipeline.md)."""
    gem = shared / "data" / "gem" / "Global-Coal-Plant-Tracker-July-2023.xlsx"
    case = load_case("anhui")
    hooked = with_pipeline(case, gem, kind="gem")
    added_gem = (hooked.capacity["coal"][-1] - hooked.capacity["coal"][0]) / 10
    added_report = (case.capacity["coal"][-1] - case.capacity["coal"][0]) / 10
    assert added_report == pytest.approx(1756)
    assert 0 < added_gem < added_report / 2
