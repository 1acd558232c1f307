"""Writers of company exposure: JSON, terminal tables, workbook sheets (compute nothing)."""

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
from gridatlas.runners.exposure import CompanyExposure, ExposureResult

#: How many of the largest unmatched owner names the JSON lists.
JSON_UNMATCHED_TOP = 50


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def _prov(code: str, lang: Lang) -> str:
    p = find_province(code) if code != "?" else None
    if p is None:
        return code
    return p.display(lang)


def company_json(c: CompanyExposure) -> dict[str, Any]:
    """One company's JSON object (capacities MW, revenue 亿元/yr, exposure p.u.)."""
    out: dict[str, Any] = {
        "name": c.company.name,
        "code": c.company.code,
        "capacity_by_province": c.capacity_by_province,
        "capacity_by_status": c.capacity_by_status,
        "exposure": {str(y): _r(v) for y, v in c.exposure.items()},
        "tight_share": {str(y): _r(v) for y, v in c.tight_share.items()},
        "coverage": {str(y): _r(v) for y, v in c.coverage.items()},
        "capacity_revenue": {str(y): _r(v, 4) for y, v in c.capacity_revenue.items()},
        "coal_in_service": {str(y): _r(v, 3) for y, v in c.coal_in_service.items()},
        "provinces_without_result": list(c.provinces_without_result),
        "unmatched_names": c.unmatched_names,
        "near_miss_names": [
            {"owner": str(o), "mw": _r(float(m), 3)}
            for o, m in zip(c.near_misses["owner"], c.near_misses["mw"], strict=True)
        ],
        "overridden": [{"province": p, "technology": t} for p, t in c.overridden],
    }
    if c.lole is not None:
        out["exposure_lole"] = {str(y): _r(v) for y, v in c.lole.items()}
    return out


def exposure_json(result: ExposureResult) -> dict[str, Any]:
    """The stable JSON shape of ``gridatlas exposure -f json``."""
    um = result.unmatched
    by_owner = um.groupby("owner")["mw"].sum().sort_values(ascending=False)
    return {
        "unit": "MW",
        "revenue_unit": "亿元/yr",
        "exposure_unit": "p.u. (reserve-margin shortfall below the band's lower edge)",
        "years": list(result.years),
        "provinces": {
            code: {"case": s.case, "scenario": s.scenario, "band_min": s.band_min}
            for code, s in sorted(result.states.items())
        },
        "companies": [company_json(c) for c in result.companies],
        "unmatched": {
            "names": len(by_owner),
            "mw": _r(float(um["mw"].sum()), 3),
            "mw_by_technology": {
                str(k): _r(float(v), 3) for k, v in um.groupby("technology")["mw"].sum().items()
            },
            "largest": [
                {"owner": str(k), "mw": _r(float(v), 3)}
                for k, v in by_owner.head(JSON_UNMATCHED_TOP).items()
            ],
        },
        "total_mw": _r(result.total_mw, 3),
        "matched_mw": _r(result.matched_mw, 3),
        "source": "Global Energy Monitor trackers (CC BY 4.0), aggregated in data/companies/owners.csv",
    }


def summary_frame(result: ExposureResult, lang: Lang = "zh", unit: str = "万千瓦") -> pd.DataFrame:
    """One row per company: capacity, coverage, exposure, tight share, revenue by year."""
    k = 1.0 / capacity_factor(unit)
    rows = []
    for c in result.companies:
        row: dict[str, Any] = {
            label("company", lang): c.company.name,
            label("stock_code", lang): c.company.code,
            label("attributable_capacity", lang, with_unit=True, unit=unit): round(
                sum(sum(t.values()) for t in c.capacity_by_province.values()) * k, 1
            ),
        }
        for y in result.years:
            row[f"{label('exposure', lang)} {y} (pp)"] = _pp(c.exposure[y])
        for y in result.years:
            row[f"{label('tight_share', lang)} {y}"] = _r(c.tight_share[y], 3)
        for y in result.years:
            row[f"{label('coverage', lang)} {y}"] = _r(c.coverage[y], 3)
        for y in result.years:
            row[f"{label('capacity_revenue', lang)} {y} (亿元)"] = _r(c.capacity_revenue[y], 2)
        if c.lole is not None:
            for y in result.years:
                row[f"{label('exposure_lole', lang)} {y} (h/yr)"] = _r(c.lole[y], 3)
        row[label("provinces_without_result", lang)] = " ".join(
            _prov(p, lang) for p in c.provinces_without_result
        )
        row[label("unmatched_names", lang)] = c.unmatched_names
        rows.append(row)
    return pd.DataFrame(rows)


