"""The stable JSON shape of one region (``gridatlas region X --format json``)."""

from __future__ import annotations

from typing import Any

from gridatlas.core.glossary import Lang
from gridatlas.domain.opportunity import ARCHETYPES
from gridatlas.domain.region import Region, cite, cite_at, cite_case, scenario_json
from gridatlas.domain.region_vocab import STAGES


def region_json(region: Region, archetype: str | None = None, lang: Lang = "zh") -> dict[str, Any]:
    """The stable JSON shape of ``region X --format json``.

    ``{"code","name","indicators":[{"metric","value","unit","year","label","source",
    "value_text","qualifier"}], "policies":[{"date","theme","summary","source"}],
    "scenarios":[…], "cases":[…], "risks":[…], "archetype","stage","archetype_label",
    "stage_label"}``; ``source`` is the citation text; ``stage`` and ``archetype`` are the
    vocabulary keys and the ``*_label`` fields their glossary labels in ``lang``. An indicator printed in words has ``value`` null and its
    words in ``value_text``; ``qualifier`` is a printed bound (``+`` for "50%+").
    """
    return {
        "code": region.code,
        "name": region.name,
        "indicators": [
            {
                "metric": i.metric,
                "value": i.value,
                "unit": i.unit,
                "year": i.year,
                "label": i.label,
                "source": str(cite_at(region, i.section, i.line)),
                "value_text": i.value_text,
                "qualifier": i.qualifier,
            }
            for i in region.indicators
        ],
        "policies": [
            {
                "date": p.date,
                "theme": p.theme,
                "summary": p.summary,
                "source": str(cite(region, "policies")),
            }
            for p in region.policies
        ],
        "scenarios": [scenario_json(region, s) for s in region.scenarios],
        "cases": [
            {
                "name": c.name,
                "kind": c.kind,
                "summary": c.summary,
                "figures": [
                    {
                        "value": f.value,
                        "unit": f.unit,
                        "qualifier": f.qualifier,
                        "label": f.label,
                        "source": str(cite(region, "cases", f.line)),
                    }
                    for f in c.figures
                ],
                "tags": list(c.tags),
                "source": str(cite_case(region, c)),
            }
            for c in region.cases
        ],
        "risks": [
            {
                "tag": r.tag,
                "title": r.title,
                "summary": r.summary,
                "source": str(cite(region, "risks")),
            }
            for r in region.risks
        ],
        "archetype": archetype,
        "stage": region.stage,
        "archetype_label": ARCHETYPES[archetype].label(lang) if archetype else None,
        "stage_label": STAGES[region.stage].label(lang),
    }
