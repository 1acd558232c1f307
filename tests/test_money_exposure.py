"""Company exposure: ownership rules, exposure identities, capacity revenue, bad input."""

from __future__ import annotations

import json
import math
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from gridatlas.app.owners import (
    build_owner_table,
    bundled_owner_table,
    bundled_owner_text,
    owner_table_text,
)
from gridatlas.core.errors import InputError
from gridatlas.domain.company import companies_from_dict
from gridatlas.model.capacity_price import CapacityPriceParams, capacity_charge
from gridatlas.model.exposure import shortfall, weighted_mean
from gridatlas.model.ownership import REMAINDER, province_parts, split_holders
from gridatlas.runners.exposure import match_owners, run_exposure
from gridatlas.runners.province_state import ProvinceState
from gridatlas.sources.company_files import bundled_companies, read_companies, read_ownership

REPORT_FIVE = ["皖能电力", "新集能源", "浙能电力", "国投电力", "申能股份"]


def _companies(*specs: tuple[str, list[object]]) -> tuple:
    raw = {
        "companies": [
            {"name": n, "code": f"{i:06d}", "source": "test", "aliases": a, "keywords": ["acme"]}
            for i, (n, a) in enumerate(specs)
        ]
    }
    return companies_from_dict(raw, "test.yaml")


