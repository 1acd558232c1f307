"""Approval (核准) statistics of thermal units: totals, breakdowns and rankings.

Pure functions on the unit frame of :func:`gridatlas.domain.pipeline.units_frame`
(capacities in MW). The filters are those of seed report 004 §1.3: heat-oriented
units (供热为主) and units below 300 MW (30万千瓦) left out. Rankings follow
report 004 §1.2 (provinces, chart 6) and §1.3 (parent groups, chart 9).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Breakdown keys and the unit-frame columns behind them.
GROUP_COLUMNS: dict[str, str] = {
    "year": "approval_year",
    "quarter": "approval_quarter",
    "province": "province",
    "fuel": "fuel",
    "parent": "parent",
}


def filter_approvals(
    units: pd.DataFrame,
    years: Sequence[int] | None = None,
    *,
    min_unit_mw: float = 300.0,
    exclude_chp: bool = True,
    fuels: Sequence[str] | None = ("coal",),
) -> pd.DataFrame:
    """Units with an approval date in ``years`` that pass the report's filters.

    Parameters
    ----------
    units : DataFrame
        Unit frame (``capacity_nom`` [MW], ``approval_year``, ``chp``, ``fuel``).
    years : sequence of int, optional
        Approval years kept; all dated approvals when ``None``.
    min_unit_mw : float
        Units smaller than this are dropped (report: 300 MW). [MW]
    exclude_chp : bool
        Drop heat-oriented combined heat and power units (report: yes).
    fuels : sequence of str, optional
        Fuels kept; all when ``None``.
    """
    keep = units["approval_year"].notna() & (units["capacity_nom"] >= min_unit_mw)
    if years is not None:
        keep &= units["approval_year"].isin(list(years))
    if exclude_chp:
        keep &= ~units["chp"].astype(bool)
    if fuels is not None:
        keep &= units["fuel"].isin(list(fuels))
    return units.loc[keep]


def approvals_by(units: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Approved capacity [MW] and unit count grouped by ``by`` (keys of GROUP_COLUMNS).

    Missing keys (e.g. a quarter when only the year is known) are kept as
    their own group (NaN / empty). The result has columns ``by + [capacity_nom,
    units, share]``, ``share`` being the fraction of the total [p.u.].
    """
    cols = [GROUP_COLUMNS[b] for b in by]
    total = float(units["capacity_nom"].sum())
    grouped = (
        units.groupby(cols, dropna=False)["capacity_nom"]
        .agg(capacity_nom="sum", units="count")
        .reset_index()
        .rename(columns=dict(zip(cols, by, strict=True)))
    )
    grouped["share"] = grouped["capacity_nom"] / total if total > 0 else np.nan
    for key in ("year", "quarter"):
        if key in grouped:
            grouped[key] = grouped[key].astype("Int64")
    if len(by) == 1:
        grouped = grouped.sort_values("capacity_nom", ascending=False, kind="stable")
    else:
        grouped = grouped.sort_values(list(by), kind="stable")
    grouped.attrs["unit"] = {"capacity_nom": "MW", "share": "p.u."}
    return grouped.reset_index(drop=True)


def ranking(units: pd.DataFrame, by: str = "province", top: int | None = 5) -> pd.DataFrame:
    """Ranking table: rank, key, approved capacity [MW], units, share of total [p.u.].

    Ties keep the order of the key (stable sort); ``top=None`` keeps all rows.
    """
    table = approvals_by(units, [by]).sort_values(
        ["capacity_nom", by], ascending=[False, True], kind="stable"
    )
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    if top is not None:
        table = table.head(top)
    table.attrs["unit"] = {"capacity_nom": "MW", "share": "p.u."}
    return table.reset_index(drop=True)
