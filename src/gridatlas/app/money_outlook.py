"""Exposure and flexibility sheets for the national outlook workbook.

``money_sheets(results, lang)`` runs both subjects on the outlook's own balance
results (no second balance run) and returns ``(title, writer)`` pairs in the
shape ``write_balance_workbook(extra_sheets=...)`` takes. The lead wires it
into :func:`gridatlas.app.outlook.run_outlook`:

    extra += money_sheets(results, lang)
"""

from __future__ import annotations

from collections.abc import Sequence

from gridatlas.app.exposure import exposure
from gridatlas.app.flexibility import flexibility
from gridatlas.core.glossary import Lang
from gridatlas.reports.exposure_report import exposure_sheets
from gridatlas.reports.flexibility_report import flexibility_sheets
from gridatlas.reports.workbook import SheetWriter
from gridatlas.runners.balance import BalanceResult


def money_sheets(
    results: Sequence[BalanceResult], lang: Lang = "zh"
) -> list[tuple[str, SheetWriter]]:
    """Company exposure (3 sheets) and flexibility gap (3 sheets) for the outlook."""
    return exposure_sheets(exposure(results=results), lang) + flexibility_sheets(
        flexibility(results=results), lang
    )
