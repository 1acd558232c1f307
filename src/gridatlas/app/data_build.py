"""Build the bundled national dataset from the raw third-party files (developer step).

``build_national(raw_dir)`` reads every raw file under ``raw_dir`` (laid out as
``../shared/data``: ``gem/``, ``nea/``, ``load/``, ``grid/``) through the
``sources`` readers and returns the dataset's tables; ``write_national(tables,
out_dir)`` writes them (all or nothing). ``gridatlas data build --from DIR``
does both. The product reads the result through :mod:`gridatlas.sources.national`.

Nothing derived from the GEM gas tracker (CC BY-NC-SA 4.0) is built here: bundled
gas figures are the four seed-report provinces' 2023 values (:data:`SEED_GAS_2023`).
"""

from __future__ import annotations

import gzip
import io
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import all_provinces
from gridatlas.model.national_load import normalise_by_mean
from gridatlas.reports.national_writer import write_dataset
from gridatlas.runners.national import installed_by_year, pipeline_table, solar_year_end
from gridatlas.sources.gem_trackers import TrackerKind, read_tracker
from gridatlas.sources.nea_pv import read_nea_pv
from gridatlas.sources.pik_load import read_consumption, read_hourly_demand
from gridatlas.sources.uhv_lines import read_uhv_lines

#: Technologies of the capacity table, in output order (glossary keys).
TECHNOLOGIES: Final[tuple[str, ...]] = (
    "coal",
    "gas",
    "nuclear",
    "hydro",
    "pumped_storage",
    "wind_onshore",
    "wind_offshore",
    "solar_utility",
    "solar_distributed",
    "new_storage",
)
FIRST_YEAR: Final[int] = 2015
#: Last year of the capacity table (NEA's latest December column).
LAST_YEAR: Final[int] = 2025
MISSING: Final[str] = "missing"


@dataclass(frozen=True)
class RawSource:
    """One raw third-party file and how to cite it."""

    id: str
    path: str
    title: str
    publisher: str
    licence: str
    as_of: str
    url: str
    citation: str
    ships: bool = True


RAW_SOURCES: Final[tuple[RawSource, ...]] = (
    RawSource(
        "gem_coal",
        "gem/Global-Coal-Plant-Tracker-July-2023.xlsx",
        "Global Coal Plant Tracker",
        "Global Energy Monitor",
        "CC BY 4.0",
        "2023-07",
        "https://globalenergymonitor.org/projects/global-coal-plant-tracker/",
        "Global Energy Monitor, Global Coal Plant Tracker, July 2023 release",
    ),
    RawSource(
        "gem_wind",
        "gem/Global-Wind-Power-Tracker-June-2024.xlsx",
        "Global Wind Power Tracker",
        "Global Energy Monitor",
        "CC BY 4.0",
        "2024-06",
        "https://globalenergymonitor.org/projects/global-wind-power-tracker/",
        "Global Energy Monitor, Global Wind Power Tracker, June 2024 release",
    ),
    RawSource(
        "gem_hydro",
        "gem/Global-Hydropower-Tracker-May-2023.xlsx",
        "Global Hydropower Tracker",
        "Global Energy Monitor",
        "CC BY 4.0",
        "2023-05",
        "https://globalenergymonitor.org/projects/global-hydropower-tracker/",
        "Global Energy Monitor, Global Hydropower Tracker, May 2023 release",
    ),
    RawSource(
        "gem_nuclear",
        "gem/Global-Nuclear-Power-Tracker-October-2023.xlsx",
        "Global Nuclear Power Tracker",
        "Global Energy Monitor",
        "CC BY 4.0",
        "2023-10",
        "https://globalenergymonitor.org/projects/global-nuclear-power-tracker/",
        "Global Energy Monitor, Global Nuclear Power Tracker, October 2023 release",
    ),
    RawSource(
        "nea_pv",
        "nea/nea_pv_capacity_by_province_quarterly_GW.csv",
        "光伏发电建设情况 (provincial PV capacity, quarterly)",
        "National Energy Administration (国家能源局); compiled by GEM's GIPT repository",
        "public statistics (NEA release pages listed in nea_pv_source_pages.csv)",
        "2026-03",
        "https://www.nea.gov.cn/",
        "国家能源局 光伏发电建设情况 2016–2026Q1 release pages, compiled by Global Energy Monitor",
    ),
    RawSource(
        "pik_consumption",
        "load/provincial_consumption_2020_2060_MWh.csv",
        "Provincial electricity consumption 2020–2060",
        "PyPSA-China-PIK (Potsdam Institute for Climate Impact Research)",
        "MIT",
        "2025",
        "https://github.com/pik-piam/PyPSA-China-PIK",
        "PyPSA-China-PIK, provincial consumption (2020 history, NBS 2024 in the 2025 column, projections after)",
    ),
    RawSource(
        "pik_hourly",
        "load/hourly_demand_31_provinces_MW.csv",
        "Hourly demand, 31 provinces (8760 h)",
        "PyPSA-China-PIK (Potsdam Institute for Climate Impact Research)",
        "MIT",
        "about 2018-2019 (reference year undocumented)",
        "https://github.com/pik-piam/PyPSA-China-PIK",
        "PyPSA-China-PIK, hourly provincial demand; reference year undocumented",
    ),
    RawSource(
        "gem_wiki_uhv",
        "grid/uhv_lines_gem_wiki.csv",
        "Ultra-High-Voltage (UHV) Power Transmission System in China",
        "GEM wiki, carried in PyPSA-China-PIK",
        "MIT as carried in PyPSA-China-PIK; the GEM wiki page's own terms not verified",
        "2024",
        "https://www.gem.wiki/Ultra-High-Voltage_(UHV)_Power_Transmission_System_in_China",
        "GEM wiki, Ultra-High-Voltage (UHV) Power Transmission System in China, via PyPSA-China-PIK",
    ),
    RawSource(
        "seed004",
        "(seed 004, ../shared/seeds/004_7d44f3a53f76b733.txt)",
        "Seed 004: broker research report on coal-power approvals, commissioning and 2023-2027 provincial balances",
        "国金证券研究所 (Sinolink Securities research)",
        "figures cited with attribution; text not reproduced",
        "2024-09",
        "",
        "国金证券研究所, 2024-09 report, tables 22/33/39/44 (2023 column)",
    ),
)
SOURCE_IDS: Final[dict[str, RawSource]] = {s.id: s for s in RAW_SOURCES}

