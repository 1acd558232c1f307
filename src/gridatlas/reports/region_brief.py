"""Per-region brief in Markdown, rendered from the region knowledge base.

Headings and labels are Chinese by default or English with ``lang="en"``; the
content (own-words summaries of seed 000) stays Chinese. Every figure is shown
with its unit and its citation into seed 000. Given an assessment row, the brief
also shows the opportunity index (each dimension's contribution and the facts
behind it); given balance results, a reserve-margin outlook table (seed 004).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from gridatlas.core.glossary import Lang, label, localized
from gridatlas.domain.opportunity import DIMENSIONS
from gridatlas.domain.region import (
    SEED_AS_OF,
    SEED_FILE,
    SEED_TITLE,
    Indicator,
    Region,
    cite,
    cite_at,
)
from gridatlas.domain.region_vocab import (
    METRICS,
    QUALIFIERS,
    ROLES,
    SECTIONS,
    STAGES,
    tag_label,
)
from gridatlas.reports.atomic import write_text_atomic
from gridatlas.runners.balance import BalanceResult
from gridatlas.runners.opportunity import RegionScore


def _h(key: str, lang: Lang) -> str:
    return SECTIONS[key].label(lang)


def _cell(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Iterable[str], rows: Iterable[Iterable[object]]) -> list[str]:
    head = list(header)
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _num(value: float) -> str:
    return f"{value:g}"


def _value_cell(ind: Indicator, lang: Lang) -> str:
    """An indicator's value as printed: the number with its bound, or the words."""
    if ind.value is None:
        return str(ind.value_text)
    if ind.qualifier == "+":
        return f"{_num(ind.value)}+"
    if ind.qualifier:
        return f"{QUALIFIERS[ind.qualifier].label(lang)} {_num(ind.value)}"
    return _num(ind.value)


def render_brief(
    region: Region,
    lang: Lang = "zh",
    archetype: str | None = None,
    score: RegionScore | None = None,
    balances: Sequence[BalanceResult] = (),
) -> str:
    """One region's brief as Markdown (``lang`` switches headings and labels).

    ``score`` (a row of :func:`gridatlas.runners.opportunity.assess`) adds the
    opportunity-index section; ``balances`` add a reserve-margin outlook table.
    """
    first, last = region.source_lines
    title = localized(lang, region.name, f"{region.name_en} {region.name}")
    stage = STAGES[region.stage].label(lang)
    lines = [
        f"# {title}（{region.code}）{label('brief_brief', lang)}",
        "",
        f"- {label('brief_stage', lang)}: {stage} (`{region.stage}`; {region.stage_basis})",
        f"- {label('brief_archetype', lang)}: {archetype or label('brief_not_assessed', lang)}",
        f"- {label('brief_source', lang)}: 《{SEED_TITLE}》 `{SEED_FILE}`,"
        f" {label('brief_lines', lang)} {first}–{last}; {label('brief_as_of', lang)} {SEED_AS_OF}",
        f"- {label('brief_own_words', lang)}",
        "",
        f"## {_h('conclusion', lang)}",
        "",
        region.conclusion,
        "",
        f"## {_h('indicators', lang)}",
        "",
    ]
    lines += _table(
        [label(f"brief_{k}", lang) for k in ("metric", "value", "unit", "year", "label", "cite")],
        (
            (
                METRICS[i.metric].label(lang),
                _value_cell(i, lang),
                i.unit or "—",
                i.year if i.year is not None else "—",
                i.label,
                f"{i.section} · L{i.line}",
            )
            for i in region.indicators
        ),
    )
    lines += _index_section(region, score, lang)
    lines += _reserve_section(balances, lang)
    lines += ["", f"## {_h('judgments', lang)}", ""]
    for n, j in enumerate(region.judgments, 1):
        tags = f" `{'`, `'.join(j.tags)}`" if j.tags else ""
        lines.append(f"{n}. **{j.title}**：{j.summary}{tags}")
    lines += ["", f"## {_h('policies', lang)}", ""]
    policies = sorted(region.policies, key=lambda p: p.date)
    lines += _table(
        [label(f"brief_{k}", lang) for k in ("date", "theme", "summary", "tags")],
        (
            (
                p.date,
                p.theme,
                p.summary,
                ", ".join(tag_label(t, lang, "policy_tag") for t in p.tags),
            )
            for p in policies
        ),
    )
    lines += ["", f"## {_h('structure', lang)}", ""]
    for s in region.structure:
        facts = f"（{'；'.join(s.facts)}）" if s.facts else ""
        lines.append(f"- **{s.area}**：{s.role}{facts}")
    lines += ["", f"## {_h('scenarios', lang)}", ""]
    lines += _table(
        [label(f"brief_{k}", lang) for k in ("scenario", "entry", "tags", "summary")],
        (
            (s.name, s.entry, tag_label(s.tag, lang, "scenario_tag"), s.summary)
            for s in region.scenarios
        ),
    )
    lines += ["", f"## {_h('opportunity_hint', lang)}", "", region.opportunity_hint, ""]
    ep = region.entry_paths
    generic = f" {label('brief_generic', lang)}" if ep.generic else ""
    lines += [f"## {_h('entry_paths', lang)}{generic}", ""]
    lines += _table(
        [label(f"brief_{k}", lang) for k in ("role", "focus", "avoid", "capability")],
        (
            (ROLES[role].label(lang), path.focus, path.avoid, path.capability)
            for role, path in (
                ("investor", ep.investor),
                ("integrator", ep.integrator),
                ("aggregator", ep.aggregator),
                ("retailer", ep.retailer),
            )
        ),
    )
    lines += ["", f"## {_h('business_layers', lang)}", ""]
    for b in region.business_layers:
        generic = f" {label('brief_generic', lang)}" if b.generic else ""
        lines.append(f"{b.layer}. **{b.name}**：{b.summary}{generic}")
    lines += ["", f"## {_h('cases', lang)}", ""]
    for c in region.cases:
        figs = "；".join(
            f"{f.label} {QUALIFIERS[f.qualifier].label(lang) + ' ' if f.qualifier else ''}"
            f"{_num(f.value)} {f.unit} (L{f.line})"
            for f in c.figures
        )
        figs = f" — {figs}" if figs else ""
        lines.append(f"- **{c.name}**（{c.kind}）：{c.summary}{figs}")
    lines += ["", f"## {_h('roadmap', lang)}", ""]
    lines += [f"{r.stage}. {r.summary}" for r in region.roadmap]
    lines += ["", f"## {_h('overall', lang)}", "", region.overall, ""]
    lines += [f"## {_h('risks', lang)}", ""]
    for r in region.risks:
        title = f"**{r.title}**：" if r.title else ""
        lines.append(f"- {title}{r.summary} [{tag_label(r.tag, lang, 'risk_tag')}]")
    if region.notes:
        lines += ["", f"## {_h('notes', lang)}", ""]
        lines += [f"- {n}" for n in region.notes]
    lines += ["", f"## {_h('citations', lang)}", ""]
    lines += [f"- {c}" for c in _citations(region)]
    return "\n".join(lines) + "\n"


