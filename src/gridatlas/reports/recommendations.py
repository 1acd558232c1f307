"""Recommendation text of the opportunity assessment, in Chinese or English.

:func:`reasons` writes the main reasons behind a recommended province (top
contributions with their facts, missing dimensions, entry scenarios, cases,
risks and the entry path), each with its citation; :func:`recommendation_json`
gives the stable JSON shape of ``gridatlas recommend -f json``. Labels come
from the glossary (``labels.csv``).
"""

from __future__ import annotations

from typing import Any

from gridatlas.core.glossary import Lang, label
from gridatlas.domain.opportunity import ARCHETYPES, DIMENSIONS
from gridatlas.runners.opportunity import Recommendation

_MISSING_NOTE = {
    "load_base": "rec_no_gdp",
    "resource_endowment": "rec_no_resource",
    "supply_tightness": "rec_no_case",
    "project_economics": "rec_no_tariff",
}


def reasons(rec: Recommendation, lang: Lang = "zh") -> list[str]:
    """The main reasons behind one recommendation, each with its source."""
    r, scen, cases, risks, path = rec.score, rec.scenarios, rec.cases, rec.risks, rec.entry_path
    out = []
    contrib = sorted(
        ((d, v) for d, v in r.contributions.items() if v is not None), key=lambda x: -x[1]
    )
    for d, v in contrib[:3]:
        facts = [f for f in r.facts[d] if not f.source.startswith("gridatlas weights")][:2]
        shown = "；".join(f"{f.text} [{f.source}]" for f in facts)
        out.append(f"{DIMENSIONS[d].label(lang)} +{v:.1f} {label('rec_points', lang)}: {shown}")
    for d in r.missing:
        out.append(f"{DIMENSIONS[d].label(lang)}: {label('rec_missing', lang)}")
    for s in scen[:2]:
        out.append(f"{label('rec_entry', lang)}: {s['name']}（{s['entry']}）[{s['source']}]")
    for c in cases[:2]:
        figs = f" {c['figures']}" if c["figures"] else ""
        out.append(f"{label('rec_case', lang)}: {c['name']}（{c['kind']}）{figs} [{c['source']}]")
    for k in risks[:3]:
        title = k["title"] or k["tag_label"]
        out.append(f"{label('rec_risk', lang)}: {title}：{k['summary']} [{k['source']}]")
    generic = f"（{label('rec_generic', lang)}）" if path["generic"] else ""
    out.append(
        f"{label('rec_focus', lang)}: {path['focus']}；"
        f"{label('rec_avoid', lang)}: {path['avoid']}{generic}"
    )
    return out


def recommendation_json(rec: Recommendation, lang: Lang = "zh") -> dict[str, Any]:
    """``{"region","score","contributions","missing","reasons", …}``."""
    base = rec.score.to_json()
    return {
        "region": base["region"],
        "score": base["score"],
        "contributions": base["contributions"],
        "missing": base["missing"],
        "reasons": reasons(rec, lang),
        "name": base["name"],
        "rank": rec.rank,
        "national_rank": rec.score.rank,
        "role": rec.role,
        "unit": "points of 100",
        "scope": "31 mainland provinces; HMT assessed qualitatively",
        "archetype": base["archetype"],
        "stage": base["stage"],
        "entry_scenarios": rec.scenarios,
        "cases": rec.cases,
        "risks": rec.risks,
        "entry_path": rec.entry_path,
        "facts": base["facts"],
    }


def dimension_label(dim: str, lang: Lang = "zh") -> str:
    """Display label of a dimension."""
    return DIMENSIONS[dim].label(lang)


def archetype_label(name: str, lang: Lang = "zh") -> str:
    """Display label of an archetype."""
    return ARCHETYPES[name].label(lang)


def missing_note(dim: str, lang: Lang = "zh") -> str:
    """Why a dimension can be missing, in words."""
    return label(_MISSING_NOTE.get(dim, "rec_missing"), lang)
