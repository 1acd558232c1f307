"""Writers of microgrid economics by province: JSON, terminal table, workbook sheets.

Compute nothing: the screens come from :mod:`gridatlas.app.province_economics`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rich.table import Table

from gridatlas.core.glossary import Lang, label, terms
from gridatlas.domain.province_screen import (
    SCREEN_CLASSES,
    SCREEN_VOLTAGE_KV,
    ProvinceEconomics,
    ProvincialEconomics,
    Screen,
)
from gridatlas.reports.sheets import titled_sheet, write_sheets
from gridatlas.reports.workbook import SheetWriter

#: Units of the JSON fields.
UNITS = {
    "irr": "p.u./yr",
    "npv": "元",
    "capex": "元",
    "savings": "元/yr (year 1)",
    "dr_income": "元/yr (year 1)",
    "payback_years": "yr",
    "sizes": "kW / kWh",
}


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(float(x), nd)


def _screen_json(s: Screen) -> dict[str, Any]:
    return {
        "archetype": s.archetype,
        "tariff": s.tariff,
        "illustrative": s.illustrative,
        "irr": _r(s.irr, 5),
        "npv": _r(s.npv),
        "payback_years": _r(s.payback_years),
        "capex": _r(s.capex),
        "savings": _r(s.savings),
        "dr_income": _r(s.dr_income),
        "demand_response": s.dr,
        "sizes": s.sizes,
        "error": s.error,
    }


def _province_json(row: ProvinceEconomics) -> dict[str, Any]:
    best = row.best
    return {
        "code": row.province.code,
        "name": row.province.short_zh,
        "name_en": row.province.name_en,
        "status": row.status,
        "best": None
        if best is None
        else {"archetype": best.archetype, "tariff": best.tariff, "irr": _r(best.irr, 5)},
        "tariffs": [
            {
                "name": t.name,
                "title": t.title,
                "user_class": t.user_class,
                "voltage": t.voltage,
                "as_of": t.as_of,
                "illustrative": t.illustrative,
                "fits_archetypes": t.fits,
                "origin": t.origin,
                "citations": t.citations,
            }
            for t in row.tariffs
        ],
        "screens": [_screen_json(s) for s in row.screens],
    }


def assumptions(eco: ProvincialEconomics) -> list[dict[str, str]]:
    """What every screen assumes, each with where it comes from."""
    classes = ", ".join(sorted(SCREEN_CLASSES))
    return [
        {
            "name": "archetypes",
            "value": ", ".join(eco.archetypes),
            "source": "bundled example sites (data/microgrid/sites; illustrative load, sizes, "
            "costs and finance)",
        },
        {
            "name": "tariff_fit",
            "value": f"user_class in ({classes}); voltage range containing "
            f"{SCREEN_VOLTAGE_KV:g} kV",
            "source": "gridatlas screening rule (domain/province_screen.py)",
        },
        {
            "name": "location",
            "value": "provincial capital (timing of the clear-sky PV profile only)",
            "source": eco.location_source,
        },
        {
            "name": "pv_yield",
            "value": "the archetype's specific yield, unchanged by province",
            "source": "bundled example sites (illustrative)",
        },
        {
            "name": "demand_response",
            "value": "the archetype's commitment paid at the tariff file's DR terms; "
            "none where the province has no terms",
            "source": "tariff files (demand_response)",
        },
        {
            "name": "sizes",
            "value": "sized by the LP" if eco.optimized else "the archetype's stated sizes",
            "source": "gridatlas economics option --optimize",
        },
    ]


def economics_json(eco: ProvincialEconomics) -> dict[str, Any]:
    """The stable JSON shape of ``gridatlas economics -f json``."""
    rows = eco.provinces
    return {
        "units": UNITS,
        "currency": "CNY",
        "optimized": eco.optimized,
        "tariff_dir": eco.tariff_dir,
        "provinces": [_province_json(r) for r in rows],
        "missing": [
            r.province.code for r in rows if r.status in ("no_tariff", "no_fitting_tariff")
        ],
        "best_irr": {k: _r(v, 5) for k, v in eco.best_irr().items()},
        "assumptions": assumptions(eco),
    }


def archetype_label(name: str, lang: Lang = "zh") -> str:
    """Display name of a bundled archetype (``数据中心 gd_data_centre``); other names as given."""
    key = f"mg_site.{name}"
    return f"{label(key, lang)} {name}" if key in terms() else name


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def _wan(x: float | None) -> str:
    return "—" if x is None else f"{x / 1e4:,.1f}"


def summary_frame(eco: ProvincialEconomics, lang: Lang = "zh") -> pd.DataFrame:
    """One row per mainland province: status, tariffs, best screen (IRR in %, money 万元).

    Provinces with a best IRR come first, highest first; the rest follow in registry order.
    """
    ranked = sorted(
        eco.provinces,
        key=lambda r: (
            r.best is None or r.best.irr is None,
            -(r.best.irr or 0.0) if r.best else 0.0,
        ),
    )
    out = []
    for r in ranked:
        b = r.best
        out.append(
            {
                label("province", lang): r.province.display(lang),
                label("eco_status", lang): label(f"eco_status_{r.status}", lang),
                label("eco_tariffs", lang): ", ".join(t.name for t in r.tariffs) or "—",
                label("eco_best_archetype", lang): "—"
                if b is None
                else archetype_label(b.archetype, lang),
                label("eco_best_irr", lang): _pct(None if b is None else b.irr),
                label("mg_npv_10k_cny", lang): _wan(None if b is None else b.npv),
                label("mg_payback_yr", lang): "—"
                if b is None or b.payback_years is None
                else f"{b.payback_years:.1f}",
                label("eco_illustrative", lang): "—"
                if b is None
                else label("yes" if b.illustrative else "no", lang),
            }
        )
    return pd.DataFrame(out)


def screens_frame(eco: ProvincialEconomics, lang: Lang = "zh") -> pd.DataFrame:
    """One row per screen: province, archetype, tariff, IRR, NPV, payback, capex, savings."""
    out = []
    for r in eco.provinces:
        for s in r.screens:
            out.append(
                {
                    label("province", lang): r.province.display(lang),
                    label("eco_archetype", lang): archetype_label(s.archetype, lang),
                    label("eco_tariff", lang): s.tariff,
                    label("mg_irr", lang): _pct(s.irr),
                    label("mg_npv_10k_cny", lang): _wan(s.npv),
                    label("mg_payback_yr", lang): "—"
                    if s.payback_years is None
                    else f"{s.payback_years:.1f}",
                    label("eco_capex_10k", lang): _wan(s.capex),
                    label("eco_savings_10k", lang): _wan(s.savings),
                    label("eco_dr", lang): label(f"eco_dr_{s.dr}", lang),
                    label("eco_error", lang): s.error or "",
                }
            )
    return pd.DataFrame(out)


def rich_table(eco: ProvincialEconomics, lang: Lang = "zh") -> Table:
    """The province summary as a terminal table."""
    frame = summary_frame(eco, lang)
    screened = sum(1 for r in eco.provinces if r.status in ("screened", "no_irr"))
    t = Table(
        title=label("eco_title", lang),
        caption=label("eco_caption", lang, n=screened, missing=len(eco.provinces) - screened),
    )
    for col in frame.columns:
        t.add_column(str(col), overflow="fold")
    for row in frame.itertuples(index=False):
        t.add_row(*[str(v) for v in row])
    return t


def economics_sheets(eco: ProvincialEconomics, lang: Lang = "zh") -> list[tuple[str, SheetWriter]]:
    """Sheets for a workbook: the province summary, every screen, the assumptions."""
    return [
        (
            label("sheet_eco_provinces", lang),
            titled_sheet(summary_frame(eco, lang), label("eco_title", lang) + " · IRR %; 万元"),
        ),
        (
            label("sheet_eco_screens", lang),
            titled_sheet(screens_frame(eco, lang), "IRR %; 万元; 万元/yr"),
        ),
        (
            label("sheet_eco_assumptions", lang),
            titled_sheet(pd.DataFrame(assumptions(eco)), label("eco_title", lang)),
        ),
    ]


def write_economics_workbook(
    eco: ProvincialEconomics, target: str | Path, lang: Lang = "zh"
) -> None:
    """The economics sheets as one workbook, written atomically."""
    write_sheets(economics_sheets(eco, lang), target)
