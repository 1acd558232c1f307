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

from gridatlas.app.opportunity import (
    assess,
    balance_results,
)
from gridatlas.core.glossary import Lang
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
from gridatlas.runners.opportunity import (
    Assessment,
    StabilityRow,
    archetypes,
    sensitivity,
)
from gridatlas.sources.region_files import load_regions

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from openpyxl.worksheet.worksheet import Worksheet

_L: dict[str, tuple[str, str]] = {
    "rank": ("排名", "rank"),
    "code": ("代码", "code"),
    "region": ("地区", "region"),
    "archetype": ("区域原型", "archetype"),
    "stage": ("发展阶段", "stage"),
    "score": ("机会指数 (分, 满分100)", "opportunity index (pts of 100)"),
    "missing": ("缺数据维度", "missing dimensions"),
    "p_top": ("前10概率 (权重扰动)", "P(top 10) under weight draws"),
    "rank_range": ("排名区间 (P5–P95)", "rank range (P5–P95)"),
    "contrib": ("贡献 (分)", "contribution (pts)"),
    "norm": ("归一值 (0–1)", "normalised (0–1)"),
    "role_rank": ("排名", "rank"),
    "dimension": ("维度", "dimension"),
    "raw": ("原始值", "raw value"),
    "raw_unit": ("原始值单位", "raw unit"),
    "facts": ("依据（出处）", "facts (sources)"),
    "title": (
        "智能微电网机会指数（31省，综合权重）",
        "Smart-microgrid opportunity index (31 provinces, general weights)",
    ),
    "xlabel": ("机会指数 (分，满分100)", "opportunity index (points of 100)"),
    "foot": (
        "gridatlas · 事实来源：《全国各省市智能微电网发展机会橙皮书》(2026-04)；供需紧张度：内置电力平衡算例"
        "（国金证券 2024-09）。港澳台仅作定性评估，未列入排名。",
        "gridatlas · facts: seed 000 orange book (2026-04); supply tightness: bundled balance cases"
        " (seed 004, 2024-09). Hong Kong, Macau and Taiwan are assessed qualitatively only, not ranked.",
    ),
    "hmt": (
        "港澳台：仅作定性评估（原书特别版无可比指标），未列入排名",
        "HMT: assessed qualitatively only (no comparable figures in the book), not ranked",
    ),
    "scope": ("范围说明", "scope"),
    "sheet_rank": ("机会排名", "Opportunity ranking"),
    "sheet_contrib": ("维度贡献", "Contributions"),
}


def _t(key: str, lang: Lang) -> str:
    zh, en = _L[key]
    return zh if lang == "zh" else en


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
            _t("rank", lang): r.rank,
            _t("code", lang): r.code,
            _t("region", lang): r.name if lang == "zh" else r.name_en,
            _t("archetype", lang): ARCHETYPES[r.archetype].label(lang),
            _t("score", lang): _round(r.score),
        }
        for d in dimension_names():
            row[f"{DIMENSIONS[d].label(lang)} · {_t('contrib', lang)}"] = _round(r.contributions[d])
        row[_t("missing", lang)] = ", ".join(DIMENSIONS[d].label(lang) for d in r.missing)
        row[_t("rank_range", lang)] = f"{s.rank_p05:.0f}–{s.rank_p95:.0f}"
        row[_t("p_top", lang)] = round(s.p_top, 3)
        for role, a in roles.items():
            row[f"{ROLE_NAMES[role].label(lang)} · {_t('role_rank', lang)}"] = a.row(r.code).rank
        row[_t("scope", lang)] = _t("hmt", lang)
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
                    _t("code", lang): r.code,
                    _t("region", lang): r.name if lang == "zh" else r.name_en,
                    "dimension": d,
                    _t("dimension", lang): DIMENSIONS[d].label(lang),
                    _t("norm", lang): _round(r.normalised[d], 4),
                    _t("contrib", lang): _round(r.contributions[d]),
                    _t("raw", lang): r.raw[d],
                    _t("raw_unit", lang): RAW_UNITS[d],
                    _t("facts", lang): facts,
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
                [r.name if lang == "zh" else r.name_en for r in rows],
                vals,
                left=left,
                label=DIMENSIONS[d].label(lang),
            )
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_xlabel(_t("xlabel", lang))
        ax.set_xlim(0, 100)
        ax.set_title(_t("title", lang))
        ax.legend(fontsize=8, loc="lower right")
        ax.grid(axis="x", alpha=0.3)
        fig.text(0.01, 0.005, _t("foot", lang), fontsize=6.5, wrap=True)
        fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def _all(lang: Lang) -> tuple[Assessment, list[StabilityRow], dict[str, Assessment]]:
    bal = balance_results()
    general = assess("general", balances=bal, lang=lang)
    stab = sensitivity(general)
    roles = {
        role: assess(role, balances=bal, lang=lang)
        for role in ("investor", "integrator", "aggregator", "retailer")
    }
    return general, stab, roles


def write_opportunity_outputs(out_dir: Path, lang: Lang = "zh") -> list[Path]:
    """Write the national opportunity ranking and the per-region briefs into ``out_dir``.

    Files: ``opportunity_ranking.csv`` (table, points of 100), ``opportunity_ranking.png``
    (chart) and ``briefs/<CODE>.md`` (32 briefs with the index contributions and,
    where a bundled balance case exists, the reserve-margin outlook). Every file is
    written atomically. Returns the paths written.
    """
    out = Path(out_dir)
    general, stab, roles = _all(lang)
    frame = ranking_frame(general, stab, roles, lang)
    csv_path = out / "opportunity_ranking.csv"
    write_text_atomic(csv_path, frame.to_csv(index=False))
    png_path = out / "opportunity_ranking.png"
    save_figure(ranking_figure(general, lang), png_path, lang)
    arche = {c: ARCHETYPES[a].label(lang) for c, (a, _) in archetypes().items()}
    briefs = write_briefs(
        out / "briefs",
        lang,
        regions=load_regions().values(),
        archetypes=arche,
        scores={r.code: r for r in general.rows},
        balances=balance_results(),
    )
    return [csv_path, png_path, *briefs]


def _sheet_writer(frame: pd.DataFrame, note: str) -> Callable[[Worksheet], None]:
    def write(ws: Worksheet) -> None:
        ws.append([note])
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([None if pd.isna(v) else v for v in row])

    return write


def opportunity_sheets(lang: Lang = "zh") -> list[tuple[str, Callable[[Worksheet], None]]]:
    """Sheets for the outlook workbook: (name, writer) for the ranking and the contributions.

    Each writer fills an empty openpyxl worksheet: a note row (scope and unit),
    a header row, then the table.
    """
    general, stab, roles = _all(lang)
    note = f"{_t('hmt', lang)}; {_t('score', lang)}"
    return [
        (_t("sheet_rank", lang), _sheet_writer(ranking_frame(general, stab, roles, lang), note)),
        (_t("sheet_contrib", lang), _sheet_writer(contributions_frame(general, lang), note)),
    ]
