"""Charts (matplotlib, Agg). Chinese labels use a CJK font found on the system
or the Noto Sans CJK font installed with gridatlas.

matplotlib is imported when a chart is drawn, not when gridatlas is imported,
so the command line starts quickly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridatlas.core.glossary import Lang, label, localized
from gridatlas.reports.atomic import atomic_path
from gridatlas.runners.balance import BalanceResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend, imported on first use."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


_PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei")


@cache
def cjk_font() -> str | None:
    """Name of a font that has Chinese glyphs, registering the bundled one if needed."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _PREFERRED:
        if name in names:
            return name
    try:
        pkg = resources.files("cvttf_NotoSansCJK_Regular")
    except ModuleNotFoundError:
        return None
    for entry in pkg.iterdir():
        if entry.name.lower().endswith((".otf", ".ttf")):
            path = str(entry)
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
    return None


def font_family(lang: Lang) -> list[str]:
    """Font families, first choice first: the CJK font leads for Chinese labels and
    is the fallback for English ones (a province or case name may still be Chinese)."""
    font = cjk_font()
    if font is None:
        return ["DejaVu Sans"]
    return localized(lang, [font, "DejaVu Sans"], ["DejaVu Sans", font])


def chart_style(lang: Lang) -> dict[str, object]:
    """matplotlib rc settings: a CJK font for Chinese labels, text as paths in SVG."""
    family = font_family(lang)
    return {"font.family": family, "axes.unicode_minus": False, "svg.fonttype": "path"}


def margin_figure(results: Sequence[BalanceResult], lang: Lang = "zh") -> Figure:
    """Reserve margin by year and scenario, one panel per case, band shaded."""
    plt = pyplot()
    n = len(results)
    cols = 2 if n > 1 else 1
    rows = math.ceil(n / cols)
    with plt.rc_context(chart_style(lang)):
        fig, axes = plt.subplots(rows, cols, figsize=(6.4 * cols, 3.9 * rows), squeeze=False)
        for ax, res in zip(axes.flat, results, strict=False):
            case = res.case
            ax.axhspan(
                case.band_min * 100,
                case.band_max * 100,
                color="tab:green",
                alpha=0.15,
                label=label("band_required", lang),
            )
            ax.axhline(0, color="black", lw=0.8)
            for i, s in enumerate(res.scenarios):
                style = "--" if s.custom else "-"
                ax.plot(
                    res.years,
                    res.reserve_margin[i] * 100,
                    style,
                    marker="o",
                    ms=3,
                    label=s.label(lang),
                )
            ax.set_title(case.province.display(lang))
            ax.set_xticks(res.years)
            ax.set_ylabel(f"{label('reserve_margin', lang)} (%)")
            ax.grid(alpha=0.3)
            ax.legend(fontsize=7, loc="best")
        for ax in list(axes.flat)[n:]:
            ax.set_visible(False)
        fig.suptitle(label("chart_margin_title", lang))
        fig.text(0.01, 0.005, label("chart_margin_foot", lang), fontsize=7)
        fig.tight_layout(rect=(0, 0.02, 1, 0.97))
    return fig


def save_figure(fig: Figure, target: str | Path, lang: Lang = "zh") -> None:
    """Save a figure atomically (format from the suffix) and close it."""
    plt = pyplot()
    with plt.rc_context(chart_style(lang)), atomic_path(target) as tmp:
        fig.savefig(tmp, dpi=130, format=Path(target).suffix.lstrip("."))
    plt.close(fig)
