"""The national outlook: every bundled case, one summary, workbook and chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gridatlas.app import pipeline as pl
from gridatlas.app.cases import bundled_case_names, load_case
from gridatlas.app.money_outlook import money_sheets
from gridatlas.app.national import run_national
from gridatlas.app.national_adequacy import run_national_adequacy
from gridatlas.app.opportunity import opportunity_outputs
from gridatlas.core.glossary import Lang
from gridatlas.reports.atomic import write_text_atomic
from gridatlas.reports.charts import margin_figure, save_figure
from gridatlas.reports.national_adequacy_report import (
    national_adequacy_figure,
    national_adequacy_sheets,
)
from gridatlas.reports.national_report import national_figure, national_sheets
from gridatlas.reports.opportunity_report import opportunity_sheets, write_opportunity_outputs
from gridatlas.reports.pipeline_charts import pipeline_figure, pipeline_sheets
from gridatlas.reports.workbook import balance_provenance, summary_frame, write_balance_workbook
from gridatlas.runners.balance import BalanceResult, run_balance
from gridatlas.runners.uncertainty import SimulationResult, simulate

OUTLOOK_DRAWS = 100_000
#: The outlook's adequacy run: one year, sample counts sized for a run of about half a
#: minute; ``gridatlas adequacy national`` takes more samples and any year.
ADEQUACY_YEAR = 2025
ADEQUACY_SAMPLES = 200
ADEQUACY_FIRM_SAMPLES = 50
PIPELINE_INPUT = "report-2024"


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

    Writes ``outlook_summary.csv``, ``outlook.xlsx`` (balance, Monte Carlo,
    thermal pipeline, capacity-cost, national, adequacy, exposure, flexibility and
    provincial-economics sheets),
    ``reserve_margins.png/.svg``, ``thermal_pipeline.png/.svg`` and
    ``national_margins.png/.svg`` (31 provinces × years) and ``adequacy_vs_margin.png/.svg``
    (2025 LOLD against the reserve margin) into ``out_dir``, plus the
    opportunity ranking (``opportunity_ranking.csv/.png``) and one brief per region
    in ``briefs/``.
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
    if step:
        step("pipeline report-2024")
    central = pl.forecast(PIPELINE_INPUT)
    alternative = pl.forecast(PIPELINE_INPUT, case="alternative")
    cost = pl.capacity_cost(PIPELINE_INPUT)
    extra = pipeline_sheets(central, alternative, cost, lang)
    if step:
        step("regions and opportunity")
    opportunity = opportunity_outputs(lang)
    extra += opportunity_sheets(opportunity, lang)
    if step:
        step("national balance, 31 provinces")
    national = run_national()
    national_table = national.frame(lang)
    extra += national_sheets(national_table, lang)
    if step:
        step(f"probabilistic adequacy, 31 provinces, {ADEQUACY_YEAR}")
    adequacy = run_national_adequacy(
        ADEQUACY_YEAR, samples=ADEQUACY_SAMPLES, firm_samples=ADEQUACY_FIRM_SAMPLES
    )
    extra += national_adequacy_sheets(adequacy, lang)
    if step:
        step("company exposure, flexibility and provincial economics")
    extra += money_sheets(list(national.results.values()), lang, [adequacy])
    summary = summary_frame(results, lang)
    summary_path = out / "outlook_summary.csv"
    write_text_atomic(summary_path, summary.to_csv(index=False, float_format="%.4f"))
    book = out / "outlook.xlsx"
    starts = pl.resolve(PIPELINE_INPUT)
    prov = balance_provenance(
        results,
        sims,
        extra_inputs={"pipeline": starts},
        extra_sources={f"pipeline:{k}": v for k, v in getattr(starts, "sources", {}).items()},
    )
    write_balance_workbook(
        results, book, unit=unit, lang=lang, simulations=sims, extra_sheets=extra, prov=prov
    )
    fig_files = save_figure(
        margin_figure(results, lang),
        [out / "reserve_margins.png", out / "reserve_margins.svg"],
        lang,
    )
    fig_files += save_figure(
        pipeline_figure(central, alternative, cost, lang),
        [out / "thermal_pipeline.png", out / "thermal_pipeline.svg"],
        lang,
    )
    fig_files += save_figure(
        national_figure(national_table, lang),
        [out / "national_margins.png", out / "national_margins.svg"],
        lang,
    )
    fig_files += save_figure(
        national_adequacy_figure(adequacy, lang),
        [out / "adequacy_vs_margin.png", out / "adequacy_vs_margin.svg"],
        lang,
    )
    region_files = write_opportunity_outputs(out, opportunity, lang)
    outlook.files = [summary_path, book, *fig_files, *region_files]
    return outlook
