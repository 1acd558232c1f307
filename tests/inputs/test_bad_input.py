"""Bad input found by a mutation fuzzer (issue 8, items 1-6): each ends in one clean InputError.

Every test checks the error's file, field and stated expectation, and (through the CLI
entry point) exit status 2, no traceback and no output file.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import yaml
from input_helpers import GemTable, invoke, sheet_member, truncate_member

from gridatlas.app.cases import load_case, read_case_raw
from gridatlas.core.errors import InputError
from gridatlas.domain.bounds import (
    CAPEX_YUAN_PER_UNIT_MAX,
    PROVINCE_MW_MAX,
    SITE_KW_MAX,
    UNIT_MW_MAX,
)
from gridatlas.domain.case import case_from_dict
from gridatlas.model.finance import irr, payback
from gridatlas.reports.case_xlsx_writer import write_case_xlsx
from gridatlas.reports.site_template import write_site_xlsx
from gridatlas.sources.gem import read_gem
from gridatlas.sources.opportunity_config import bundled_weights, load_config
from gridatlas.sources.site_files import load_site, read_site_raw, site_from_raw, template_yaml
from gridatlas.sources.yaml_files import MAX_DEPTH, parse_yaml


def _gem_variant(gem_table: GemTable, path: Path, column: str, value: object, row: int = 1):
    """The subset with one cell replaced; returns (file, workbook row number of the cell)."""
    rows = [list(r) for r in gem_table.rows]
    rows[row][gem_table.column(column)] = value
    return gem_table.write(path, rows), row + 2


def _assert_cli_error(argv: list[str], output: Path | None, *needles: str) -> str:
    res = invoke(argv)
    assert res.exception is None, repr(res.exception)
    assert res.clean_error, (res.code, res.stderr)
    assert output is None or not output.exists(), "nothing may be written after an error"
    for needle in needles:
        assert needle in res.stderr
    return res.stderr


# --- 1. GEM importer: bad cells in every column it reads -----------------------------------


@pytest.mark.parametrize("value", [0, -5, 99999, 1e308, 2024.5, "soon"])
@pytest.mark.parametrize("column", ["Start year", "Permits"])
def test_gem_year_cells_out_of_range_name_row_column_and_range(
    gem_table: GemTable, tmp_path: Path, column: str, value: object
):
    book, row_no = _gem_variant(gem_table, tmp_path / "gem.xlsx", column, value)
    if column == "Permits" and value == "soon":
        # free text without a date is "no permit" in the tracker's usage: a valid row
        assert len(read_gem(book)) == len(gem_table.rows) - 3
        return
    with pytest.raises(InputError) as info:
        read_gem(book)
    err = info.value
    assert str(book) in err.source and "Units" in err.source
    assert err.field == f"row {row_no}.{column}"
    assert "1900–2100" in err.expected
    out = tmp_path / "units.csv"
    _assert_cli_error(
        ["pipeline", "import", "gem", str(book), "-o", str(out)], out, f"row {row_no}.{column}"
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("Capacity (MW)", 0, "positive number of MW"),
        ("Capacity (MW)", -5, "positive number of MW"),
        ("Capacity (MW)", 1e308, f"at most {UNIT_MW_MAX:,.0f} MW"),
        ("Capacity (MW)", "big", "positive number of MW"),
        ("Capacity (MW)", None, "positive number of MW"),
        ("GEM unit/phase ID", None, "a non-empty id"),
        ("Plant name", "  ", "a non-empty plant name"),
        ("Subnational unit (province, state)", "Atlantis", "mainland province"),
        ("Subnational unit (province, state)", 1e308, "mainland province"),
        ("Status", "bogus", "one of announced"),
        ("Status", 5, "one of announced"),
    ],
)
def test_gem_bad_cells_in_required_columns(
    gem_table: GemTable, tmp_path: Path, column: str, value: object, expected: str
):
    book, row_no = _gem_variant(gem_table, tmp_path / "gem.xlsx", column, value)
    with pytest.raises(InputError) as info:
        read_gem(book)
    assert info.value.field == f"row {row_no}.{column}"
    assert expected in info.value.expected


@pytest.mark.parametrize(
    "column", ["Unit name", "Owner", "Parent", "Captive industry use", "Captive residential use"]
)
@pytest.mark.parametrize("value", [1e308, -5, "☃ unicode 电厂", None])
def test_gem_free_text_columns_accept_anything(
    gem_table: GemTable, tmp_path: Path, column: str, value: object
):
    book, _ = _gem_variant(gem_table, tmp_path / "gem.xlsx", column, value)
    units = read_gem(book)
    assert len(units) == len(gem_table.rows) - 3  # the three non-China rows are left out
    assert all(math.isfinite(u.capacity_nom) for u in units)


# --- 2. GEM importer: no unit rows ------------------------------------------------------------


def test_gem_header_only_names_expected_and_found_columns(gem_table: GemTable, tmp_path: Path):
    book = gem_table.write(tmp_path / "gem.xlsx", rows=[])
    with pytest.raises(InputError) as info:
        read_gem(book)
    assert info.value.field == "Country"
    assert "no data rows" in info.value.expected
    assert "Start year" in info.value.expected and "GEM unit/phase ID" in info.value.expected
    out = tmp_path / "units.csv"
    _assert_cli_error(["pipeline", "import", "gem", str(book), "-o", str(out)], out, "no data rows")


def test_gem_shuffled_headers_name_expected_and_found_columns(gem_table: GemTable, tmp_path: Path):
    header = list(gem_table.header)
    shuffled = header[1:] + header[:1]  # every name moves one column to the left
    book = gem_table.write(tmp_path / "gem.xlsx", header=shuffled)
    with pytest.raises(InputError) as info:
        read_gem(book)
    assert "no row with Country = 'China'" in info.value.expected
    assert "GEM location ID" in info.value.expected  # a found column is listed
    out = tmp_path / "units.csv"
    _assert_cli_error(["pipeline", "import", "gem", str(book), "-o", str(out)], out, "Country")


def test_gem_renamed_headers_name_the_missing_column(gem_table: GemTable, tmp_path: Path):
    header = [f"col {i}" for i in range(len(gem_table.header))]
    book = gem_table.write(tmp_path / "gem.xlsx", header=header)
    with pytest.raises(InputError) as info:
        read_gem(book)
    assert info.value.field == "Country"


# --- 3. deeply nested YAML ----------------------------------------------------------------


def _nested(kind: str, depth: int) -> str:
    return "[" * depth + "]" * depth if kind == "list" else "{a: " * depth + "1" + "}" * depth


@pytest.mark.parametrize("kind", ["list", "mapping"])
def test_deep_yaml_is_refused_by_the_parser(kind: str):
    with pytest.raises(InputError) as info:
        parse_yaml(f"x: {_nested(kind, 500)}\n", "deep.yaml")
    assert info.value.source == "deep.yaml"
    assert f"at most {MAX_DEPTH} levels" in info.value.expected


def test_yaml_within_the_depth_limit_is_read():
    assert parse_yaml(f"x: {_nested('list', MAX_DEPTH - 2)}\n", "ok.yaml") is not None


@pytest.mark.parametrize("kind", ["list", "mapping"])
@pytest.mark.parametrize("fmt", ["case", "site", "weights"])
def test_deep_yaml_in_each_file_kind_gives_one_cli_error(tmp_path: Path, fmt: str, kind: str):
    if fmt == "case":
        text = read_case_raw_text("anhui")
        argv_of = lambda p, o: ["balance", str(p), "-f", "json", "-o", str(o)]  # noqa: E731
    elif fmt == "site":
        text = template_yaml()
        argv_of = lambda p, o: ["microgrid", "evaluate", str(p), "-f", "json", "-o", str(o)]  # noqa: E731
    else:
        text = bundled_weights().read_text("utf-8")
        argv_of = lambda p, o: ["assess", "--weights", str(p), "-f", "json"]  # noqa: E731
    path = tmp_path / f"{fmt}.yaml"
    path.write_text(text + f"\nzz_deep: {_nested(kind, 500)}\n", encoding="utf-8")
    out = tmp_path / "out.json"
    _assert_cli_error(argv_of(path, out), out, "levels deep")


def read_case_raw_text(name: str) -> str:
    raw, _ = read_case_raw(name)
    return yaml.safe_dump(raw, allow_unicode=True)


# --- 4. truncated workbooks ------------------------------------------------------------------


@pytest.mark.parametrize("word", ["capacity", "load", "case"])
def test_truncated_case_workbook_names_the_sheet(tmp_path: Path, word: str):
    raw, _ = read_case_raw("anhui")
    good = tmp_path / "good.xlsx"
    write_case_xlsx(raw, good)
    member = sheet_member(good, word)
    bad = truncate_member(good, tmp_path / "bad.xlsx", member)
    with pytest.raises(InputError) as info:
        load_case(bad)
    assert info.value.source == str(bad)
    assert info.value.field.startswith("sheet '") and "damaged" in info.value.expected
    out = tmp_path / "out.json"
    _assert_cli_error(["balance", str(bad), "-f", "json", "-o", str(out)], out, "damaged")


@pytest.mark.parametrize("word", ["site", "tariff_schedule", "profiles"])
def test_truncated_site_workbook_names_the_sheet(tmp_path: Path, word: str):
    good = tmp_path / "good.xlsx"
    write_site_xlsx(yaml.safe_load(template_yaml()), good)
    bad = truncate_member(good, tmp_path / "bad.xlsx", sheet_member(good, word))
    with pytest.raises(InputError) as info:
        load_site(bad)
    assert info.value.field.startswith("sheet '") and "damaged" in info.value.expected
    out = tmp_path / "out.json"
    _assert_cli_error(
        ["microgrid", "evaluate", str(bad), "-f", "json", "-o", str(out)], out, "damaged"
    )


# --- 5. overflow and physical bounds ------------------------------------------------------------


def test_site_capex_1e308_is_refused_with_its_bound(tmp_path: Path):
    raw = yaml.safe_load(template_yaml())
    raw["pv"]["capex_yuan_per_kw"] = "1e308"
    with pytest.raises(InputError) as info:
        site_from_raw(raw, "site.yaml")
    assert info.value.field == "pv.capex_yuan_per_kw"
    assert f"≤ {CAPEX_YUAN_PER_UNIT_MAX:,.10g}" in info.value.expected
    path = tmp_path / "site.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.json"
    _assert_cli_error(
        ["microgrid", "evaluate", str(path), "-f", "json", "-o", str(out)],
        out,
        "pv.capex_yuan_per_kw",
    )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("pv", "pv_kw"), 1e9),
        (("battery", "energy_kwh"), ".inf"),
        (("load", "peak_kw"), "nan"),
        (("finance", "other_capex_yuan"), 1e300),
    ],
)
def test_site_values_beyond_bounds_or_not_finite_are_refused(path: tuple[str, str], value):
    raw = yaml.safe_load(template_yaml())
    raw[path[0]][path[1]] = float(value) if value != ".inf" else math.inf
    with pytest.raises(InputError) as info:
        site_from_raw(raw, "site.yaml")
    assert info.value.field == ".".join(path)


def test_site_profile_beyond_the_site_bound_is_refused():
    raw = yaml.safe_load(template_yaml())
    raw["load"] = {"profile_kw": [100.0] * 8759 + [SITE_KW_MAX * 10]}
    with pytest.raises(InputError) as info:
        site_from_raw(raw, "site.yaml")
    assert info.value.field == "load.profile_kw[8759]"


@pytest.mark.parametrize(
    ("where", "value", "field"),
    [
        ("capacity", 1e308, "capacity.coal[2023]"),
        ("capacity", "1e400", "capacity.coal[2023]"),  # overflows to inf when parsed
        ("peak", 1e308, "load.peak_load[2023]"),
        ("growth", 50.0, "load.consumption_growth[2023]"),
    ],
)
def test_case_values_beyond_bounds_are_refused_with_the_bound(
    tmp_path: Path, where: str, value: object, field: str
):
    raw, _ = read_case_raw("anhui")
    if where == "capacity":
        raw["capacity"]["coal"] = value
    elif where == "peak":
        raw["load"]["peak_load"][2023] = value
    else:
        raw["load"]["consumption_growth"] = value
    with pytest.raises(InputError) as info:
        case_from_dict(raw, "case.yaml")
    assert info.value.field == field
    if where != "growth":
        assert (
            f"{PROVINCE_MW_MAX:,.0f} MW" in info.value.expected or "finite" in info.value.expected
        )
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out.json"
    _assert_cli_error(["balance", str(path), "-f", "json", "-o", str(out)], out, field)


def test_finance_is_robust_to_non_finite_cash_flows():
    flows = np.array([-1e308, 1e308, 1e308, -np.inf])
    assert irr(flows) is None
    assert payback(flows) is None
    assert irr(np.array([-100.0, np.nan, 60.0, 60.0])) is None
    # a finite, ordinary project still has its IRR: -100 + 60/(1+r) + 60/(1+r)^2 = 0
    r = irr(np.array([-100.0, 60.0, 60.0]))
    assert r is not None and abs(-100 + 60 / (1 + r) + 60 / (1 + r) ** 2) < 1e-9


def test_weights_non_finite_are_refused(tmp_path: Path):
    text = bundled_weights().read_text("utf-8").replace("load_base: 0.25", "load_base: .inf", 1)
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    assert "roles.general.load_base" in info.value.field


# --- 6. a blank template --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_blank_template_says_no_capacity_was_given(tmp_path: Path, fmt: str):
    template = tmp_path / f"x.{fmt}"
    res = invoke(["template", "-f", fmt, "-o", str(template)])
    assert res.code == 0 and template.exists(), res.stderr
    out = tmp_path / "out.json"
    _assert_cli_error(
        ["balance", str(template), "-f", "json", "-o", str(out)],
        out,
        "capacity",
        "no capacity was given",
    )
    res = invoke(["balance", str(template)])  # the default table output too
    assert res.clean_error and "no capacity was given" in res.stderr


def test_bundled_site_loads_under_the_bounds():
    raw, origin, base = read_site_raw("gd_two_shift_factory")
    assert load_site("gd_two_shift_factory").name == raw["name"]
    assert origin == "bundled:gd_two_shift_factory" and base is None


def test_error_text_with_markup_brackets_is_printed_as_written(tmp_path: Path):
    """A value such as ``[/]`` inside an error message must not be read as rich markup."""
    raw, _ = read_case_raw("anhui")
    raw["unit"] = "[bold]x[/]"
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    stderr = _assert_cli_error(["balance", str(path), "-f", "json"], None, "unit")
    assert "[bold]x[/]" in stderr


@pytest.mark.parametrize("ref", ["", " "])
def test_blank_source_reference_names_the_field(ref: str):
    """Found by the fuzz suite: a blank `source:` ended in an IndexError."""
    raw, _ = read_case_raw("anhui")
    raw["links"][0]["source"] = ref
    with pytest.raises(InputError) as info:
        case_from_dict(raw, "case.yaml")
    assert info.value.field.endswith(".source") and "source key" in info.value.expected


@pytest.mark.parametrize("value", ["2024", "2024.0", 2024.0, 2024])
def test_gem_start_year_as_text_or_number_is_read(gem_table: GemTable, tmp_path: Path, value):
    book, row_no = _gem_variant(gem_table, tmp_path / "gem.xlsx", "Start year", value)
    units = read_gem(book)
    ids = [r[gem_table.column("GEM unit/phase ID")] for r in gem_table.rows]
    unit = next(u for u in units if u.unit_id == ids[row_no - 2])
    assert unit.commissioning is not None and unit.commissioning.when == "2024"
