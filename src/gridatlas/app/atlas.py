"""The atlas: one value per region of the tile grid for a metric, year and scenario.

Regions with no balance case (or no value for that metric, year or scenario)
are ``None`` – "no data", never zero. The balance figures are
:func:`gridatlas.app.scenarios.run_scenario` results (the CLI's numbers); the
opportunity index is :func:`gridatlas.app.opportunity.assess`; the microgrid
IRR is the best IRR of the bundled archetypes under the province's tariffs
(:func:`gridatlas.app.province_economics.bundled_economics`, illustrative data;
no tariff, no value); LOLE is the
national adequacy model's (:mod:`gridatlas.app.atlas_adequacy`), passed in by the
caller once its background run has finished.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from gridatlas.app.atlas_adequacy import EUE_UNIT, LOLE_UNIT, AtlasAdequacy
from gridatlas.app.atlas_adequacy import YEAR as ADEQUACY_YEAR
from gridatlas.app.cases import CaseInfo
from gridatlas.app.opportunity import assess
from gridatlas.app.province_economics import bundled_economics
from gridatlas.app.scenarios import case_infos, run_scenario
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import Lang, label
from gridatlas.core.provinces import all_provinces
from gridatlas.domain.province_screen import ProvinceEconomics
from gridatlas.domain.region import HMT_CODE, HMT_MEMBERS
from gridatlas.reports.economics_report import archetype_label
from gridatlas.runners.balance import BalanceResult
from gridatlas.runners.opportunity import Assessment
from gridatlas.sources.tilegrid import tile_grid, tile_grid_note

Metric = Literal["reserve_margin", "surplus_gw", "opportunity", "microgrid_irr", "lole"]

#: metric → (glossary name of its label, unit, depends on year/scenario)
METRICS: dict[str, tuple[str, str, bool]] = {
    "reserve_margin": ("reserve_margin", "p.u.", True),
    "surplus_gw": ("surplus", "GW", True),
    "opportunity": ("atlas_metric_opportunity", "points of 100", False),
    "microgrid_irr": ("atlas_metric_microgrid_irr", "p.u.", False),
    "lole": ("lole", LOLE_UNIT, False),
}
DEFAULT_SCENARIO = "normal-neutral"


def metric_label(metric: str, lang: Lang = "zh") -> str:
    """Display label of a metric (glossary label where the glossary has one)."""
    term, unit, _ = METRICS[metric]
    text = label(term, lang)
    return f"{text} ({unit})" if metric == "surplus_gw" else text


def tile_code(province_code: str) -> str:
    """The tile a province is drawn on (Hong Kong, Macau and Taiwan share ``HMT``)."""
    return HMT_CODE if province_code in HMT_MEMBERS else province_code


def atlas_case(code: str, year: int | None = None) -> CaseInfo | None:
    """The case shown for a tile: one covering ``year`` first, then a report case before a
    generated one, then by name."""
    matches = [c for c in case_infos() if tile_code(c.province_code) == code]
    matches.sort(
        key=lambda c: (year is not None and year not in c.years, c.kind != "report", c.name)
    )
    return matches[0] if matches else None


def tiles(lang: Lang = "zh", year: int | None = None) -> list[dict[str, Any]]:
    """The 32 tiles with names and the case each shows (``None`` = no data)."""
    names = {p.code: p for p in all_provinces()}
    out = []
    for t in tile_grid():
        p = names.get(t.code)
        name = p.display(lang) if p is not None else label("atlas_hmt_tile", lang)
        info = atlas_case(t.code, year)
        out.append(
            {
                "code": t.code,
                "row": t.row,
                "col": t.col,
                "name": name,
                "case": info.name if info else None,
            }
        )
    return out


def scenario_keys() -> list[str]:
    """``hydrology-weather`` keys over all listed cases, normal-neutral first."""
    keys: set[str] = set()
    for info in case_infos():
        res = run_scenario(info.name)
        keys.update(s.name for s in res.scenarios if not s.custom)
    return sorted(keys, key=lambda k: (k != DEFAULT_SCENARIO, k))


def years() -> list[int]:
    """Every year of any listed case."""
    return sorted({y for info in case_infos() for y in info.years})


def _pick(res: BalanceResult, scenario: str) -> int | None:
    """Index of ``hydrology-weather`` in a result; a case with one hydrology uses it."""
    names = [s.name for s in res.scenarios]
    if scenario in names:
        return names.index(scenario)
    hyd = res.case.hydrologies
    if "-" in scenario and len(hyd) == 1:
        alt = f"{hyd[0]}-{scenario.split('-', 1)[1]}"
        if alt in names:
            return names.index(alt)
    return None


@cache
def _index(lang: Lang) -> Assessment:
    # the bundled regions and weights do not change within a process
    return assess("general", lang=lang)


def economics_by_tile() -> dict[str, ProvinceEconomics]:
    """Microgrid economics of every screened province by tile (screened once per process)."""
    return {tile_code(r.province.code): r for r in bundled_economics().provinces if r.screens}


def layer(
    metric: str = "reserve_margin",
    year: int | None = None,
    scenario: str = DEFAULT_SCENARIO,
    lang: Lang = "zh",
    adequacy: AtlasAdequacy | None = None,
) -> dict[str, Any]:
    """One value per tile, with the case, scenario and year behind it.

    ``adequacy``: the finished LOLE/EUE run for ``metric="lole"``; without it that layer
    has ``status`` ``"pending"`` and no values.

    Returns
    -------
    dict
        ``{"metric","label","unit","year","scenario","years","scenarios","note","status",
        "source","tiles":[{"code","row","col","name","case","value","detail"}]}``;
        ``value`` is ``None`` where there is no data; ``source`` is set for model results
        (``lole``: the run's settings, its detail has ``lole_se``, ``eue_mwh``, ``eue_se``
        and ``eue_unit``).
    """
    if metric not in METRICS:
        raise InputError("atlas", "metric", "one of " + ", ".join(METRICS), metric)
    all_years = years()
    if year is None:
        year = all_years[0] if all_years else 0
    keys = scenario_keys()
    if scenario not in keys:
        raise InputError("atlas", "scenario", "one of " + ", ".join(keys), scenario)
    if metric == "lole":
        year = ADEQUACY_YEAR if adequacy is None else adequacy.year
    index = _index(lang) if metric == "opportunity" else None
    economics = economics_by_tile() if metric == "microgrid_irr" else {}
    out = []
    for tile in tiles(lang, year):
        value: float | None = None
        detail: dict[str, Any] = {}
        if metric in ("reserve_margin", "surplus_gw") and tile["case"]:
            res = run_scenario(tile["case"])
            i = _pick(res, scenario)
            if i is not None and year in res.years:
                j = res.years.index(year)
                value = (
                    float(res.reserve_margin[i, j])
                    if metric == "reserve_margin"
                    else float(res.surplus[i, j]) / 1000.0
                )
                detail = {
                    "scenario": res.scenarios[i].name,
                    "scenario_label": res.scenarios[i].label(lang),
                    "tightness": label(str(res.tightness[i, j]), lang),
                }
        elif index is not None:
            row = next((r for r in index.rows if r.code == tile["code"]), None)
            if row is not None:
                value = float(row.score)
                detail = {"rank": row.rank}
        elif metric == "microgrid_irr" and tile["code"] in economics:
            eco = economics[tile["code"]]
            best = eco.best
            value = None if best is None else best.irr
            detail = {
                "sites": {s.archetype: s.irr for s in eco.screens},
                "site_labels": {
                    s.archetype: archetype_label(s.archetype, lang) for s in eco.screens
                },
                "best": None if best is None else best.archetype,
                "tariff": None if best is None else best.tariff,
                "illustrative": any(t.illustrative for t in eco.tariffs),
            }
        elif adequacy is not None and metric == "lole" and tile["code"] in adequacy.provinces:
            p = adequacy.provinces[tile["code"]]
            value = p.lole_h
            detail = {
                "lole_se": p.lole_se,
                "eue_mwh": p.eue_mwh,
                "eue_se": p.eue_se,
                "eue_unit": EUE_UNIT,
            }
        out.append({**tile, "value": value, "detail": detail})
    _, unit, by_year = METRICS[metric]
    return {
        "metric": metric,
        "label": metric_label(metric, lang),
        "unit": unit,
        "year": year,
        "scenario": scenario,
        "by_year": by_year,
        "years": all_years,
        "scenarios": keys,
        "note": tile_grid_note(),
        "status": "pending" if metric == "lole" and adequacy is None else "done",
        "source": adequacy.source(lang)
        if metric == "lole" and adequacy is not None
        else label("atlas_economics_source", lang)
        if metric == "microgrid_irr"
        else None,
        "caveat": label("atlas_adequacy_caveat", lang) if metric == "lole" else None,
        "tiles": out,
    }
