"""A balance case for every province, generated from the bundled national dataset.

The case is written as the same mapping a case file holds (``gridatlas.case/1``,
in MW) and checked by the same schema, so a user can export it, edit it and run
it like any other case (``gridatlas template --from GD``). The rules are in
:mod:`gridatlas.model.national_case` and docs/national-cases.md.
"""

from __future__ import annotations

import re
from typing import Any, Final

import numpy as np
import pandas as pd

from gridatlas.app.case_list import (
    GENERATED_YEARS,
    generated_name,
    mainland,
)
from gridatlas.app.national_data import national_data
from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.domain.case import Case, case_from_dict
from gridatlas.model import national_case as rules
from gridatlas.model.commissioning import DEFAULT_CYCLE_MONTHS
from gridatlas.model.national_load import peak_from_energy
from gridatlas.sources.national import NationalData

#: Years of a generated case.
YEARS: Final[tuple[int, ...]] = GENERATED_YEARS
#: Case technology → dataset technologies summed into it.
CASE_TECHNOLOGIES: Final[dict[str, tuple[str, ...]]] = {
    "coal": ("coal",),
    "gas": ("gas",),
    "nuclear": ("nuclear",),
    "hydro": ("hydro",),
    "pumped_storage": ("pumped_storage",),
    "wind": ("wind_onshore", "wind_offshore"),
    "solar": ("solar_utility", "solar_distributed"),
    "new_storage": ("new_storage",),
}
#: Pipeline statuses that count at their expected year, by case technology.
PIPELINE_STATUSES: Final[dict[str, tuple[str, ...]]] = {
    "coal": ("construction", "permitted"),
    "nuclear": ("construction",),
    "hydro": ("construction",),
    "pumped_storage": ("construction",),
}
#: Wind and solar are extended by their recent build-out (no dated pipeline for solar).
TREND_TECHNOLOGIES: Final[frozenset[str]] = frozenset({"wind", "solar"})
#: Coal units under construction with no expected year: the tracker's cut-off
#: (2023-07) plus the 24-month coal build cycle of seed 004 (model/commissioning.py)
#: puts them in service by mid-2025, so they count from year-end 2025.
UNDATED_COAL_YEAR: Final[int] = 2023 + int(np.ceil((7 + DEFAULT_CYCLE_MONTHS["coal"]) / 12)) - 1


def _series(data: NationalData, code: str, techs: tuple[str, ...]) -> pd.DataFrame:
    cap = data.capacity
    sel = cap.loc[(cap["province"] == code) & (cap["technology"].isin(techs))]
    return sel


def _summed(sel: pd.DataFrame, full_only: bool) -> tuple[list[int], list[float], set[str]]:
    """Years with data for every technology in ``sel``, their summed MW, and the sources."""
    if full_only and "partial" in sel:
        sel = sel.loc[sel["partial"].fillna(0).astype(int) == 0]
    have = sel.dropna(subset=["mw"])
    if have.empty:
        return [], [], set()
    n_tech = sel["technology"].nunique()
    by_year = have.groupby("year")["mw"].agg(["sum", "count"])
    by_year = by_year.loc[by_year["count"] == n_tech]
    years = [int(y) for y in by_year.index]
    return years, [float(v) for v in by_year["sum"]], set(have["source"].astype(str))


def _pipeline_additions(data: NationalData, code: str, tech: str, base_year: int) -> np.ndarray:
    pipe = data.pipeline
    statuses = PIPELINE_STATUSES.get(tech, ())
    sel = pipe.loc[
        (pipe["province"] == code)
        & (pipe["technology"].isin(CASE_TECHNOLOGIES[tech]))
        & (pipe["status"].isin(statuses))
    ]
    dated = sel.dropna(subset=["year"])
    add = rules.cumulative_additions(
        dated["year"].astype(int).tolist(), dated["mw"].tolist(), base_year, YEARS
    )
    if tech == "coal":
        undated = sel.loc[sel["year"].isna() & (sel["status"] == "construction"), "mw"].sum()
        add = add + np.where(np.asarray(YEARS) >= UNDATED_COAL_YEAR, float(undated), 0.0)
    return add


