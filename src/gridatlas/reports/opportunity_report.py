"""Outputs of the opportunity assessment for ``gridatlas outlook``.

:func:`write_opportunity_outputs` writes the national ranking (CSV table and
PNG chart) and one Markdown brief per region; :func:`opportunity_sheets` gives
the ranking and contribution sheets for the outlook workbook. Chinese labels by
default, English with ``lang="en"``. Index values and contributions are points
of 100; the 港澳台 special edition is assessed qualitatively only and is not in
the ranking (the outputs say so). Method: ``docs/opportunity.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from gridatlas.core.glossary import Lang, label, localized
from gridatlas.domain.opportunity import (
    ARCHETYPES,
    DIMENSIONS,
    RAW_UNITS,
    ROLE_NAMES,
    dimension_names,
)
from gridatlas.reports.atomic import write_text_atomic
from gridatlas.reports.charts import figure, save_figure, styled
from gridatlas.reports.region_brief import write_briefs
from gridatlas.runners.opportunity import Assessment, OpportunityOutputs, StabilityRow

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from openpyxl.worksheet.worksheet import Worksheet


def _round(x: float | None, nd: int = 2) -> float | None:
    return None if x is None else round(x, nd)


def ranking_frame(
    general: Assessment,
    stability: list[StabilityRow],
    roles: dict[str, Assessment],
    lang: Lang = "zh",
) -> pd.DataFrame:
    """The national ranking: one row per province (general weights) plus each role's rank."""
    stab = {s.code: s for s in stability}
    rows = []
    for r in general.rows:
        s = stab[r.code]
        row: dict[str, Any] = {
            label("opp_rank", lang): r.rank,
            label("opp_code", lang): r.code,
            label("opp_region", lang): localized(lang, r.name, r.name_en),
            label("opp_archetype", lang): ARCHETYPES[r.archetype].label(lang),
            label("opp_score", lang): _round(r.score),
        }
        for d in dimension_names():
            row[f"{DIMENSIONS[d].label(lang)} · {label('opp_contrib', lang)}"] = _round(
                r.contributions[d]
            )
        row[label("opp_missing", lang)] = ", ".join(DIMENSIONS[d].label(lang) for d in r.missing)
        row[label("opp_rank_range", lang)] = f"{s.rank_p05:.0f}–{s.rank_p95:.0f}"
        row[label("opp_p_top", lang)] = round(s.p_top, 3)
        for role, a in roles.items():
            row[f"{ROLE_NAMES[role].label(lang)} · {label('opp_role_rank', lang)}"] = a.row(
                r.code
            ).rank
        row[label("opp_scope", lang)] = label("opp_hmt", lang)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["unit"] = "points of 100"
    return frame


def contributions_frame(general: Assessment, lang: Lang = "zh") -> pd.DataFrame:
    """Normalised value and contribution of every dimension, per province (long table)."""
    rows = []
    for r in general.rows:
        for d in dimension_names():
            facts = "；".join(f"{f.text} [{f.source}]" for f in r.facts[d][:4])
            rows.append(
                {
                    label("opp_code", lang): r.code,
                    label("opp_region", lang): localized(lang, r.name, r.name_en),
                    "dimension": d,
                    label("opp_dimension", lang): DIMENSIONS[d].label(lang),
                    label("opp_norm", lang): _round(r.normalised[d], 4),
                    label("opp_contrib", lang): _round(r.contributions[d]),
                    label("opp_raw", lang): r.raw[d],
                    label("opp_raw_unit", lang): RAW_UNITS[d],
                    label("opp_facts", lang): facts,
                }
            )
    return pd.DataFrame(rows)


def ranking_figure(general: Assessment, lang: Lang = "zh") -> Figure:
    """Horizontal stacked bars: each province's index split by dimension contribution."""
    rows = general.rows[::-1]
    with styled(lang):
        fig = figure((9.0, 9.5))
        ax = fig.subplots()
        left = [0.0] * len(rows)
        for d in dimension_names():
            vals = [r.contributions[d] or 0.0 for r in rows]
            ax.barh(
                [localized(lang, r.name, r.name_en) for r in rows],
                vals,
                left=left,
                label=DIMENSIONS[d].label(lang),
            )
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_xlabel(label("opp_xlabel", lang))
        ax.set_xlim(0, 100)
        ax.set_title(label("opp_title", lang))
        ax.legend(fontsize=8, loc="lower right")
        ax.grid(axis="x", alpha=0.3)
        fig.text(0.01, 0.005, label("opp_foot", lang), fontsize=6.5, wrap=True)
        fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def write_opportunity_outputs(
    out_dir: Path, outputs: OpportunityOutputs, lang: Lang = "zh"
) -> list[Path]:
    """Write the national opportunity ranking and the per-region briefs into ``out_dir``.

    Files: ``opportunity_ranking.csv`` (table, points of 100), ``opportunity_ranking.png``
    (chart) and ``briefs/<CODE>.md`` (32 briefs with the index contributions and,
    where a bundled balance case exists, the reserve-margin outlook). Every file is
    written atomically. Returns the paths written.
    """
    out = Path(out_dir)
    general = outputs.general
    frame = ranking_frame(general, outputs.stability, outputs.roles, lang)
    csv_path = out / "opportunity_ranking.csv"
    write_text_atomic(csv_path, frame.to_csv(index=False))
    png_path = out / "opportunity_ranking.png"
    save_figure(ranking_figure(general, lang), png_path, lang)
    arche = {c: ARCHETYPES[a].label(lang) for c, (a, _) in outputs.archetypes.items()}
    briefs = write_briefs(
        out / "briefs",
        outputs.regions.values(),
        lang,
        archetypes=arche,
        scores={r.code: r for r in general.rows},
        balances=outputs.balances,
    )
    return [csv_path, png_path, *briefs]


def _sheet_writer(frame: pd.DataFrame, note: str) -> Callable[[Worksheet], None]:
    def write(ws: Worksheet) -> None:
        ws.append([note])
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([None if pd.isna(v) else v for v in row])

    return write


def opportunity_sheets(
    outputs: OpportunityOutputs, lang: Lang = "zh"
) -> list[tuple[str, Callable[[Worksheet], None]]]:
    """Sheets for the outlook workbook: (name, writer) for the ranking and the contributions.

    Each writer fills an empty openpyxl worksheet: a note row (scope and unit),
    a header row, then the table.
    """
    general, stab, roles = outputs.general, outputs.stability, outputs.roles
    note = f"{label('opp_hmt', lang)}; {label('opp_score', lang)}"
    return [
        (
            label("opp_sheet_rank", lang),
            _sheet_writer(ranking_frame(general, stab, roles, lang), note),
        ),
        (label("opp_sheet_contrib", lang), _sheet_writer(contributions_frame(general, lang), note)),
    ]
