"""User-local overlays of the national dataset: gas from the user's own GEM tracker, storage from a CSV.

The GEM gas tracker is CC BY-NC-SA 4.0, so nothing derived from it ships;
``import_gas(path)`` reads the user's copy at run time and writes year-end gas
capacity by province to ``overlay_dir()/gas.csv`` (same columns as the bundled
``capacity.csv``). ``load_national(overlay_dir())`` then uses those rows in place
of the bundled gas rows. ``import_storage`` does the same for new-type storage.

The overlay folder is ``$GRIDATLAS_HOME/national`` (default ``~/.gridatlas/national``).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pandas as pd

from gridatlas.app.data_build import FIRST_YEAR, LAST_YEAR
from gridatlas.core.provinces import all_provinces
from gridatlas.reports.atomic import write_text_atomic
from gridatlas.runners.national import installed_by_year
from gridatlas.sources.gem_trackers import read_tracker
from gridatlas.sources.user_capacity import read_user_capacity

COLUMNS = ["province", "technology", "year", "mw", "source", "as_of", "partial"]


def overlay_dir() -> Path:
    """The user's overlay folder (may not exist)."""
    home = os.environ.get("GRIDATLAS_HOME")
    base = Path(home) if home else Path.home() / ".gridatlas"
    return base / "national"


def gas_overlay(path: str | Path) -> pd.DataFrame:
    """Year-end gas capacity by province from a GEM gas tracker workbook [MW].

    Years run from 2015 to the latest start year of an operating unit (at most
    the dataset's last year); provinces without units get 0 MW.
    """
    units = read_tracker(path, "gas").frame
    started = units.loc[units["status"] == "operating", "commissioning"].dropna()
    last = min(int(started.max()) if len(started) else FIRST_YEAR, LAST_YEAR)
    inst = installed_by_year(units, range(FIRST_YEAR, last + 1))
    codes = [p.code for p in all_provinces() if p.mainland]
    grid = pd.MultiIndex.from_product(
        [codes, ["gas"], range(FIRST_YEAR, last + 1)], names=["province", "technology", "year"]
    )
    mw = inst.set_index(["province", "technology", "year"])["capacity_nom"].reindex(
        grid, fill_value=0.0
    )
    out = mw.round(1).rename("mw").reset_index()
    out["source"] = f"user GEM gas tracker {Path(path).name}"
    out["as_of"] = str(last)
    out["partial"] = 0
    return out[COLUMNS]


def storage_overlay(path: str | Path) -> pd.DataFrame:
    """New-type storage capacity rows from a user CSV (province, year, mw[, source, as_of])."""
    t = read_user_capacity(path, "new-type storage capacity")
    return t.assign(technology="new_storage", partial=0)[COLUMNS]


def _write(frame: pd.DataFrame, name: str, target_dir: Path | None) -> Path:
    target = (target_dir or overlay_dir()) / name
    buf = io.StringIO()
    frame.to_csv(buf, index=False, lineterminator="\n")
    write_text_atomic(target, buf.getvalue())
    return target


def import_gas(path: str | Path, target_dir: Path | None = None) -> Path:
    """Read a user's GEM gas tracker and write the gas overlay; returns the file written."""
    return _write(gas_overlay(path), "gas.csv", target_dir)


def import_storage(path: str | Path, target_dir: Path | None = None) -> Path:
    """Read a user's storage CSV and write the storage overlay; returns the file written."""
    return _write(storage_overlay(path), "new_storage.csv", target_dir)