#: Gas capacity at end-2023 [万千瓦] printed in seed 004, with the line it is on.
SEED_GAS_2023: Final[dict[str, tuple[float, str]]] = {
    "AH": (118.0, "seed 004 line 385 (表22 气电 2023)"),
    "ZJ": (1345.0, "seed 004 line 526 (表33 气电 2023)"),
    "SH": (891.0, "seed 004 line 629 (表39 气电 2023)"),
    "SC": (120.0, "seed 004 line 711 (表44 气电 2023)"),
}

#: Tracker → technologies it covers.
TRACKERS: Final[dict[TrackerKind, tuple[str, tuple[str, ...]]]] = {
    "coal": ("gem_coal", ("coal",)),
    "hydro": ("gem_hydro", ("hydro", "pumped_storage")),
    "nuclear": ("gem_nuclear", ("nuclear",)),
    "wind": ("gem_wind", ("wind_onshore", "wind_offshore")),
}
#: NEA category → technology.
SOLAR: Final[dict[str, str]] = {
    "solar_utility": "solar_utility",
    "solar_distributed": "solar_distributed",
}
#: PIK consumption column → (year the figure is for, kind).
CONSUMPTION_COLUMNS: Final[dict[int, tuple[int, str]]] = {
    2020: (2020, "history"),
    2025: (2024, "statistics (NBS 2024, in the source's '2025' column)"),
}
PROJECTION: Final[str] = "model projection (PyPSA-China-PIK)"