def _pp(x: float | None) -> float | None:
    return None if x is None else round(100.0 * x, 2)


def assets_frame(result: ExposureResult, lang: Lang = "zh", unit: str = "万千瓦") -> pd.DataFrame:
    """Long table: company × province × technology, attributable capacity in service."""
    k = 1.0 / capacity_factor(unit)
    rows = [
        {
            label("company", lang): c.company.name,
            label("province", lang): _prov(p, lang),
            "tech": label(t, lang),
            label("attributable_capacity", lang, with_unit=True, unit=unit): round(mw * k, 2),
        }
        for c in result.companies
        for p, techs in c.capacity_by_province.items()
        for t, mw in techs.items()
    ]
    return pd.DataFrame(rows)


def unmatched_frame(result: ExposureResult, lang: Lang = "zh") -> pd.DataFrame:
    """Every unmatched owner name with its capacity by technology. [MW]"""
    um = result.unmatched
    table = um.pivot_table(index="owner", columns="technology", values="mw", aggfunc="sum")
    table = table.fillna(0.0)
    table.columns = [label(str(t), lang) for t in table.columns]
    table.insert(0, label("unmatched_capacity", lang, with_unit=True), table.sum(axis=1))
    table = table.sort_values(table.columns[0], ascending=False).round(3)
    return table.reset_index().rename(columns={"owner": label("owner_name", lang)})


def rich_tables(result: ExposureResult, lang: Lang = "zh") -> list[Table]:
    """Terminal tables: the company summary and the unmatched-name totals."""
    frame = summary_frame(result, lang).set_index(label("company", lang)).T
    title = label("exposure_title", lang)
    t = Table(title=title, caption=_caption(result, lang))
    t.add_column("", no_wrap=True)
    for col in frame.columns:
        t.add_column(str(col), justify="right", overflow="fold")
    for name, row in frame.iterrows():
        t.add_row(str(name), *["–" if v is None or v != v else str(v) for v in row])
    um = exposure_json(result)["unmatched"]
    u = Table(title=label("exposure_unmatched_title", lang))
    u.add_column(label("owner_name", lang))
    u.add_column(label("unmatched_capacity", lang, with_unit=True))
    for item in um["largest"][:15]:
        u.add_row(item["owner"], f"{item['mw']:,.0f}")
    u.caption = f"{um['names']} names, {um['mw']:,.0f} MW of {result.total_mw:,.0f} MW unmatched"
    return [t, u]


def _caption(result: ExposureResult, lang: Lang) -> str:
    provs = ", ".join(f"{_prov(c, lang)}:{s.scenario}" for c, s in sorted(result.states.items()))
    return label("exposure_caption", lang, provinces=provs)


def exposure_sheets(result: ExposureResult, lang: Lang = "zh") -> list[tuple[str, SheetWriter]]:
    """Sheets for the outlook workbook: company summary, asset map, unmatched names."""

    return [
        (
            label("sheet_exposure", lang),
            titled_sheet(summary_frame(result, lang), _caption(result, lang)),
        ),
        (
            label("sheet_company_assets", lang),
            titled_sheet(assets_frame(result, lang), "GEM trackers (CC BY 4.0), 万千瓦"),
        ),
        (
            label("sheet_unmatched_owners", lang),
            titled_sheet(unmatched_frame(result, lang), "GEM trackers (CC BY 4.0), MW"),
        ),
    ]


def write_exposure_workbook(result: ExposureResult, target: str | Path, lang: Lang = "zh") -> None:
    """The exposure sheets as one workbook, written atomically."""
    write_sheets(exposure_sheets(result, lang), target)
