"""Exposure, flexibility and provincial-economics sheets for the national outlook workbook.

``money_sheets(results, lang)`` runs exposure and flexibility on the outlook's own
balance results (no second balance run), adds the microgrid economics of the
bundled tariffs (screened once per process) and returns ``(title, writer)`` pairs
in the shape ``write_balance_workbook(extra_sheets=...)`` takes.
"""

from __future__ import annotations

from collections.abc import Sequence

from gridatlas.app.adequacy_inputs import firm_gaps, lole_by_province
from gridatlas.app.exposure import exposure
from gridatlas.app.flexibility import flexibility
from gridatlas.app.province_economics import bundled_economics
from gridatlas.core.glossary import Lang
from gridatlas.reports.economics_report import economics_sheets
from gridatlas.reports.exposure_report import exposure_sheets
from gridatlas.reports.flexibility_report import flexibility_sheets
from gridatlas.reports.workbook import SheetWriter
from gridatlas.runners.balance import BalanceResult
from gridatlas.runners.national_adequacy import NationalAdequacy


def money_sheets(
    results: Sequence[BalanceResult],
    lang: Lang = "zh",
    adequacy: Sequence[NationalAdequacy] = (),
) -> list[tuple[str, SheetWriter]]:
    """Company exposure, flexibility gap and provincial economics (3 sheets each).

    ``adequacy``: national runs whose LOLE weights exposure and whose firm need to the
    LOLD target replaces the band gap for their year.
    """
    lole = lole_by_province(adequacy) or None
    gaps = firm_gaps(adequacy) or None
    return (
        exposure_sheets(exposure(results=results, lole=lole), lang)
        + flexibility_sheets(flexibility(results=results, gaps=gaps), lang)
        + economics_sheets(bundled_economics(), lang)
    )