def _capacity(data: NationalData, code: str) -> tuple[dict[str, list[float]], list[str], set[str]]:
    """Capacity rows [MW], the technologies with no source, and the sources used."""
    out: dict[str, list[float]] = {}
    missing: list[str] = []
    used: set[str] = set()
    for tech, techs in CASE_TECHNOLOGIES.items():
        sel = _series(data, code, techs)
        years, values, srcs = _summed(sel, full_only=tech in TREND_TECHNOLOGIES)
        if not years:
            missing.append(tech)
            continue
        used |= srcs
        if tech in TREND_TECHNOLOGIES:
            row = rules.trend_extend(years, values, YEARS, rules.TREND_YEARS)
        else:
            last_year, last = years[-1], values[-1]
            add = (
                _pipeline_additions(data, code, tech, last_year) if tech in PIPELINE_STATUSES else 0
            )
            row = np.where(
                np.asarray(YEARS) >= last_year,
                last + np.asarray(add, dtype=float),
                [values[years.index(y)] if y in years else np.nan for y in YEARS],
            )
        out[tech] = [round(float(v), 1) for v in row]
    return out, missing, used


def _hydro_dominated(data: NationalData, code: str, year: int) -> bool:
    cap = data.capacity
    sel = cap.loc[(cap["province"] == code) & (cap["year"] == year)].dropna(subset=["mw"])
    total = float(sel["mw"].sum())
    hydro = float(sel.loc[sel["technology"] == "hydro", "mw"].sum())
    return total > 0 and hydro / total >= rules.HYDRO_DOMINATED_SHARE


def _hydro_senders(data: NationalData) -> frozenset[str]:
    return frozenset(p.code for p in mainland() if _hydro_dominated(data, p.code, YEARS[0]))


def short_link_name(name_zh: str) -> str:
    """A link's Chinese name without its voltage and project words: ``云南楚雄-广东惠东``."""
    cut = len(name_zh)
    for mark in ("±", "+-", "1000", "（", "(", "特高压", "直流", "交流"):
        i = name_zh.find(mark)
        if 0 < i < cut:
            cut = i
    return re.sub(r"[-—\s]+$", "", name_zh[:cut]) or name_zh


def _links(data: NationalData, code: str) -> tuple[list[dict[str, Any]], int]:
    """Link entries of a case and the number of registry rows left out for want of a rating."""
    senders = _hydro_senders(data)
    reg = data.links
    rows = reg.loc[
        ((reg["from_province"] == code) | (reg["to_province"] == code))
        & (reg["from_province"] != reg["to_province"])
        & reg["status"].isin(["operating", "construction"])
    ]
    out: list[dict[str, Any]] = []
    skipped = 0
    for r in rows.to_dict("records"):
        if pd.isna(r["mw"]) or pd.isna(r["year"]):
            skipped += 1
            continue
        export = r["from_province"] == code
        peer = str(r["to_province"] if export else r["from_province"])
        entry: dict[str, Any] = {
            "name": f"{r['id']} {short_link_name(str(r['name_zh']))}",
            "direction": "export" if export else "import",
            "peer": peer,
            "rating": float(r["mw"]),
            "from_year": int(r["year"]),
            "source": f"{r['source']} row {r['source_row']} (registry {r['id']})",
        }
        if r["kind"] == "DC" and r["from_province"] in senders:
            entry["type"] = "hydro"
            entry["note"] = (
                "DC line from a hydro-dominated province: rating × hydro_link coefficient"
            )
        elif r["kind"] == "DC":
            entry["type"] = "contract"
            entry["fraction"] = rules.DC_FLEET_FRACTION
            entry["note"] = "DC line, sending fleet unknown: rating × 0.8 (model/national_case.py)"
        else:
            entry["type"] = "contract"
            entry["fraction"] = rules.AC_CONTRACT_FRACTION
            entry["note"] = "AC link at the contracted fraction 0.5 (seed 004 table 33)"
        out.append(entry)
    return out, skipped


