"""Reference-data tests: the bundled cases reproduce the report's tables 22, 33, 39 and 44.

Tolerances (from the issue, and why they are enough):
* effective supply, rtol 0.2%: the report prints capacities in whole 万千瓦 and
  the Anhui totals differ from the sum of their printed parts by 3-4 万千瓦;
* peak load, rtol 0.3%: the printed growth rates are rounded to 0.1%, and
  three years of compounding rounded rates moves a path by up to ~0.15%;
* reserve margin, atol 0.4 pp: margins are printed to 0.1 pp and inherit the
  two errors above (0.2% + 0.3% of a ratio near 1 is ≤ 0.5 pp at worst, 0.12 pp seen).

Table 44 (Sichuan) is held to the same three tolerances for the same reasons:
capacities in whole 万千瓦, growth rates printed to 0.1%, margins to 0.1 pp.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gridatlas.app.cases import load_case
from gridatlas.core.units import capacity_factor
from gridatlas.runners.balance import run_balance

DATA = Path(__file__).parent / "data"

RTOL = {"effective_supply": 0.002, "peak_load": 0.003}
MARGIN_ATOL = 0.004
CASES = ("anhui", "zhejiang", "shanghai", "sichuan")


def _rows() -> list[dict[str, str]]:
    with open(DATA / "report_tables.csv", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _value(row: dict[str, str]) -> float:
    text = row["value"]
    return float(text.rstrip("%")) / 100 if text.endswith("%") else float(text)


REFERENCE = _rows()


@pytest.fixture(scope="module")
def results():
    return {name: run_balance(load_case(name)) for name in CASES}


@pytest.mark.parametrize(
    "row",
    REFERENCE,
    ids=[f"{r['case']}-{r['quantity']}-{r['scenario']}-{r['year']}" for r in REFERENCE],
)
def test_reproduces_published_table(results, row):
    res = results[row["case"]]
    i = res.scenario(row["scenario"])
    j = res.years.index(int(row["year"]))
    expected = _value(row)
    quantity = row["quantity"]
    if quantity == "reserve_margin":
        assert res.reserve_margin[i, j] == pytest.approx(expected, abs=MARGIN_ATOL)
    else:
        got = getattr(res, quantity)[i, j] / capacity_factor(row["unit"])
        assert got == pytest.approx(expected, rel=RTOL[quantity])


def test_reference_table_covers_four_cases_and_all_years():
    cases = {r["case"] for r in REFERENCE}
    assert cases == set(CASES)
    assert len(REFERENCE) == 85 + 30  # tables 22, 33, 39; table 44: 3 quantities × 2 rows × 5 years
    tables = {(r["case"], r["table"]) for r in REFERENCE}
    assert ("sichuan", "表44") in tables
