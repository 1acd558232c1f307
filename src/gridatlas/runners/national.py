"""Aggregate cleaned unit lists and statistics into the national dataset's tables.

Frames in, frames out; no files. The rules (documented in docs/national-data.md):

* Installed at year-end ``y`` (:func:`installed_by_year`): status operating or
  mothballed and start year ≤ ``y``; or status retired, start year ≤ ``y`` and
  retired year > ``y``. A blank start year on an operating, mothballed or
  retired unit means "in service before the first year" (the unit is counted
  in every year up to its retirement). Retired units without a retired year are
  left out (no year of retirement is known). Other statuses (construction,
  permitted, inactive, shelved, cancelled …) are never installed.
* Pipeline (:func:`pipeline_table`): statuses in :data:`PIPELINE_STATUSES`,
  summed by province, technology, status and expected start year (blank when
  the tracker gives none).
* Solar year-end (:func:`solar_year_end`): the December column of NEA's
  quarterly table.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

IN_SERVICE: Final[frozenset[str]] = frozenset({"operating", "mothballed"})
PIPELINE_STATUSES: Final[tuple[str, ...]] = (
    "construction",
    "permitted",
    "pre-construction",
    "pre-permit",
    "announced",
)


def installed_by_year(units: pd.DataFrame, years: range) -> pd.DataFrame:
    """Year-end installed capacity by province and technology.

    Parameters
    ----------
    units : pandas.DataFrame
        Clean tracker units (:data:`gridatlas.sources.gem_trackers.CLEAN_COLUMNS`).
    years : range
        Years to report.

    Returns
    -------
    pandas.DataFrame
        ``province``, ``technology``, ``year``, ``capacity_nom`` [MW]; only
        combinations with at least one unit of the technology in the province.
    """
    start = units["commissioning"].astype("Float64").fillna(-np.inf).to_numpy(float)
    end = units["retirement"].astype("Float64").fillna(np.nan).to_numpy(float)
    status = units["status"].to_numpy(str)
    live = np.isin(status, list(IN_SERVICE))
    retired = (status == "retired") & ~np.isnan(end)
    parts = []
    keys = units[["province", "technology"]]
    for y in years:
        on = (start <= y) & (live | (retired & (end > y)))
        g = units["capacity_nom"].where(on, 0.0).groupby([keys.province, keys.technology]).sum()
        parts.append(g.rename("capacity_nom").reset_index().assign(year=y))
    out = pd.concat(parts, ignore_index=True)
    return out[["province", "technology", "year", "capacity_nom"]]


def pipeline_table(units: pd.DataFrame) -> pd.DataFrame:
    """Capacity not yet in service by province, technology, status and expected year.

    Returns
    -------
    pandas.DataFrame
        ``province``, ``technology``, ``status``, ``year`` (expected start
        year, ``<NA>`` when unknown), ``capacity_nom`` [MW], ``units`` (rows;
        a border unit counts in both provinces).
    """
    sel = units.loc[units["status"].isin(PIPELINE_STATUSES)]
    g = sel.groupby(
        ["province", "technology", "status", sel["commissioning"].rename("year")], dropna=False
    )
    out = g["capacity_nom"].agg(["sum", "size"]).reset_index()
    out.columns = ["province", "technology", "status", "year", "capacity_nom", "units"]
    out["year"] = out["year"].astype("Int64")
    return out


def solar_year_end(pv: pd.DataFrame, categories: dict[str, str]) -> pd.DataFrame:
    """Year-end (December) PV capacity by province and technology [MW].

    Parameters
    ----------
    pv : pandas.DataFrame
        :func:`gridatlas.sources.nea_pv.read_nea_pv` output.
    categories : dict
        NEA category → technology key (e.g. ``solar_utility`` → ``solar_utility``).
    """
    dec = pv.loc[pv["period"].str.endswith("12") & pv["category"].isin(categories)]
    out = dec.assign(
        technology=dec["category"].map(categories), year=dec["period"].str[:4].astype(int)
    )
    g = out.groupby(["province", "technology", "year"])["capacity_nom"].sum().reset_index()
    return g[["province", "technology", "year", "capacity_nom"]]