def _load(data: NationalData, code: str) -> dict[str, Any]:
    cons = data.consumption
    mine = cons.loc[cons["province"] == code].set_index("year")["mwh"]
    if 2020 not in mine.index or 2024 not in mine.index:
        raise InputError("national dataset", f"consumption[{code}]", "2020 and 2024 consumption")
    growth = rules.cagr(float(mine[2020]), float(mine[2024]), 4)
    c2023 = float(mine[2024]) / (1.0 + growth)
    peak2023 = peak_from_energy(c2023, data.shape(code))
    return {
        "source": "pik_consumption (2020 history, 2024 NBS) × load_shape; docs/national-cases.md",
        "peak_load": {YEARS[0]: round(peak2023, 1)},
        "consumption_growth": [round(growth, 5)] * len(YEARS),
        "extreme_path": "shock",
        "weather": {
            "neutral": {"label": "中性", "ratio": rules.NEUTRAL_RATIO},
            "extreme": {"label": "极端气候", "ratio": rules.EXTREME_RATIO},
        },
    }


def _sources(data: NationalData, used: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {
        "national": {
            "title": "gridatlas national dataset (data/national)",
            "publisher": "gridatlas, from the sources below",
            "as_of": max(a for a in map(str, data.sources["as_of"]) if re.match(r"^\d{4}", a)),
            "note": "Generated case: docs/national-cases.md",
        },
        "r004": {
            "title": "从火电项目核准与开工数据看重点省份未来3年电力供需",
            "publisher": "国金证券研究所",
            "as_of": "2024-09",
            "note": "Coefficients, reserve band, link conventions",
        },
    }
    for rec in data.sources.to_dict("records"):
        if rec["id"] in used or rec["id"] in ("pik_consumption", "pik_hourly", "gem_wiki_uhv"):
            out[str(rec["id"])] = {
                "title": str(rec["title"]),
                "publisher": str(rec["publisher"]),
                "as_of": str(rec["as_of"]),
                "note": f"{rec['licence']}; {rec['citation']}",
            }
    return out


def generated_case_raw(code: str, data: NationalData | None = None) -> dict[str, Any]:
    """The case mapping (``gridatlas.case/1``, MW) generated for a province code."""
    data = data if data is not None else national_data()
    p = find_province(code)
    if p is None or not p.mainland:
        raise InputError("national", "province", "one of the 31 mainland provinces", code)
    capacity, missing, used = _capacity(data, p.code)
    links, skipped = _links(data, p.code)
    hydro_dom = _hydro_dominated(data, p.code, YEARS[0])
    notes = [
        "由全国数据集自动生成（非报告表格）；规则见 docs/national-cases.md。",
        "Generated from the national dataset, not from a published table.",
    ]
    if missing:
        notes.append(
            "缺少数据源、按0计入的电源 / technologies with no source, counted as 0: "
            + ", ".join(missing)
        )
    if skipped:
        notes.append(f"{skipped} registry link(s) without a rating or year were left out.")
    raw: dict[str, Any] = {
        "format": "gridatlas.case/1",
        "name": generated_name(p),
        "province": p.short_zh,
        "title": f"{p.short_zh}电力供需平衡（全国数据集生成）",
        "unit": "MW",
        "years": list(YEARS),
        "sources": _sources(data, used),
        "capacity": {"source": "national capacity.csv + pipeline.csv", **capacity},
        "hydrologies": ["wet", "normal", "dry"],
        "links": links,
        "load": _load(data, p.code),
        "reserve_band": [0.13, 0.14],
        "notes": notes,
    }
    if hydro_dom:
        raw["coefficients"] = {
            "source": "r004 §3.4 (L657), applied to hydro-dominated provinces",
            "hydro": dict(rules.HYDRO_DOMINATED_COEFFICIENTS),
        }
    return raw


def missing_technologies(case: Case) -> list[str]:
    """Technologies a generated case counts as 0 for want of a source (from its notes)."""
    for note in case.notes:
        if note.startswith("缺少数据源"):
            return [t.strip() for t in note.split(":", 1)[1].split(",")]
    return []


def generated_case(code: str, data: NationalData | None = None) -> Case:
    """The checked balance case generated for a province."""
    raw = generated_case_raw(code, data)
    return case_from_dict(raw, f"generated:{raw['name']}")