def _owners(rows: list[tuple[str, str, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["owner", "province", "technology", "status", "start_year", "mw"]
    )


def _state(code: str, margins: list[float], classes: list[str], band_min: float = 0.13):
    return ProvinceState(
        code, code.lower(), "normal-neutral", (2025, 2026), band_min, tuple(margins), tuple(classes)
    )


# --- ownership rules -------------------------------------------------------


def test_split_holders_shares_add_up_to_one() -> None:
    cases = ["A [51.0%]; B [49.0%]", "A [60%]; B [25%]", "A; B; C", "A [70%]; B [40%]", ""]
    for text in cases:
        parts = split_holders(text)
        assert math.isclose(sum(s for _, s in parts), 1.0), text
    assert split_holders("A [60%]; B [25%]")[-1][0] == REMAINDER
    assert split_holders("A; B; C") == [("A", 1 / 3), ("B", 1 / 3), ("C", 1 / 3)]
    # over 100 %: scaled down, 70/110 and 40/110
    a, b = split_holders("A [70%]; B [40%]")
    assert math.isclose(a[1], 7 / 11) and math.isclose(b[1], 4 / 11)


def test_border_projects_split_between_provinces() -> None:
    assert province_parts("Sichuan - Yunnan border") == [("sichuan", 0.5), ("yunnan", 0.5)]
    assert province_parts("Ningxia Hui Autonomous Region") == [("ningxia", 1.0)]


# --- exposure identities ------------------------------------------------------


def test_all_assets_in_one_province_equal_its_shortfall() -> None:
    comps = _companies(("Acme", ["Acme Power Co Ltd"]))
    owners = _owners([("Acme Power Co Ltd", "AH", "coal", "operating", np.nan, 500.0)])
    states = {"AH": _state("AH", [0.05, 0.20], ["tight", "ample"])}
    res = run_exposure(comps, owners, states, [2025, 2026]).companies[0]
    assert res.exposure[2025] == pytest.approx(0.13 - 0.05)
    assert res.exposure[2026] == 0.0
    assert res.tight_share == {2025: 1.0, 2026: 0.0}


def test_two_provinces_hand_computed_and_missing_province_not_zero() -> None:
    comps = _companies(("Acme", ["Acme Power Co Ltd", {"name": "Acme Sub", "share": 0.5}]))
    owners = _owners(
        [
            ("Acme Power Co Ltd", "AH", "coal", "operating", np.nan, 300.0),
            ("Acme Sub", "ZJ", "wind", "operating", np.nan, 200.0),  # 100 MW attributable
            ("Acme Power Co Ltd", "XJ", "coal", "operating", np.nan, 400.0),  # no case
            ("Other Co", "AH", "coal", "operating", np.nan, 999.0),
        ]
    )
    states = {
        "AH": _state("AH", [0.05, 0.05], ["tight", "tight"]),
        "ZJ": _state("ZJ", [0.20, -0.02], ["ample", "deficit"]),
    }
    res = run_exposure(comps, owners, states, [2025, 2026])
    c = res.companies[0]
    # 2025: (300·0.08 + 100·0) / 400 = 0.06 ; 2026: (300·0.08 + 100·0.15) / 400 = 0.0975
    assert c.exposure[2025] == pytest.approx(0.06)
    assert c.exposure[2026] == pytest.approx(0.0975)
    assert c.coverage[2025] == pytest.approx(400 / 800)
    assert c.tight_share[2025] == pytest.approx(0.75)
    assert c.tight_share[2026] == pytest.approx(1.0)
    assert c.provinces_without_result == ("XJ",)
    assert c.capacity_by_province == {
        "AH": {"coal": 300.0},
        "XJ": {"coal": 400.0},
        "ZJ": {"wind": 100.0},
    }
    # nothing disappears: matched + unmatched = table
    assert res.matched_mw + res.unmatched["mw"].sum() == pytest.approx(owners["mw"].sum())
    assert res.unmatched.loc[res.unmatched["owner"] == "Acme Sub", "mw"].item() == 100.0


def test_no_covered_capacity_gives_none_not_zero() -> None:
    comps = _companies(("Acme", ["Acme"]))
    owners = _owners([("Acme", "XJ", "coal", "operating", np.nan, 100.0)])
    c = run_exposure(comps, owners, {}, [2025]).companies[0]
    assert c.exposure[2025] is None and c.tight_share[2025] is None


def test_lole_hook_weighted_over_provinces_with_lole() -> None:
    comps = _companies(("Acme", ["Acme"]))
    owners = _owners(
        [
            ("Acme", "AH", "coal", "operating", np.nan, 100.0),
            ("Acme", "ZJ", "coal", "operating", np.nan, 300.0),
            ("Acme", "XJ", "coal", "operating", np.nan, 600.0),
        ]
    )
    lole = {"AH": {2025: 2.0}, "ZJ": {2025: 6.0}}
    c = run_exposure(comps, owners, {}, [2025], lole=lole).companies[0]
    assert c.lole == {2025: pytest.approx((100 * 2 + 300 * 6) / 400)}


def test_weighted_mean_and_shortfall_basics() -> None:
    assert list(shortfall([0.2, 0.1, -0.05], 0.13)) == pytest.approx([0.0, 0.03, 0.18])
    assert math.isnan(weighted_mean([1.0], [np.nan]))


# --- capacity revenue -----------------------------------------------------------


def test_coal_revenue_equals_capacity_times_price() -> None:
    comps = _companies(("Acme", ["Acme"]))
    owners = _owners(
        [
            ("Acme", "AH", "coal", "operating", np.nan, 1000.0),
            ("Acme", "AH", "coal", "construction", 2025.0, 600.0),
            ("Acme", "AH", "wind", "operating", np.nan, 5000.0),
        ]
    )
    p = CapacityPriceParams()
    c = run_exposure(comps, owners, {}, [2025, 2026], params=p).companies[0]
    # 2025: share 0.30; operating at 80 %, the new unit not yet paying (pays from the next year)
    assert c.capacity_revenue[2025] == pytest.approx(1000e3 * 330 * 0.30 * 0.8 / 1e8)
    # 2026: share 0.50; new unit at 100 %
    expected = (1000e3 * 330 * 0.5 * 0.8 + 600e3 * 330 * 0.5 * 1.0) / 1e8
    assert c.capacity_revenue[2026] == pytest.approx(expected)
    via_model = capacity_charge([1000, 600], 0.5, [0.8, 1.0]).sum() / 1e8
    assert c.capacity_revenue[2026] == pytest.approx(via_model)


# --- overrides and files --------------------------------------------------------


def test_ownership_override_replaces_tracker(tmp_path: Path) -> None:
    comps = bundled_companies()
    f = tmp_path / "own.csv"
    f.write_text("company,province,technology,mw\n新集能源,安徽,coal,5000\n", encoding="utf-8")
    rows = read_ownership(f, comps)
    owners = bundled_owner_table()
    base = run_exposure(comps, owners, {}, [2025])
    over = run_exposure(comps, owners, {}, [2025], overrides=rows)
    xj_base = next(c for c in base.companies if c.company.name == "新集能源")
    xj = next(c for c in over.companies if c.company.name == "新集能源")
    assert xj.capacity_by_province["AH"] == {"coal": 5000.0}
    assert xj_base.capacity_by_province["AH"]["coal"] != 5000.0
    assert xj.overridden == (("AH", "coal"),)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("company,province,technology,mw\n新集能源,安徽,coal,-5\n", "row 2.mw"),
        ("company,province,technology,mw\n新集能源,Atlantis,coal,5\n", "row 2.province"),
        ("company,province,technology,mw\nNobody,安徽,coal,5\n", "row 2.company"),
        ("company,province,technology,mw\n新集能源,安徽,fusion,5\n", "row 2.technology"),
        ("company,province,mw\n新集能源,安徽,5\n", "technology"),
    ],
)
def test_bad_ownership_file_is_one_input_error(tmp_path: Path, text: str, field: str) -> None:
    f = tmp_path / "own.csv"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_ownership(f, bundled_companies())
    assert err.value.field == field
    assert err.value.source == str(f)