@dataclass
class NationalBuild:
    """The tables of the national dataset, before writing.

    Attributes
    ----------
    tables : dict
        File name → frame (``capacity.csv``, ``pipeline.csv``, ...).
    blobs : dict
        File name → bytes for non-CSV files (the gzip load shape, texts).
    notes : list of tuple
        (source id, cleaning rule, rows) for every rule that applied.
    seconds : dict
        Reading time per raw source [s].
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)
    notes: list[tuple[str, str, int]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _mainland() -> list[str]:
    return [p.code for p in all_provinces() if p.mainland]


def _as_of_partial(as_of: str, year: int) -> bool:
    """True when ``year`` is the as-of year and the as-of month is before December."""
    y, _, m = as_of.partition("-")
    return y.isdigit() and int(y) == year and bool(m) and int(m) < 12


def build_national(raw_dir: str | Path) -> NationalBuild:
    """Read the raw files under ``raw_dir`` and assemble the dataset's tables.

    Raises
    ------
    InputError
        From the readers, naming file, row and field; nothing is written.
    """
    raw = Path(raw_dir)
    if not raw.is_dir():
        raise InputError(raw, "", "a folder holding gem/, nea/, load/ and grid/ raw files")
    out = NationalBuild()
    provinces = _mainland()
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    values: dict[tuple[str, str, int], tuple[float, str, str, bool]] = {}
    pipelines = []
    raw_rows: Counter[str] = Counter()

    for kind, (sid, techs) in TRACKERS.items():
        src = SOURCE_IDS[sid]
        t0 = time.perf_counter()
        units = read_tracker(raw / src.path, kind)
        out.seconds[sid] = time.perf_counter() - t0
        raw_rows[sid] = int(units.frame[["sheet", "row"]].drop_duplicates().shape[0])
        out.notes += [(sid, rule, n) for rule, n in sorted(units.notes.items())]
        last = int(src.as_of[:4])
        inst = installed_by_year(units.frame, range(FIRST_YEAR, last + 1))
        for rec in inst.to_dict("records"):
            values[(str(rec["province"]), str(rec["technology"]), int(rec["year"]))] = (
                round(float(rec["capacity_nom"]), 1),
                sid,
                src.as_of,
                _as_of_partial(src.as_of, int(rec["year"])),
            )
        for tech in techs:  # the source covers every province: no unit means 0 MW
            for p in provinces:
                for y in range(FIRST_YEAR, last + 1):
                    values.setdefault(
                        (p, tech, y), (0.0, sid, src.as_of, _as_of_partial(src.as_of, y))
                    )
        pipe = pipeline_table(units.frame).assign(source=sid, as_of=src.as_of)
        pipelines.append(pipe)

    src = SOURCE_IDS["nea_pv"]
    t0 = time.perf_counter()
    pv = read_nea_pv(raw / src.path)
    out.seconds["nea_pv"] = time.perf_counter() - t0
    raw_rows["nea_pv"] = int(pv[["area", "category"]].drop_duplicates().shape[0])
    out.notes.append(
        (
            "nea_pv",
            "rows 'Xinjiang' and 'Xinjiang Corps' dropped (parts of 'Xinjiang (Including Corps)')",
            int(pv.attrs["dropped_part_rows"]),
        )
    )
    solar = solar_year_end(pv.loc[pv["province"] != "CN"], SOLAR)
    for rec in solar.to_dict("records"):
        year = int(rec["year"])
        if FIRST_YEAR <= year <= LAST_YEAR:
            values[(str(rec["province"]), str(rec["technology"]), year)] = (
                round(float(rec["capacity_nom"]), 1),
                "nea_pv",
                f"{year}-12",
                False,
            )

    for code, (wkw, _line) in SEED_GAS_2023.items():
        values[(code, "gas", 2023)] = (wkw * 10.0, "seed004", "2024-09", False)

    rows = []
    for p in provinces:
        for tech in TECHNOLOGIES:
            for y in years:
                v = values.get((p, tech, y))
                if v is None:
                    rows.append((p, tech, y, np.nan, MISSING, "", 0))
                else:
                    rows.append((p, tech, y, v[0], v[1], v[2], int(v[3])))
    out.tables["capacity.csv"] = pd.DataFrame(
        rows, columns=["province", "technology", "year", "mw", "source", "as_of", "partial"]
    )

    pipe = pd.concat(pipelines, ignore_index=True)
    pipe["capacity_nom"] = pipe["capacity_nom"].round(1)
    pipe = pipe.rename(columns={"capacity_nom": "mw"})
    pipe = pipe.sort_values(["province", "technology", "status", "year"], na_position="last")
    out.tables["pipeline.csv"] = pipe[
        ["province", "technology", "status", "year", "mw", "units", "source", "as_of"]
    ].reset_index(drop=True)

    src = SOURCE_IDS["pik_consumption"]
    cons = read_consumption(raw / src.path)
    raw_rows["pik_consumption"] = int(cons["province"].nunique())
    crow = []
    for rec in cons.to_dict("records"):
        column = int(rec["column"])
        year, label = CONSUMPTION_COLUMNS.get(column, (column, PROJECTION))
        crow.append(
            (
                str(rec["province"]),
                year,
                round(float(rec["consumption"]), 0),
                label,
                column,
                "pik_consumption",
                src.as_of,
            )
        )
    consumption = pd.DataFrame(
        crow, columns=["province", "year", "mwh", "kind", "source_column", "source", "as_of"]
    ).sort_values(["province", "year"])
    out.tables["consumption.csv"] = consumption.reset_index(drop=True)

    src = SOURCE_IDS["pik_hourly"]
    demand = read_hourly_demand(raw / src.path)
    raw_rows["pik_hourly"] = len(demand)
    shape = pd.DataFrame(
        normalise_by_mean(demand[provinces].to_numpy(float)), columns=provinces, index=demand.index
    )
    text = shape.to_csv(float_format="%.4g", lineterminator="\n")
    out.blobs["load_shape.csv.gz"] = gzip.compress(text.encode("utf-8"), mtime=0)

    src = SOURCE_IDS["gem_wiki_uhv"]
    lines = read_uhv_lines(raw / src.path)
    raw_rows["gem_wiki_uhv"] = len(lines)
    links = pd.DataFrame(
        {
            "id": [f"UHV{i:03d}" for i in range(1, len(lines) + 1)],
            "name_zh": lines["name_zh"],
            "name_en": lines["name_en"],
            "from_province": lines["from_province"],
            "to_province": lines["to_province"],
            "kind": lines["kind"],
            "mw": lines["mw"],
            "year": lines["year"],
            "status": lines["status"],
            "source": "gem_wiki_uhv",
            "source_row": lines["row"],
        }
    )
    out.tables["links.csv"] = links

    license_path = raw / "load" / "LICENSE-PyPSA-China-PIK-MIT.txt"
    if not license_path.is_file():
        raise InputError(license_path, "", "the PyPSA-China-PIK MIT licence text beside its data")
    out.blobs["LICENSE-PyPSA-China-PIK-MIT.txt"] = license_path.read_bytes()

    counts = {
        "gem_coal": ("capacity.csv", "pipeline.csv"),
        "gem_wind": ("capacity.csv", "pipeline.csv"),
        "gem_hydro": ("capacity.csv", "pipeline.csv"),
        "gem_nuclear": ("capacity.csv", "pipeline.csv"),
        "nea_pv": ("capacity.csv",),
        "seed004": ("capacity.csv",),
        "pik_consumption": ("consumption.csv",),
        "pik_hourly": ("load_shape.csv.gz",),
        "gem_wiki_uhv": ("links.csv",),
    }
    srows = []
    for s in RAW_SOURCES:
        used = counts[s.id]
        n_out = 0
        for name in used:
            if name in out.tables:
                n_out += int((out.tables[name]["source"] == s.id).sum())
            else:
                n_out += len(shape)
        srows.append(
            (
                s.id,
                s.title,
                s.publisher,
                s.licence,
                s.as_of,
                raw_rows.get(s.id, len(SEED_GAS_2023) if s.id == "seed004" else 0),
                n_out,
                " ".join(used),
                s.citation,
                s.url,
            )
        )
    out.tables["sources.csv"] = pd.DataFrame(
        srows,
        columns=[
            "id",
            "title",
            "publisher",
            "licence",
            "as_of",
            "raw_rows",
            "rows",
            "tables",
            "citation",
            "url",
        ],
    )
    out.tables["cleaning.csv"] = pd.DataFrame(out.notes, columns=["source", "rule", "rows"])
    out.blobs["ATTRIBUTION.md"] = attribution(out.tables["sources.csv"]).encode("utf-8")
    return out


def attribution(sources: pd.DataFrame) -> str:
    """The ATTRIBUTION.md text of the bundled dataset."""
    lines = [
        "# Attribution of the bundled national dataset",
        "",
        "Aggregates (province × technology × year, province × year, link lists, a",
        "normalised load shape) derived from the following sources. Unit-level",
        "copies of the trackers are not bundled. Nothing derived from GEM's Global",
        "Gas Plant Tracker (CC BY-NC-SA 4.0) is bundled.",
        "",
        "| id | dataset | publisher | licence | as of | rows | citation |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sources.itertuples(index=False):
        lines.append(
            f"| {r.id} | {r.title} | {r.publisher} | {r.licence} | {r.as_of} | {r.rows} | {r.citation} |"
        )
    lines += [
        "",
        "PyPSA-China-PIK is MIT-licensed; its licence text is in",
        "`LICENSE-PyPSA-China-PIK-MIT.txt` beside this file.",
        "GEM data: Global Energy Monitor, licensed CC BY 4.0",
        "(https://creativecommons.org/licenses/by/4.0/).",
        "",
    ]
    return "\n".join(lines)


def write_national(build: NationalBuild, out_dir: str | Path) -> list[Path]:
    """Write the built tables into ``out_dir`` (all files or none)."""
    files: dict[str, bytes] = dict(build.blobs)
    for name, frame in build.tables.items():
        buf = io.StringIO()
        frame.to_csv(buf, index=False, lineterminator="\n")
        files[name] = buf.getvalue().encode("utf-8")
    return write_dataset(files, Path(out_dir))
