"""Exposure, flexibility and provincial-economics sheets for the national outlook workbook.

``money_sheets(results, lang)`` runs exposure and flexibility on the outlook's own
balance results (no second balance run), adds the microgrid economics of the
bundled tariffs (screened once per process) and returns ``(title, writer)`` pairs
in the shape ``write_balance_workbook(extra_sheets=...)`` takes.
"""

from __future__ import annotations

from collections.abc import Sequence

from gridatlas.app.exposure import exposure
from gridatlas.app.flexibility import flexibility
from gridatlas.app.province_economics import bundled_economics
from gridatlas.core.glossary import Lang
from gridatlas.reports.economics_report import economics_sheets
from gridatlas.reports.exposure_report import exposure_sheets
from gridatlas.reports.flexibility_report import flexibility_sheets
from gridatlas.reports.workbook import SheetWriter
from gridatlas.runners.balance import BalanceResult


def money_sheets(
    results: Sequence[BalanceResult], lang: Lang = "zh"
) -> list[tuple[str, SheetWriter]]:
    """Company exposure, flexibility gap and provincial economics (3 sheets each)."""
    return (
        exposure_sheets(exposure(results=results), lang)
        + flexibility_sheets(flexibility(results=results), lang)
        + economics_sheets(bundled_economics(), lang)
    )
