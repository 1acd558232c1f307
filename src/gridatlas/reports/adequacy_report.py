"""Adequacy results as JSON, a terminal table and an Excel workbook (labels from the glossary)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Final

from openpyxl import Workbook
from rich.table import Table

from gridatlas.core.glossary import Lang, label
from gridatlas.reports.atomic import atomic_path
from gridatlas.runners.adequacy import SYSTEM, AdequacyResult, CapacityCredit

#: Metrics in output order (glossary names).
SHOWN: Final[tuple[str, ...]] = ("lole", "lold", "eue", "neue", "lolf")


def _area(result: AdequacyResult, area: str) -> dict[str, Any]:
    return {
        m: {"value": result.metrics[area][m].value, "stderr": result.metrics[area][m].stderr}
        for m in SHOWN
    }


def to_json_dict(result: AdequacyResult) -> dict[str, Any]:
    """The run as one JSON-ready mapping (units in ``units``)."""
    return {
        "system": result.system,
        "samples": result.samples,
        "seed": result.seed,
        "hours": result.hours,
        "unit_energy": "MWh",
        "units": {
            "lole": "h/yr",
            "lold": "d/yr",
            "eue": "MWh/yr",
            "neue": "ppm",
            "lolf": "events/yr",
        },
        "regions": {r: _area(result, r) for r in result.regions},
        "system_total": _area(result, SYSTEM),
        "event_duration_h": {
            "bins": [
                *range(1, len(result.durations[SYSTEM])),
                f">={len(result.durations[SYSTEM])}",
            ],
            "events_per_year": {a: v.tolist() for a, v in result.durations.items()},
            "stderr": {a: v.tolist() for a, v in result.durations_stderr.items()},
        },
        "shortfall_month_hour": {
            "lol_hours_per_year": result.lol_month_hour[SYSTEM].tolist(),
            "eue_mwh_per_year": result.eue_month_hour[SYSTEM].tolist(),
        },
        "notes": result.notes,
    }


def credit_json_dict(cc: CapacityCredit) -> dict[str, Any]:
    """Capacity credit as one JSON-ready mapping. [MW]"""
    r = cc.resource
    return {
        "resource": r.kind,
        "mw": r.mw,
        "region": r.region,
        "hours": r.hours if r.kind == "storage" else None,
        "elcc_mw": cc.elcc_mw,
        "efc_mw": cc.efc_mw,
        "metric": cc.metric,
        "tolerance_mw": cc.tolerance_mw,
        "samples": cc.samples,
        "seed": cc.seed,
        "base": {"value": cc.base.value, "stderr": cc.base.stderr},
        "with_resource": {"value": cc.with_resource.value, "stderr": cc.with_resource.stderr},
    }


def _fmt(value: float, stderr: float) -> str:
    """Value and standard error with decimals down to the error's second significant digit."""
    d = (
        4
        if not math.isfinite(stderr) or stderr <= 0
        else int(min(4, max(0, 1 - math.floor(math.log10(stderr)))))
    )
    return f"{value:,.{d}f} ± {stderr:,.{d}f}"


def rich_table(result: AdequacyResult, lang: Lang = "zh") -> Table:
    """Metrics per region and for the system, each with its standard error."""
    title = label(
        "adequacy_table_title", lang, system=result.system, samples=result.samples, seed=result.seed
    )
    t = Table(title=title, caption=f"± {label('adequacy_stderr', lang)}")
    t.add_column(label("adequacy_area", lang))
    for m in SHOWN:
        t.add_column(label(m, lang, with_unit=True), justify="right")
    for area in (*result.regions, SYSTEM):
        est = result.metrics[area]
        name = label("adequacy_system_total", lang) if area == SYSTEM else area
        t.add_row(name, *[_fmt(est[m].value, est[m].stderr) for m in SHOWN])
    return t


def credit_table(cc: CapacityCredit, lang: Lang = "zh") -> Table:
    t = Table(title=f"{cc.resource.kind} {cc.resource.mw:g} MW @ {cc.resource.region}")
    for name in ("elcc", "efc", "capacity_credit_tolerance"):
        t.add_column(label(name, lang, with_unit=True), justify="right")
    t.add_row(f"{cc.elcc_mw:.2f}", f"{cc.efc_mw:.2f}", f"{cc.tolerance_mw:.3g}")
    return t


def write_xlsx(result: AdequacyResult, target: Path, lang: Lang = "zh") -> None:
    """Workbook: metrics sheet (value and standard error per area) and month × hour shortfall."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "metrics"
    head = [label("adequacy_area", lang)]
    for m in SHOWN:
        head += [label(m, lang, with_unit=True), label("adequacy_stderr", lang)]
    ws.append(head)
    for area in (*result.regions, SYSTEM):
        row: list[Any] = [area]
        for m in SHOWN:
            row += [result.metrics[area][m].value, result.metrics[area][m].stderr]
        ws.append(row)
    ws.append([])
    ws.append([f"system={result.system}", f"samples={result.samples}", f"seed={result.seed}"])
    for name, table in (
        ("lol_month_hour", result.lol_month_hour[SYSTEM]),
        ("eue_month_hour", result.eue_month_hour[SYSTEM]),
    ):
        sh = wb.create_sheet(name)
        sh.append(["month \\ hour", *range(24)])
        for k, values in enumerate(table.tolist(), start=1):
            sh.append([k, *values])
    with atomic_path(target) as tmp:
        wb.save(tmp)
