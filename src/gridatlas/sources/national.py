"""The bundled national dataset (``gridatlas/data/national``): the only national data read at run time.

``load_national()`` reads the bundled files once (cached) and returns a
:class:`NationalData`; ``national_from_frames(...)`` builds one from frames in
memory (tests). ``load_national(overlay_dir=DIR)`` also applies the user's own
overlay files (``gas.csv``, ``new_storage.csv``; written by ``gridatlas data
import-gas`` / ``import-storage``), replacing the bundled rows they cover.

Files (schema in docs/national-data.md)
---------------------------------------
``sources.csv``      one row per source: id, title, publisher, licence, as_of, raw_rows, rows, tables, citation, url
``capacity.csv``     province, technology, year, mw [MW, year-end; blank = missing], source, as_of, partial
``pipeline.csv``     province, technology, status, year [expected; blank = unknown], mw [MW], units, source, as_of
``consumption.csv``  province, year, mwh [MWh], kind, source_column, source, as_of
``links.csv``        id, name_zh, name_en, from_province, to_province, kind, mw [MW], year, status, source, source_row
``load_shape.csv.gz`` hour, one column per province: hourly load / annual mean [p.u.]
``cleaning.csv``     source, rule, rows
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.types import FloatArray
from gridatlas.model.national_load import peak_from_energy

PACKAGE_DIR: Final[str] = "national"
CSV_FILES: Final[tuple[str, ...]] = (
    "sources.csv",
    "capacity.csv",
    "pipeline.csv",
    "consumption.csv",
    "links.csv",
    "cleaning.csv",
)
SHAPE_FILE: Final[str] = "load_shape.csv.gz"
#: Overlay file name → technology it replaces.
OVERLAY_FILES: Final[dict[str, str]] = {"gas.csv": "gas", "new_storage.csv": "new_storage"}
_DTYPES: Final[dict[str, dict[str, str]]] = {
    "capacity.csv": {"province": "str", "technology": "str", "year": "int64", "mw": "float64"},
    "pipeline.csv": {"year": "Int64", "mw": "float64"},
    "links.csv": {"year": "Int64", "mw": "float64"},
}


@dataclass(frozen=True)
class NationalData:
    """The national dataset as frames (see module docstring for columns)."""

    sources: pd.DataFrame
    capacity: pd.DataFrame
    pipeline: pd.DataFrame
    consumption: pd.DataFrame
    links: pd.DataFrame
    cleaning: pd.DataFrame
    load_shape: pd.DataFrame

    def years(self) -> list[int]:
        """Years of the capacity table."""
        return sorted(int(y) for y in self.capacity["year"].unique())

    def technologies(self) -> list[str]:
        """Technologies of the capacity table, in file order."""
        return list(dict.fromkeys(self.capacity["technology"]))

    def capacity_in(self, year: int) -> dict[str, dict[str, float | None]]:
        """Year-end capacity by province code and technology [MW]; ``None`` = missing.

        Raises
        ------
        InputError
            When ``year`` is outside the table.
        """
        ys = self.years()
        if year not in ys:
            raise InputError("--year", "", f"a year {ys[0]}–{ys[-1]}", year)
        sel = self.capacity.loc[self.capacity["year"] == year]
        out: dict[str, dict[str, float | None]] = {}
        for rec in sel.to_dict("records"):
            v = float(rec["mw"])
            out.setdefault(str(rec["province"]), {})[str(rec["technology"])] = (
                None if np.isnan(v) else v
            )
        return out

    def shape(self, province: str) -> FloatArray:
        """A province's normalised hourly load (mean 1), 8760 values [p.u.]."""
        return self.load_shape[province].to_numpy(float)

    def consumption_years(self) -> list[int]:
        """Years of the consumption table (history, statistics and projections)."""
        return sorted(int(y) for y in self.consumption["year"].unique())

    def peak_loads(self, year: int) -> dict[str, float]:
        """Annual peak load by province code, from consumption and the load shape [MW].

        ``peak = consumption × max(shape) / sum(shape)``
        (:func:`gridatlas.model.national_load.peak_from_energy`); the shape is
        the bundled one (about 2018-19) whatever the year.

        Raises
        ------
        InputError
            When the consumption table has no figures for ``year``.
        """
        ys = self.consumption_years()
        if year not in ys:
            raise InputError("--year", "", "one of " + ", ".join(map(str, ys)), year)
        sel = self.consumption.loc[self.consumption["year"] == year]
        return {
            str(rec["province"]): peak_from_energy(
                float(rec["mwh"]), self.shape(str(rec["province"]))
            )
            for rec in sel.to_dict("records")
        }


def national_from_frames(**frames: pd.DataFrame) -> NationalData:
    """A :class:`NationalData` from frames in memory (missing ones empty)."""
    names = NationalData.__dataclass_fields__
    return NationalData(**{n: frames.get(n, pd.DataFrame()) for n in names})


def _read_csv(text: str, name: str) -> pd.DataFrame:
    return pd.read_csv(
        io.StringIO(text),
        dtype=_DTYPES.get(name),
        keep_default_na=False,
        na_values={"mw": [""], "year": [""], "mwh": [""]},
    )


def read_national_dir(root: Traversable | Path) -> NationalData:
    """Read a national dataset folder (bundled or built elsewhere)."""
    frames: dict[str, pd.DataFrame] = {}
    for name in CSV_FILES:
        f = root.joinpath(name)
        if not f.is_file():
            raise InputError(str(f), "", "a national dataset file (run gridatlas data build)")
        frames[name.removesuffix(".csv")] = _read_csv(f.read_text("utf-8"), name)
    raw = gzip.decompress(root.joinpath(SHAPE_FILE).read_bytes()).decode("utf-8")
    frames["load_shape"] = pd.read_csv(io.StringIO(raw), index_col="hour")
    return national_from_frames(**frames)


@cache
def _bundled() -> NationalData:
    return read_national_dir(resources.files("gridatlas.data").joinpath(PACKAGE_DIR))


def load_national(overlay_dir: Path | None = None) -> NationalData:
    """The bundled dataset, with the user's overlay files from ``overlay_dir`` applied."""
    data = _bundled()
    if overlay_dir is None:
        return data
    cap = data.capacity
    for name, tech in OVERLAY_FILES.items():
        f = overlay_dir / name
        if not f.is_file():
            continue
        over = _read_csv(f.read_text("utf-8"), "capacity.csv")
        over = over.loc[over["technology"] == tech]
        key = ["province", "technology", "year"]
        merged = cap.merge(over[key].assign(_o=1), on=key, how="left")
        cap = pd.concat([cap.loc[merged["_o"].isna().to_numpy()], over], ignore_index=True)
        cap = cap.sort_values(key, kind="stable").reset_index(drop=True)
    return replace(data, capacity=cap)
