"""Writers of the flexibility gap: JSON, terminal tables, workbook sheets (compute nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rich.table import Table

from gridatlas.core.glossary import Lang, label
from gridatlas.core.provinces import find_province
from gridatlas.core.units import capacity_factor
from gridatlas.reports.sheets import titled_sheet, write_sheets
from gridatlas.reports.workbook import SheetWriter
from gridatlas.runners.flexibility import FLEX_OPTIONS, OPTIONS, FlexibilityResult

_MW = {o: f"flex_{o}" for o in ("storage_2h", "storage_4h", "dr", "vpp", "coal")}
_COST = {o: f"cost_{o}" for o in OPTIONS}


def _r(x: Any, nd: int = 3) -> float:
    return round(float(x), nd)


def _i(x: Any) -> int:
    return int(x)


def _prov(code: str, lang: Lang) -> str:
    p = find_province(code)
    return code if p is None else p.display(lang)


def _market_json(result: FlexibilityResult, basis: str) -> dict[str, Any]:
    m = result.market(basis)
    return {
        str(y): {
            "gap_mw": _r(m.at[y, "gap_mw"]),
            "market_size": _r(m.at[y, "mix_cost"], 4),
            "mix_mw": {o: _r(m.at[y, f"mix_{o}_mw"]) for o in FLEX_OPTIONS},
            "single_option_cost": {o: _r(m.at[y, f"{o}_cost"], 4) for o in OPTIONS},
            "coal_capacity_charge": _r(m.at[y, "coal_capacity_charge"], 4),
            "provinces": _i(m.at[y, "provinces"]),
            "provinces_with_gap": _i(m.at[y, "provinces_with_gap"]),
        }
        for y in result.years
    }


def flexibility_json(result: FlexibilityResult) -> dict[str, Any]:
    """The stable JSON shape of ``gridatlas flexibility -f json``."""
    provinces: dict[str, Any] = {}
    for code in result.provinces:
        rows = result.rows[result.rows["province"] == code]
        scen: dict[str, Any] = {}
        for name, g in rows.groupby("scenario", sort=False):
            scen[str(name)] = {
                str(int(r["year"])): {
                    "basis": r["basis"],
                    "gap_mw": _r(r["gap_mw"]),
                    "capacity_mw": {o: _r(r[f"{o}_mw"]) for o in OPTIONS},
                    "cost": {o: _r(r[f"{o}_cost"], 4) for o in OPTIONS},
                    "coal_capacity_charge": _r(r["coal_capacity_charge"], 4),
                    "mix_mw": {o: _r(r[f"mix_{o}_mw"]) for o in FLEX_OPTIONS},
                    "mix_cost": _r(r["mix_cost"], 4),
                }
                for _, r in g.iterrows()
            }
        central = rows.loc[rows["central"], "scenario"]
        provinces[code] = {
            "case": str(rows["case"].iloc[0]),
            "central_scenario": str(central.iloc[0]) if len(central) else None,
            "scenarios": scen,
        }
    return {
        "unit": "MW",
        "cost_unit": "亿元/yr",
        "years": list(result.years),
        "provinces": provinces,
        "provinces_without_case": list(result.missing),
        "market_size": {
            "central": _market_json(result, "central"),
            "stress": _market_json(result, "stress"),
        },
        "cost_per_kw_year": {o: _r(v, 3) for o, v in result.cost_per_kw.items()},
        "capacity_credit": result.credits,
        "assumptions": [
            {"name": n, "value": v, "source": s} for n, v, s in result.assumptions.cited()
        ],
    }


def rows_frame(result: FlexibilityResult, lang: Lang = "zh", unit: str = "万千瓦") -> pd.DataFrame:
    """One row per province, scenario and year: gap, options and costs."""
    k = 1.0 / capacity_factor(unit)
    r = result.rows
    out = pd.DataFrame(
        {
            label("province", lang): [_prov(c, lang) for c in r["province"]],
            label("scenario", lang): r["scenario"],
            label("year", lang): r["year"],
            label("flex_deficit", lang, with_unit=True, unit=unit): (r["gap_mw"] * k).round(1),
        }
    )
    for o in OPTIONS:
        out[label(_MW[o], lang, with_unit=True, unit=unit)] = (r[f"{o}_mw"] * k).round(1)
    for o in OPTIONS:
        out[label(_COST[o], lang, with_unit=True)] = r[f"{o}_cost"].round(2)
    out[label("cost_coal_capacity_price", lang, with_unit=True)] = r["coal_capacity_charge"].round(
        2
    )
    out[label("market_size", lang, with_unit=True)] = r["mix_cost"].round(2)
    return out


def market_frame(result: FlexibilityResult, lang: Lang = "zh") -> pd.DataFrame:
    """National totals by year, central and stress bases (亿元/yr; 万千瓦)."""
    rows = []
    for basis in ("central", "stress"):
        m = result.market(basis)
        for y in result.years:
            row: dict[str, Any] = {"basis": basis, label("year", lang): y}
            gap_basis = result.rows.loc[result.rows["year"] == y, "basis"]
            row[label("flex_gap_basis", lang)] = "+".join(sorted(set(gap_basis)))
            gap = _r(m.at[y, "gap_mw"], 6) / capacity_factor("万千瓦")
            row[label("flex_deficit", lang, with_unit=True, unit="万千瓦")] = _r(gap, 1)
            row[label("market_size", lang, with_unit=True)] = _r(m.at[y, "mix_cost"], 2)
            for o in OPTIONS:
                row[label(_COST[o], lang, with_unit=True)] = _r(m.at[y, f"{o}_cost"], 2)
            row["provinces"] = _i(m.at[y, "provinces"])
            rows.append(row)
    return pd.DataFrame(rows)


def assumptions_frame(result: FlexibilityResult) -> pd.DataFrame:
    """Every assumption with its value and source."""
    return pd.DataFrame(result.assumptions.cited(), columns=["name", "value", "source"])


def rich_tables(result: FlexibilityResult, lang: Lang = "zh") -> list[Table]:
    """Terminal tables: the national market, then the central scenario by province."""
    m = market_frame(result, lang)
    t = Table(
        title=label("flex_market_title", lang),
        caption=label(
            "flex_market_caption", lang, n=len(result.provinces), missing=len(result.missing)
        ),
    )
    for col in m.columns:
        t.add_column(str(col), justify="right", overflow="fold")
    for row in m.itertuples(index=False):
        t.add_row(*[str(v) for v in row])
    rows = rows_frame(result, lang)
    central = rows[result.rows["central"].to_numpy()]
    keep = [0, 2, 3] + [4 + OPTIONS.index(o) for o in ("storage_4h", "dr")]
    keep += [len(rows.columns) - 1]
    central = central.iloc[:, keep]
    p = Table(title=label("flex_central_title", lang))
    for col in central.columns:
        p.add_column(str(col), justify="right", overflow="fold")
    for row in central.itertuples(index=False):
        p.add_row(*[str(v) for v in row])
    return [t, p]


def flexibility_sheets(
    result: FlexibilityResult, lang: Lang = "zh"
) -> list[tuple[str, SheetWriter]]:
    """Sheets for the outlook workbook: market, province rows, assumptions."""

    return [
        (
            label("sheet_flex_market", lang),
            titled_sheet(market_frame(result, lang), "亿元/yr; 万千瓦"),
        ),
        (
            label("sheet_flex_gap", lang),
            titled_sheet(rows_frame(result, lang), "万千瓦; 亿元/yr"),
        ),
        (
            label("sheet_flex_assumptions", lang),
            titled_sheet(assumptions_frame(result), "data/flexibility/assumptions.yaml"),
        ),
    ]


def write_flexibility_workbook(
    result: FlexibilityResult, target: str | Path, lang: Lang = "zh"
) -> None:
    """The flexibility sheets as one workbook, written atomically."""
    write_sheets(flexibility_sheets(result, lang), target)
