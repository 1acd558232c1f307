"""The national outlook: every bundled case, one summary, workbook and chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gridatlas.glossary import Lang
from gridatlas.io.atomic import write_text_atomic
from gridatlas.io.case_files import bundled_case_names, load_case
from gridatlas.io.charts import margin_figure, save_figure
from gridatlas.io.workbook import summary_frame, write_balance_workbook
from gridatlas.runners.balance import BalanceResult, run_balance
from gridatlas.runners.uncertainty import SimulationResult, simulate

OUTLOOK_DRAWS = 100_000


@dataclass
class Outlook:
    """What ``gridatlas outlook`` produced."""

    results: list[BalanceResult]
    simulations: list[SimulationResult]
    files: list[Path] = field(default_factory=list)


def run_outlook(
    out_dir: str | Path = "out",
    cases: list[str] | None = None,
    unit: str = "万千瓦",
    lang: Lang = "zh",
    draws: int = OUTLOOK_DRAWS,
    step: Callable[[str], None] | None = None,
) -> Outlook:
    """Run every bundled case (or the given ones) and write the outlook files.

    Writes ``outlook_summary.csv``, ``outlook.xlsx`` and
    ``reserve_margins.png`` / ``.svg`` into ``out_dir``.
    """
    out = Path(out_dir)
    names = cases or bundled_case_names()
    results, sims = [], []
    for name in names:
        if step:
            step(f"balance {name}")
        case = load_case(name)
        results.append(run_balance(case))
        for weather in case.weathers:
            sims.append(simulate(case, weather, draws=draws))
    if step:
        step("write outputs")
    outlook = Outlook(results, sims)
    summary = summary_frame(results, lang)
    summary_path = out / "outlook_summary.csv"
    write_text_atomic(summary_path, summary.to_csv(index=False, float_format="%.4f"))
    book = out / "outlook.xlsx"
    write_balance_workbook(results, book, unit=unit, lang=lang, simulations=sims)
    fig_files = []
    for suffix in ("png", "svg"):
        target = out / f"reserve_margins.{suffix}"
        save_figure(margin_figure(results, lang), target, lang)
        fig_files.append(target)
    outlook.files = [summary_path, book, *fig_files]
    return outlook
