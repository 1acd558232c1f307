"""Excel workbooks of balance results, laid out like the report's tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gridatlas.core.glossary import Lang, label
from gridatlas.reports.balance_report import long_frame, report_rows
from gridatlas.reports.provenance import add_provenance_sheet, provenance
from gridatlas.reports.xlsx_files import stable_xlsx_path
from gridatlas.runners.balance import BalanceResult
from gridatlas.runners.uncertainty import SimulationResult

BOLD = Font(bold=True)
SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
FORMATS = {"capacity": "#,##0", "fraction": "0.0%", "text": "@"}

#: Extra sheets other subjects add to the outlook workbook: (title, writer).
SheetWriter = Callable[[Worksheet], None]


def _autosize(ws: Worksheet, first: int = 40, rest: int = 12) -> None:
    ws.column_dimensions["A"].width = first
    for col in range(2, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = rest


def write_case_sheet(ws: Worksheet, result: BalanceResult, unit: str, lang: Lang) -> None:
    """One case's table: sections, one column per year."""
    case = result.case
    ws.append([label("balance_title", lang, title=case.title, province=case.province.name_en)])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(["", *result.years])
    for cell in ws[2]:
        cell.font = BOLD
    section = None
    for row in report_rows(result, unit, lang):
        if row.section != section:
            section = row.section
            ws.append([section])
            ws.cell(ws.max_row, 1).font = BOLD
            for col in range(1, len(result.years) + 2):
                ws.cell(ws.max_row, col).fill = SECTION_FILL
        ws.append([row.label, *row.values])
        for col in range(2, len(row.values) + 2):
            ws.cell(ws.max_row, col).number_format = FORMATS[row.kind]
            ws.cell(ws.max_row, col).alignment = Alignment(horizontal="right")
    ws.append([])
    ws.append([label("workbook_note", lang, band_min=f"{case.band_min:.0%}")])
    ws.append([label("sources_prefix", lang) + case.origin])
    for key, src in case.sources.items():
        ws.append(
            [
                f"  {key}: {src.title}" + (f" — {src.publisher}" if src.publisher else ""),
                f"as of {src.as_of}",
            ]
        )
    for n in case.notes_text():
        ws.append([f"  {n}"])
    ws.freeze_panes = "B3"
    _autosize(ws)


def write_frame_sheet(
    ws: Worksheet, frame: pd.DataFrame, formats: dict[str, str] | None = None
) -> None:
    """A plain table: header row, then the frame's rows."""
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = BOLD
    for row in frame.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and v != v) else v for v in row])
    for name, fmt in (formats or {}).items():
        if name in frame.columns:
            col = list(frame.columns).index(name) + 1
            for r in range(2, ws.max_row + 1):
                ws.cell(r, col).number_format = fmt
    ws.freeze_panes = "A2"
    _autosize(ws, first=14, rest=16)


def summary_frame(results: Sequence[BalanceResult], lang: Lang = "zh") -> pd.DataFrame:
    """Reserve margin by case, scenario and year (wide), plus the worst year's class."""
    rows = []
    for res in results:
        for i, s in enumerate(res.scenarios):
            row: dict[str, object] = {
                "province": res.case.province.display(lang),
                "case": res.case.name,
                "scenario": s.label(lang),
            }
            for j, y in enumerate(res.years):
                row[str(y)] = float(res.reserve_margin[i, j])
            worst = int(res.reserve_margin[i].argmin())
            row["worst_year"] = res.years[worst]
            row["worst_class"] = label(str(res.tightness[i, worst]), lang)
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["unit"] = "p.u."
    return frame


def write_balance_workbook(
    results: Sequence[BalanceResult],
    target: str | Path,
    unit: str = "万千瓦",
    lang: Lang = "zh",
    simulations: Sequence[SimulationResult] = (),
    extra_sheets: Sequence[tuple[str, SheetWriter]] = (),
    prov: Mapping[str, object] | None = None,
) -> None:
    """Summary, one report-style sheet per case, long data, Monte Carlo, extras, provenance.

    ``prov`` is the provenance block (:func:`gridatlas.reports.provenance.provenance`);
    by default :func:`balance_provenance` of the results and simulations.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = label("sheet_summary", lang)
    summary = summary_frame(results, lang)
    years = [c for c in summary.columns if c.isdigit()]
    write_frame_sheet(ws, summary, dict.fromkeys(years, "0.0%"))
    ws.insert_rows(1)
    ws["A1"] = label("workbook_summary_title", lang)
    ws["A1"].font = Font(bold=True, size=13)
    for res in results:
        write_case_sheet(wb.create_sheet(res.case.province.display(lang)[:31]), res, unit, lang)
    data = pd.concat([long_frame(r, unit, lang) for r in results], ignore_index=True)
    write_frame_sheet(
        wb.create_sheet(label("sheet_data", lang)),
        data,
        {"reserve_margin (p.u.)": "0.0%"},
    )
    if simulations:
        frames = []
        for sim in simulations:
            f = sim.to_frame()
            f.insert(0, "weather", sim.weather)
            f.insert(0, "case", sim.case.name)
            f["draws"] = sim.draws
            frames.append(f)
        mc = pd.concat(frames, ignore_index=True)
        fmt = {c: "0.0%" for c in mc.columns if c not in ("case", "weather", "year", "draws")}
        write_frame_sheet(wb.create_sheet(label("sheet_montecarlo", lang)), mc, fmt)
    for title, writer in extra_sheets:
        writer(wb.create_sheet(title[:31]))
    add_provenance_sheet(wb, prov or balance_provenance(results, simulations))
    with stable_xlsx_path(target) as tmp:
        wb.save(tmp)


def balance_provenance(
    results: Sequence[BalanceResult],
    simulations: Sequence[SimulationResult] = (),
    extra_inputs: Mapping[str, object] | None = None,
    extra_sources: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """Provenance of balance results: their cases, scenarios and Monte Carlo settings."""
    inputs = {
        "cases": [r.case for r in results],
        "scenarios": [[s.name for s in r.scenarios] for r in results],
        "simulations": [[s.case, s.weather, s.draws, s.seed] for s in simulations],
        **(extra_inputs or {}),
    }
    sources: dict[str, object] = {}
    for case in [r.case for r in results] + [s.case for s in simulations]:
        for key, src in case.sources.items():
            sources.setdefault(f"{case.name}:{key}", src)
    sources.update(extra_sources or {})
    return provenance(inputs, sources)