def _index_section(region: Region, score: RegionScore | None, lang: Lang) -> list[str]:

    lines = ["", f"## {_h('index', lang)}", ""]
    if score is None:
        note = (
            label("brief_hmt", lang) if region.code == "HMT" else label("brief_not_assessed", lang)
        )
        return [*lines, note]
    lines += [
        f"- {label('brief_score', lang)}: **{score.score:.1f}** {label('brief_points', lang)};"
        f" {label('brief_rank', lang)}: {score.rank}",
        f"- {label('brief_rule', lang)}: {score.archetype_rule}",
        f"- {label('brief_index_note', lang)}",
        "",
    ]
    rows = []
    for dim, contrib in score.contributions.items():
        facts = [f for f in score.facts[dim] if not f.source.startswith("gridatlas weights")]
        shown = "；".join(f"{f.text} ({f.source})" for f in facts[:3]) or "—"
        norm = score.normalised[dim]
        rows.append(
            (
                DIMENSIONS[dim].label(lang),
                "—" if norm is None else f"{norm:.2f}",
                label("brief_missing", lang) if contrib is None else f"{contrib:.1f}",
                shown,
            )
        )
    lines += _table(
        [label(f"brief_{k}", lang) for k in ("dimension", "normalised", "contribution", "facts")],
        rows,
    )
    return lines


def _reserve_section(balances: Sequence[BalanceResult], lang: Lang) -> list[str]:
    if not balances:
        return []
    lines = ["", f"## {_h('reserve', lang)}", ""]
    for res in balances:
        case = res.case
        src = "; ".join(
            f"{s.publisher or s.title} {s.as_of}" + (f" ({s.file})" if s.file else "")
            for s in case.sources.values()
        )
        lines += [
            f"{label('brief_case', lang)} `{case.name}`: {case.title} — {src}",
            "",
            label("brief_margin_note", lang).format(lo=case.band_min, hi=case.band_max),
            "",
        ]
        lines += _table(
            [label("brief_bscenario", lang), *(str(y) for y in res.years)],
            (
                (s.label(lang), *(f"{m * 100:.1f}%" for m in res.reserve_margin[i]))
                for i, s in enumerate(res.scenarios)
            ),
        )
        lines.append("")
    return lines


def _citations(region: Region) -> list[str]:
    out = [str(cite(region, "conclusion"))]
    out += [str(cite_at(region, i.section, i.line)) for i in region.indicators]
    for key in (
        "judgments",
        "policies",
        "structure",
        "scenarios",
        "entry_paths",
        "business_layers",
    ):
        out.append(str(cite(region, key)))
    out += [str(cite(region, "cases", f.line)) for c in region.cases for f in c.figures]
    out += [str(cite(region, "cases")), str(cite(region, "roadmap")), str(cite(region, "risks"))]
    return list(dict.fromkeys(out))


def write_briefs(
    folder: str | Path,
    regions: Iterable[Region],
    lang: Lang = "zh",
    archetypes: Mapping[str, str] | None = None,
    scores: Mapping[str, RegionScore] | None = None,
    balances: Mapping[str, Sequence[BalanceResult]] | None = None,
) -> list[Path]:
    """Write ``<CODE>.md`` for every region of ``regions`` into ``folder``.

    ``archetypes`` (labels), ``scores`` (assessment rows) and ``balances``
    (balance results) are keyed by region code. Each file is written
    atomically; returns the paths written, in region order.
    """
    folder = Path(folder)
    chosen = list(regions)
    arche = archetypes or {}
    sc = scores or {}
    bal = balances or {}
    paths = []
    for region in chosen:
        path = folder / f"{region.code}.md"
        text = render_brief(
            region, lang, arche.get(region.code), sc.get(region.code), bal.get(region.code, ())
        )
        write_text_atomic(path, text)
        paths.append(path)
    return paths
