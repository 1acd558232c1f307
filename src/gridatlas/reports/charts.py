"""Charts (matplotlib, Agg). Chinese labels use a CJK font found on the system
or the Noto Sans CJK font installed with gridatlas.

Figures are :class:`matplotlib.figure.Figure` objects made by :func:`figure`,
never through pyplot (no global figure registry, no GUI backend to pick), and
each is built once and saved in every format asked for (:func:`save_figure`).
The same input gives the same bytes: SVG ids come from a fixed salt and no
file carries a date.

matplotlib is imported when a chart is drawn, not when gridatlas is imported,
so the command line starts quickly (a deferral for speed; it hides no cycle).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridatlas.core.fonts import bundled_cjk_font
from gridatlas.core.glossary import Lang, label, localized
from gridatlas.reports.atomic import atomic_path
from gridatlas.runners.balance import BalanceResult

if TYPE_CHECKING:
    from matplotlib.figure import Figure


#: Salt of the ids in SVG files, so that they are the same run to run.
SVG_SALT = "gridatlas"


def figure(figsize: tuple[float, float]) -> Figure:
    """A new figure of ``figsize`` inches, not registered with pyplot."""
    from matplotlib.figure import Figure

    return Figure(figsize=figsize)


@contextmanager
def styled(lang: Lang) -> Iterator[None]:
    """matplotlib rc settings of :func:`chart_style` while the block runs."""
    import matplotlib

    rc: Any = chart_style(lang)  # matplotlib types the keys as a Literal of every rc name
    with matplotlib.rc_context(rc):
        yield


_PREFERRED = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimHei")


@cache
def cjk_font() -> str | None:
    """Name of a font that has Chinese glyphs, registering the bundled one if needed."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _PREFERRED:
        if name in names:
            return name
    path = bundled_cjk_font()
    if path is None:
        return None
    font_manager.fontManager.addfont(str(path))
    return str(font_manager.FontProperties(fname=str(path)).get_name())


def font_family(lang: Lang) -> list[str]:
    """Font families, first choice first: the CJK font leads for Chinese labels and
    is the fallback for English ones (a province or case name may still be Chinese)."""
    font = cjk_font()
    if font is None:
        return ["DejaVu Sans"]
    return localized(lang, [font, "DejaVu Sans"], ["DejaVu Sans", font])


def chart_style(lang: Lang) -> dict[str, object]:
    """matplotlib rc settings: a CJK font for Chinese labels, text as paths in SVG."""
    return {
        "font.family": font_family(lang),
        "axes.unicode_minus": False,
        "svg.fonttype": "path",
        "svg.hashsalt": SVG_SALT,
    }


def margin_figure(results: Sequence[BalanceResult], lang: Lang = "zh") -> Figure:
    """Reserve margin by year and scenario, one panel per case, band shaded."""
    n = len(results)
    cols = 2 if n > 1 else 1
    rows = math.ceil(n / cols)
    with styled(lang):
        fig = figure((6.4 * cols, 3.9 * rows))
        axes = fig.subplots(rows, cols, squeeze=False)
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


def save_figure(
    fig: Figure, target: str | Path | Sequence[str | Path], lang: Lang = "zh"
) -> list[Path]:
    """Save one figure to one or more files atomically (format from each suffix).

    SVG and PDF carry no date (``metadata={"Date": None}``); PNG carries none
    by default. A figure made through pyplot is closed afterwards.
    """
    targets = [Path(target)] if isinstance(target, str | Path) else [Path(t) for t in target]
    with styled(lang):
        for path in targets:
            fmt = path.suffix.lstrip(".").lower()
            meta: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
            with atomic_path(path) as tmp:
                fig.savefig(tmp, dpi=130, format=fmt, metadata=meta)
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        plt.close(fig)
    return targets
