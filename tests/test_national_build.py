"""The bundled national dataset is what the raw files build, and it keeps its own promises."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gridatlas.app.data_build import TECHNOLOGIES, build_national, write_national
from gridatlas.core.provinces import all_provinces, find_province
from gridatlas.sources.national import CSV_FILES, load_national, read_national_dir

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT.parent / "shared" / "data"
BUNDLED = ROOT / "src" / "gridatlas" / "data" / "national"
MAINLAND = [p.code for p in all_provinces() if p.mainland]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dataset rebuilt from ../shared/data into a temporary folder (one build, ~15-35 s)."""
    if not RAW.is_dir():
        pytest.skip("../shared/data is not beside the repository")
    out = tmp_path_factory.mktemp("national")
    write_national(build_national(RAW), out)
    return out


def test_rebuild_from_shared_data_is_byte_identical_to_the_bundled_dataset(rebuilt: Path) -> None:
    bundled = sorted(p.name for p in BUNDLED.iterdir())
    assert sorted(p.name for p in rebuilt.iterdir()) == bundled
    for name in bundled:
        new, old = (rebuilt / name).read_bytes(), (BUNDLED / name).read_bytes()
        if name.endswith(".gz"):  # compressed bytes may differ between zlib builds
            new, old = gzip.decompress(new), gzip.decompress(old)
        assert new == old, name


def test_rebuilt_frames_equal_the_bundled_frames(rebuilt: Path) -> None:
    # frame-level comparison too, so a failure says which table differs and how
    a, b = read_national_dir(rebuilt), read_national_dir(BUNDLED)
    for name in CSV_FILES:
        key = name.removesuffix(".csv")
        pd.testing.assert_frame_equal(getattr(a, key), getattr(b, key), check_exact=True)
    pd.testing.assert_frame_equal(a.load_shape, b.load_shape)


def test_capacity_table_is_complete_and_every_row_is_sourced() -> None:
    cap = load_national().capacity
    assert len(cap) == 31 * len(TECHNOLOGIES) * 11  # 2015-2025
    assert set(cap["province"]) == set(MAINLAND)
    missing = cap["source"] == "missing"
    assert cap.loc[missing, "mw"].isna().all()
    assert cap.loc[~missing, "mw"].notna().all()
    assert (cap.loc[~missing, "as_of"] != "").all()
    assert (cap.loc[~missing, "mw"] >= 0).all()
    sources = set(load_national().sources["id"])
    assert set(cap.loc[~missing, "source"]) <= sources


def test_no_gas_figure_derives_from_the_non_commercial_gas_tracker() -> None:
    data = load_national()
    gas = data.capacity.loc[data.capacity["technology"] == "gas"]
    assert set(gas["source"]) == {"seed004", "missing"}
    assert set(gas.loc[gas["source"] == "seed004", "province"]) == {"AH", "ZJ", "SH", "SC"}
    assert "gem_gas" not in set(data.sources["id"])
    assert "gas" not in set(data.pipeline["technology"])


def test_years_beyond_a_source_are_missing_not_zero() -> None:
    cap = load_national().capacity.set_index(["province", "technology", "year"])
    # coal tracker is as of 2023-07: 2024 and 2025 have no source
    assert np.isnan(cap.loc[("SD", "coal", 2024), "mw"])
    assert cap.loc[("SD", "coal", 2024), "source"] == "missing"
    # NEA's first December column is 2016
    assert cap.loc[("SD", "solar_utility", 2015), "source"] == "missing"
    # a covered province without units is a real zero
    assert cap.loc[("AH", "nuclear", 2023), "mw"] == 0.0
    assert cap.loc[("AH", "nuclear", 2023), "source"] == "gem_nuclear"


def test_provincial_solar_adds_up_to_the_nea_national_total() -> None:
    # independent check: the NEA file's own 'Total' rows vs the sum of the bundled provinces
    # tolerance 0.3%: NEA rounds provincial figures; 'Total' is published separately
    if not RAW.is_dir():
        pytest.skip("../shared/data is not beside the repository")
    raw = pd.read_csv(
        RAW / "nea" / "nea_pv_capacity_by_province_quarterly_GW.csv", encoding="utf-8-sig"
    )
    cap = load_national().capacity
    for category, tech in (
        ("Utility-scale", "solar_utility"),
        ("Total distributed", "solar_distributed"),
    ):
        total = raw.loc[(raw["Area"] == "Total") & (raw["Category"] == category)]
        for year in (2019, 2021, 2023, 2025):
            national = float(total[f"{year}12"].iloc[0]) * 1000
            ours = cap.loc[(cap["technology"] == tech) & (cap["year"] == year), "mw"].sum()
            assert ours == pytest.approx(national, rel=3e-3), (tech, year)


def test_load_shape_is_mean_normalised_for_every_province() -> None:
    shape = load_national().load_shape
    assert shape.shape == (8760, 31)
    assert set(shape.columns) == set(MAINLAND)
    # 4 significant digits in the file: the mean of 8760 rounded values is 1 within 1e-4
    np.testing.assert_allclose(shape.mean().to_numpy(), 1.0, atol=1e-4)
    assert (shape.to_numpy() > 0).all()


def test_load_shape_file_is_compact_gzip() -> None:
    blob = (BUNDLED / "load_shape.csv.gz").read_bytes()
    assert len(blob) < 700_000
    head = gzip.decompress(blob).decode().splitlines()[0]
    assert head.startswith("hour,")


def test_consumption_years_and_kinds() -> None:
    cons = load_national().consumption
    assert set(cons["province"]) == set(MAINLAND)
    kinds = cons.drop_duplicates("year").set_index("year")["kind"]
    assert kinds[2020] == "history"
    assert kinds[2024].startswith("statistics (NBS 2024")
    assert all(k.startswith("model projection") for y, k in kinds.items() if y >= 2030)
    assert (cons.loc[cons["year"] == 2024, "source_column"] == 2025).all()


def test_link_registry_rows_cite_their_source_row_and_use_known_provinces() -> None:
    links = load_national().links
    assert links["id"].is_unique
    for col in ("from_province", "to_province"):
        assert all(find_province(c) is not None for c in links[col])
    assert set(links["kind"]) == {"AC", "DC"}
    assert links["source_row"].is_unique
    raw = pd.read_csv(io.StringIO((BUNDLED / "links.csv").read_text()))
    assert list(raw.columns) == [
        "id",
        "name_zh",
        "name_en",
        "from_province",
        "to_province",
        "kind",
        "mw",
        "year",
        "status",
        "source",
        "source_row",
    ]


def test_sources_list_licence_as_of_rows_and_citation() -> None:
    s = load_national().sources
    for col in ("licence", "as_of", "citation"):
        assert (s[col].astype(str).str.len() > 0).all(), col
    assert (s["rows"] > 0).all()
    attribution = (BUNDLED / "ATTRIBUTION.md").read_text()
    assert "CC BY 4.0" in attribution and "MIT" in attribution
    assert (BUNDLED / "LICENSE-PyPSA-China-PIK-MIT.txt").read_text().startswith("MIT")
