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
from typing import TYPE_CHECKING

from gridatlas.core.glossary import Lang
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
from gridatlas.sources.region_files import load_regions

if TYPE_CHECKING:
    from gridatlas.runners.balance import BalanceResult
    from gridatlas.runners.opportunity import RegionScore

_LABELS: dict[str, tuple[str, str]] = {
    "brief": ("智能微电网机会简报", "smart-microgrid opportunity brief"),
    "stage": ("发展阶段", "Stage"),
    "archetype": ("区域原型", "Archetype"),
    "not_assessed": (
        "未评估（由机会评估给出）",
        "not assessed (set by the opportunity assessment)",
    ),
    "source": ("来源", "Source"),
    "as_of": ("数据截至", "as of"),
    "lines": ("行", "lines"),
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "year": ("年份", "Year"),
    "label": ("原文标签", "Source label"),
    "cite": ("出处", "Citation"),
    "date": ("时间", "Date"),
    "theme": ("主题", "Theme"),
    "summary": ("说明", "Summary"),
    "tags": ("标签", "Tags"),
    "scenario": ("场景", "Scenario"),
    "entry": ("入口", "Entry"),
    "role": ("主体", "Player"),
    "focus": ("重点", "Focus"),
    "avoid": ("避免", "Avoid"),
    "capability": ("能力", "Capability"),
    "layer": ("层次", "Layer"),
    "stage_n": ("阶段", "Stage"),
    "generic": (
        "（原书多省通用表述，非本地专属）",
        "(generic wording repeated across regions in the book)",
    ),
    "own_words": (
        "文字为 gridatlas 对原文的概括，数字照录原文并注明行号。",
        "Text summarises the source in gridatlas's own words;"
        " figures are as printed, with line numbers.",
    ),
    "none": ("无", "none"),
    "rank": ("31省排名", "rank of 31"),
    "score": ("指数", "index"),
    "points": ("分（满分100）", "points of 100"),
    "dimension": ("维度", "Dimension"),
    "normalised": ("归一值 (0–1)", "normalised (0–1)"),
    "contribution": ("贡献 (分)", "contribution (pts)"),
    "facts": ("依据", "Facts"),
    "missing": ("缺数据，未计入", "missing, left out"),
    "rule": ("原型规则", "archetype rule"),
    "index_note": (
        "指数为各维度归一值的加权平均（通用权重），缺数据的维度不计入且权重按其余维度重新归一；"
        "方法见 docs/opportunity.md。",
        "The index is the weighted mean of the normalised dimensions (general weights);"
        " missing dimensions are left out and the weights rescaled; method: docs/opportunity.md.",
    ),
    "margin_note": (
        "系统备用率 = 有效供给 / 最大负荷 − 1（%）；合理区间下限 {lo:.0%}、上限 {hi:.0%}。",
        "Reserve margin = effective supply / peak load − 1 (%); required band {lo:.0%}–{hi:.0%}.",
    ),
    "case": ("平衡算例", "balance case"),
    "bscenario": ("情景", "Scenario"),
    "hmt": (
        "港澳台仅作定性评估，不参与31省机会指数。",
        "Hong Kong, Macau and Taiwan are assessed qualitatively only, outside the 31-province index.",
    ),
}


def _t(key: str, lang: Lang) -> str:
    zh, en = _LABELS[key]
    return zh if lang == "zh" else en


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
    title = region.name if lang == "zh" else f"{region.name_en} {region.name}"
    stage = STAGES[region.stage].label(lang)
    lines = [
        f"# {title}（{region.code}）{_t('brief', lang)}",
        "",
        f"- {_t('stage', lang)}: {stage} (`{region.stage}`; {region.stage_basis})",
        f"- {_t('archetype', lang)}: {archetype or _t('not_assessed', lang)}",
        f"- {_t('source', lang)}: 《{SEED_TITLE}》 `{SEED_FILE}`,"
        f" {_t('lines', lang)} {first}–{last}; {_t('as_of', lang)} {SEED_AS_OF}",
        f"- {_t('own_words', lang)}",
        "",
        f"## {_h('conclusion', lang)}",
        "",
        region.conclusion,
        "",
        f"## {_h('indicators', lang)}",
        "",
    ]
    lines += _table(
        [_t(k, lang) for k in ("metric", "value", "unit", "year", "label", "cite")],
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
        [_t(k, lang) for k in ("date", "theme", "summary", "tags")],
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
        [_t(k, lang) for k in ("scenario", "entry", "tags", "summary")],
        (
            (s.name, s.entry, tag_label(s.tag, lang, "scenario_tag"), s.summary)
            for s in region.scenarios
        ),
    )
    lines += ["", f"## {_h('opportunity_hint', lang)}", "", region.opportunity_hint, ""]
    ep = region.entry_paths
    generic = f" {_t('generic', lang)}" if ep.generic else ""
    lines += [f"## {_h('entry_paths', lang)}{generic}", ""]
    lines += _table(
        [_t(k, lang) for k in ("role", "focus", "avoid", "capability")],
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
        generic = f" {_t('generic', lang)}" if b.generic else ""
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
    from gridatlas.domain.opportunity import DIMENSIONS

    lines = ["", f"## {_h('index', lang)}", ""]
    if score is None:
        note = _t("hmt", lang) if region.code == "HMT" else _t("not_assessed", lang)
        return [*lines, note]
    lines += [
        f"- {_t('score', lang)}: **{score.score:.1f}** {_t('points', lang)};"
        f" {_t('rank', lang)}: {score.rank}",
        f"- {_t('rule', lang)}: {score.archetype_rule}",
        f"- {_t('index_note', lang)}",
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
                _t("missing", lang) if contrib is None else f"{contrib:.1f}",
                shown,
            )
        )
    lines += _table(
        [_t(k, lang) for k in ("dimension", "normalised", "contribution", "facts")], rows
    )
    return lines


def _reserve_section(balances: Sequence[BalanceResult], lang: Lang) -> list[str]:
    if not balances:
        return []
    lines = ["", f"## {_h('reserve', lang)}", ""]
    for res in balances:
        case = res.case
        src = "; ".join(f"{s.publisher} {s.as_of} ({s.file})" for s in case.sources.values())
        lines += [
            f"{_t('case', lang)} `{case.name}`: {case.title} — {src}",
            "",
            _t("margin_note", lang).format(lo=case.band_min, hi=case.band_max),
            "",
        ]
        lines += _table(
            [_t("bscenario", lang), *(str(y) for y in res.years)],
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
    lang: Lang = "zh",
    regions: Iterable[Region] | None = None,
    archetypes: Mapping[str, str] | None = None,
    scores: Mapping[str, RegionScore] | None = None,
    balances: Mapping[str, Sequence[BalanceResult]] | None = None,
) -> list[Path]:
    """Write ``<CODE>.md`` for every region (default: the whole knowledge base) into ``folder``.

    ``archetypes`` (labels), ``scores`` (assessment rows) and ``balances``
    (balance results) are keyed by region code. Each file is written
    atomically; returns the paths written, in region order.
    """
    folder = Path(folder)
    chosen = list(regions) if regions is not None else list(load_regions().values())
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
