"""CLI commands of the region knowledge base and the opportunity assessment.

``regions``, ``region NAME``, ``search TEXT`` (:mod:`gridatlas.runners.regions`)
and ``assess``, ``recommend --role …`` (:mod:`gridatlas.runners.opportunity`).
``--format json`` prints the stable shapes documented there, ``--lang en``
switches labels and headings (the content stays Chinese).
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from gridatlas.app.opportunity import (
    Assessment,
    Recommendation,
    StabilityRow,
    assess,
    recommend,
    sensitivity,
)
from gridatlas.app.regions import get_region, list_regions, region_archetype, search
from gridatlas.cli.options import LangOpt, Language
from gridatlas.core.glossary import Lang, label, localized
from gridatlas.domain.opportunity import ARCHETYPES, DIMENSIONS, ROLE_NAMES, dimension_names
from gridatlas.domain.region import SEED_AS_OF, SEED_TITLE, Region, cite, cite_at
from gridatlas.domain.region_vocab import (
    HIT_KINDS,
    METRICS,
    QUALIFIERS,
    SECTIONS,
    STAGES,
    tag_label,
)
from gridatlas.reports.recommendations import recommendation_json
from gridatlas.reports.region_json import region_json

console = Console()


class Format(StrEnum):
    table = "table"
    json = "json"


class RoleChoice(StrEnum):
    investor = "investor"
    integrator = "integrator"
    aggregator = "aggregator"
    retailer = "retailer"


class IndexRole(StrEnum):
    general = "general"
    investor = "investor"
    integrator = "integrator"
    aggregator = "aggregator"
    retailer = "retailer"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table (default) or json.")]
FolderOpt = Annotated[
    Path | None,
    typer.Option(
        "--folder", help="Folder of <CODE>.yaml region files that update the bundled ones."
    ),
]


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def regions_cmd(
    fmt: FormatOpt = Format.table, lang: LangOpt = Language.zh, folder: FolderOpt = None
) -> None:
    """List the regions with their stage and archetype (列出全部地区、发展阶段与区域原型)."""
    rows = list_regions(folder)
    if fmt == Format.json:
        _echo_json([r.to_json() for r in rows])
        return
    lg: Lang = lang.value
    table = Table(title=label("rg_regions_title", lg), caption=label("rg_archetype_note", lg))
    for key in ("code", "region", "stage", "archetype"):
        table.add_column(label(f"rg_{key}", lg))
    for r in rows:
        name = localized(lg, r.name, f"{r.name_en} {r.name}")
        stage = f"{STAGES[r.stage].label(lg)} ({r.stage})"
        arche = ARCHETYPES[r.archetype].label(lg) if r.archetype else label("rg_not_assessed", lg)
        table.add_row(r.code, name, stage, arche)
    console.print(table)


def region_cmd(
    name: Annotated[
        str,
        typer.Argument(
            help="Chinese name, pinyin, English name or code (广东, guangdong, GD, 港澳台)."
        ),
    ],
    fmt: FormatOpt = Format.table,
    lang: LangOpt = Language.zh,
    folder: FolderOpt = None,
) -> None:
    """Show one region's brief (显示一个地区的简报)."""
    region = get_region(name, folder)
    arche = region_archetype(region, folder)
    if fmt == Format.json:
        _echo_json(region_json(region, arche, lang.value))
        return
    console.print(region_renderable(region, lang.value, arche))


def search_cmd(
    text: Annotated[str, typer.Argument(help="Words to find, e.g. 虚拟电厂 (all must match).")],
    tag: Annotated[
        str | None, typer.Option("--tag", help="Keep hits with this scenario/policy/risk tag.")
    ] = None,
    role: Annotated[
        RoleChoice | None, typer.Option("--role", help="Keep hits in this player's focus.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Keep one kind: " + ", ".join(HIT_KINDS) + ".")
    ] = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = Language.zh,
    folder: FolderOpt = None,
) -> None:
    """Search facts, policies, cases, scenarios, risks and judgments (全文检索，附出处)."""
    hits = search(text, tag=tag, role=role.value if role else None, kind=kind, folder=folder)
    if fmt == Format.json:
        _echo_json([h.to_json() for h in hits])
        return
    lg: Lang = lang.value
    table = Table(title=escape(f"“{text}”: {len(hits)} {label('rg_hits', lg)}"), show_lines=True)
    for key in ("region", "kind", "text", "citation"):
        table.add_column(label(f"rg_{key}", lg), overflow="fold")
    for h in hits:
        table.add_row(h.region_name, HIT_KINDS[h.kind].label(lg), h.text, str(h.citation))
    console.print(table)