@pytest.mark.parametrize(
    ("yaml_text", "field"),
    [
        ("companies:\n  - {name: A, code: '1', source: s}\n", "companies[A].aliases"),
        ("companies:\n  - {name: A, source: s, aliases: [x]}\n", "companies[A].code"),
        (
            "companies:\n  - {name: A, code: '1', source: s, aliases: [X Co]}\n"
            "  - {name: B, code: '2', source: s, aliases: [x  co]}\n",
            "companies[B].aliases[0]",
        ),
        (
            "companies:\n  - {name: A, code: '1', source: s, aliases: [{name: X, share: 1.5}]}\n",
            "companies[A].aliases[X].share",
        ),
    ],
)
def test_bad_company_file_is_one_input_error(tmp_path: Path, yaml_text: str, field: str) -> None:
    f = tmp_path / "c.yaml"
    f.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_companies(f)
    assert err.value.field == field


# --- the bundled data -------------------------------------------------------------


def test_bundled_table_matched_plus_unmatched_is_total() -> None:
    owners = bundled_owner_table()
    assets, unmatched = match_owners(owners, bundled_companies())
    assert assets["mw"].sum() + unmatched["mw"].sum() == pytest.approx(owners["mw"].sum())
    assert set(assets["company"]) == set(REPORT_FIVE)


def test_bundled_owner_table_rebuilds_from_shared(shared: Path) -> None:
    gem = shared / "data" / "gem"
    rebuilt = owner_table_text(build_owner_table(gem))
    assert rebuilt == bundled_owner_text()


def test_xinji_coal_independent_of_the_build(shared: Path) -> None:
    """新集能源's attributable coal by a direct regex over the tracker's Parent cells."""
    path = shared / "data" / "gem" / "Global-Coal-Plant-Tracker-July-2023.xlsx"
    with warnings.catch_warnings():  # openpyxl: workbook extensions it drops (harmless)
        warnings.simplefilter("ignore", UserWarning)
        units = pd.read_excel(
            path,
            sheet_name="Units",
            usecols=["Country", "Parent", "Owner", "Capacity (MW)", "Status"],
        )
    units = units[
        (units["Country"] == "China") & units["Status"].isin(["operating", "construction"])
    ]
    pat = re.compile(r"China Coal Xinji Energy Co Ltd(?: \[([\d.]+)%\])?")
    total = 0.0
    for parent, owner, mw in zip(
        units["Parent"], units["Owner"], units["Capacity (MW)"], strict=True
    ):
        text = parent if isinstance(parent, str) and parent.strip() else str(owner)
        m = pat.search(text)
        if m:
            n_holders = len([p for p in text.split(";") if p.strip()])
            total += mw * (float(m[1]) / 100 if m[1] else 1.0 / n_holders)
    owners = bundled_owner_table()
    ours = owners[
        (owners["owner"] == "China Coal Xinji Energy Co Ltd")
        & (owners["technology"] == "coal")
        & owners["status"].isin(["operating", "construction"])
    ]["mw"].sum()
    # the bundled table rounds each aggregate row to 0.001 MW
    assert ours == pytest.approx(total, abs=0.01)


# --- CLI ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def money_app() -> typer.Typer:
    from gridatlas.cli.exposure import register

    root = typer.Typer()
    register(root)

    @root.callback()
    def _cb() -> None:  # keep subcommand names
        pass

    return root


def test_cli_json_lists_the_five_report_companies(money_app: typer.Typer) -> None:
    out = CliRunner().invoke(money_app, ["exposure", "-f", "json"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["unit"] == "MW"
    names = [c["name"] for c in doc["companies"]]
    assert names == REPORT_FIVE
    for c in doc["companies"]:
        assert set(c["exposure"]) == {"2025", "2026", "2027"}
        assert c["capacity_by_province"]
        assert isinstance(c["unmatched_names"], int)
    assert doc["unmatched"]["names"] > 0


def test_cli_xlsx_and_table(money_app: typer.Typer, tmp_path: Path) -> None:
    target = tmp_path / "e.xlsx"
    out = CliRunner().invoke(money_app, ["exposure", "-f", "xlsx", "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.stat().st_size > 0
    out = CliRunner().invoke(money_app, ["exposure", "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert "Company exposure" in out.stdout


def test_cli_bad_ownership_raises_input_error(money_app: typer.Typer, tmp_path: Path) -> None:
    f = tmp_path / "own.csv"
    f.write_text("company,province,technology,mw\n新集能源,安徽,coal,-1\n", encoding="utf-8")
    out = CliRunner().invoke(money_app, ["exposure", "--ownership", str(f)])
    assert isinstance(out.exception, InputError)