def region_renderable(region: Region, lang: Lang = "zh", archetype: str | None = None) -> Group:
    """One region's brief as rich panels and tables (figures with units and lines)."""
    first, last = region.source_lines
    title = localized(lang, region.name, f"{region.name_en} {region.name}")
    head = Text()
    head.append(
        f"{label('rg_stage', lang)}: {STAGES[region.stage].label(lang)} ({region.stage})\n",
        style="bold",
    )
    arche = ARCHETYPES[archetype].label(lang) if archetype else label("rg_not_assessed", lang)
    head.append(f"{label('rg_archetype', lang)}: {arche}\n")
    head.append(
        f"{label('rg_source', lang)}: 《{SEED_TITLE}》 seed 000, lines {first}–{last}, as-of {SEED_AS_OF}\n\n"
    )
    head.append(region.conclusion)
    parts: list[Any] = [
        Panel(head, title=f"{title}（{region.code}） · {SECTIONS['conclusion'].label(lang)}")
    ]

    ind = Table(title=SECTIONS["indicators"].label(lang))
    for key in ("metric", "value", "unit", "year", "label", "citation"):
        ind.add_column(label(f"rg_{key}", lang), overflow="fold")
    for i in region.indicators:
        year = str(i.year) if i.year is not None else "—"
        where = str(cite_at(region, i.section, i.line)).split(" · ", 2)[2]
        value = i.display() if i.value is None or i.qualifier else f"{i.value:g}"
        ind.add_row(METRICS[i.metric].label(lang), value, i.unit or "—", year, i.label, where)
    parts.append(ind)

    judg = Text()
    for n, j in enumerate(region.judgments, 1):
        judg.append(f"{n}. {j.title}", style="bold")
        judg.append(f"：{j.summary}\n")
    parts.append(Panel(judg, title=SECTIONS["judgments"].label(lang)))

    pol = Table(title=SECTIONS["policies"].label(lang))
    for key in ("date", "theme", "summary", "tag"):
        pol.add_column(label(f"rg_{key}", lang), overflow="fold")
    for p in sorted(region.policies, key=lambda p: p.date):
        tags = ", ".join(tag_label(t, lang, "policy_tag") for t in p.tags)
        pol.add_row(p.date, p.theme, p.summary, tags)
    parts.append(pol)

    scen = Table(title=SECTIONS["scenarios"].label(lang))
    for key in ("scenario", "entry", "tag", "summary"):
        scen.add_column(label(f"rg_{key}", lang), overflow="fold")
    for s in region.scenarios:
        scen.add_row(s.name, s.entry, tag_label(s.tag, lang, "scenario_tag"), s.summary)
    parts.append(scen)

    cases = Table(title=SECTIONS["cases"].label(lang))
    for key in ("case", "kind", "summary", "figures"):
        cases.add_column(label(f"rg_{key}", lang), overflow="fold")
    for c in region.cases:
        figs = "\n".join(
            f"{f.label}: {QUALIFIERS[f.qualifier].label(lang) + ' ' if f.qualifier else ''}"
            f"{f.value:g} {f.unit} (L{f.line})"
            for f in c.figures
        )
        cases.add_row(c.name, c.kind, c.summary, figs)
    parts.append(cases)

    road = Text("\n".join(f"{r.stage}. {r.summary}" for r in region.roadmap))
    parts.append(Panel(road, title=SECTIONS["roadmap"].label(lang)))

    risks = Table(title=SECTIONS["risks"].label(lang))
    for key in ("risk", "tag", "summary"):
        risks.add_column(label(f"rg_{key}", lang), overflow="fold")
    for r in region.risks:
        risks.add_row(r.title or "", tag_label(r.tag, lang, "risk_tag"), r.summary)
    parts.append(risks)
    parts.append(Text(f"{SECTIONS['overall'].label(lang)}: {region.overall}"))
    parts.append(Text(str(cite(region, "conclusion")), style="dim"))
    return Group(*parts)


WeightsOpt = Annotated[
    Path | None,
    typer.Option(
        "--weights", help="A weights file (gridatlas.opportunity/1) instead of the bundled one."
    ),
]


def _contrib_text(values: dict[str, float | None], lang: Lang) -> str:
    return "\n".join(
        f"{DIMENSIONS[d].label(lang)} {'—' if v is None else f'{v:.1f}'}" for d, v in values.items()
    )


def assess_cmd(
    role: Annotated[
        IndexRole, typer.Option("--role", help="Weights: general (default) or a player's.")
    ] = IndexRole.general,
    n_draws: Annotated[
        int,
        typer.Option("--sensitivity", help="Weight draws for the rank-stability table (0 = none)."),
    ] = 0,
    top: Annotated[int | None, typer.Option("--top", help="Show only the first N.")] = None,
    weights: WeightsOpt = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = Language.zh,
) -> None:
    """The opportunity index over the 31 provinces, its contributions and rank stability (机会指数)."""
    lg: Lang = lang.value
    a = assess(role.value, weights, lang=lg)
    stab = sensitivity(a, draws=n_draws) if n_draws > 0 else []
    if fmt == Format.json:
        data = a.to_json()
        if top:
            data["regions"] = data["regions"][:top]
        if stab:
            data["sensitivity"] = {
                "draws": n_draws,
                "method": a.config.sensitivity.method,
                "seed": a.config.sensitivity.seed,
                "top": a.config.sensitivity.top,
                "regions": [s.to_json() for s in stab],
            }
        _echo_json(data)
        return
    console.print(_assess_table(a, lg, top))
    if stab:
        console.print(_stability_table(a, stab, n_draws, lg))


def _assess_table(a: Assessment, lang: Lang, top: int | None) -> Table:
    role = ROLE_NAMES[a.role].label(lang)
    table = Table(
        title=label("rg_assess_title", lang).format(role=role),
        caption=label("rg_hmt", lang),
        show_lines=False,
    )
    for key in ("rank", "region", "archetype", "score"):
        table.add_column(label(f"rg_{key}", lang))
    for d in dimension_names():
        table.add_column(DIMENSIONS[d].label(lang), justify="right")
    table.add_column(label("rg_missing", lang))
    for r in a.rows[:top] if top else a.rows:
        table.add_row(
            str(r.rank),
            localized(lang, r.name, f"{r.name_en} {r.name}"),
            ARCHETYPES[r.archetype].label(lang),
            f"{r.score:.1f}",
            *(
                "—" if r.contributions[d] is None else f"{r.contributions[d]:.1f}"
                for d in dimension_names()
            ),
            ", ".join(DIMENSIONS[d].label(lang) for d in r.missing),
        )
    return table


def _stability_table(a: Assessment, rows: list[StabilityRow], n: int, lang: Lang) -> Table:
    sp = a.config.sensitivity
    table = Table(title=label("rg_sens_title", lang).format(n=n, method=sp.method, top=sp.top))
    for key in ("region", "base_rank", "p5_p95", "min_max"):
        table.add_column(label(f"rg_{key}", lang))
    table.add_column(label("rg_p_top", lang).format(top=sp.top), justify="right")
    for s in rows:
        table.add_row(
            s.name,
            str(s.base_rank),
            f"{s.rank_p05:.0f}–{s.rank_p95:.0f}",
            f"{s.rank_min}–{s.rank_max}",
            f"{s.p_top:.0%}",
        )
    return table


def recommend_cmd(
    role: Annotated[
        RoleChoice, typer.Option("--role", help="investor, integrator, aggregator or retailer.")
    ],
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario", help="Keep regions naming this scenario tag, e.g. zero_carbon_park."
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many regions (default 10).")] = 10,
    weights: WeightsOpt = None,
    fmt: FormatOpt = Format.table,
    lang: LangOpt = Language.zh,
) -> None:
    """Rank regions for one kind of market player, with entry scenarios, cases and risks (推荐)."""
    lg: Lang = lang.value
    recs = recommend(role.value, scenario, top, weights, lang=lg)
    if fmt == Format.json:
        _echo_json([recommendation_json(r, lg) for r in recs])
        return
    console.print(_recommend_table(recs, role.value, lg))


def _recommend_table(recs: list[Recommendation], role: str, lang: Lang) -> Table | Text:
    if not recs:
        return Text(label("rg_none_found", lang))
    title = label("rg_rec_title", lang).format(role=ROLE_NAMES[role].label(lang))
    table = Table(title=title, caption=label("rg_hmt", lang), show_lines=True)
    for key in (
        "rank",
        "region",
        "score",
        "archetype",
        "why",
        "entry_scen",
        "cases",
        "risks",
        "missing",
    ):
        table.add_column(label(f"rg_{key}", lang), overflow="fold")
    for r in recs:
        s = r.score
        top3 = sorted(
            ((d, v) for d, v in s.contributions.items() if v is not None), key=lambda x: -x[1]
        )[:3]
        table.add_row(
            str(r.rank),
            localized(lang, s.name, f"{s.name_en} {s.name}"),
            f"{s.score:.1f}",
            ARCHETYPES[s.archetype].label(lang),
            _contrib_text(dict(top3), lang),
            "\n".join(f"{x['name']}（{x['entry']}）" for x in r.scenarios[:3]),
            "\n".join(x["name"] for x in r.cases[:3]),
            "\n".join(x["title"] or x["tag_label"] for x in r.risks[:3]),
            ", ".join(DIMENSIONS[d].label(lang) for d in s.missing),
        )
    return table


def register(app: typer.Typer) -> None:
    """Add ``regions``, ``region``, ``search``, ``assess`` and ``recommend`` to the root app."""
    app.command("regions")(regions_cmd)
    app.command("region")(region_cmd)
    app.command("search")(search_cmd)
    app.command("assess")(assess_cmd)
    app.command("recommend")(recommend_cmd)
