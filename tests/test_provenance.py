"""Provenance: version, input hash and sources, in JSON documents and workbooks."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from importlib import metadata, resources
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from gridatlas.app.cases import load_case
from gridatlas.cli import app
from gridatlas.domain.case import case_from_dict
from gridatlas.reports.provenance import SHEET, canonical, inputs_sha256, provenance
from gridatlas.sources.case_files import read_case_raw

HEX64 = re.compile(r"[0-9a-f]{64}")


def test_hash_is_sha256_of_the_canonical_text() -> None:
    inputs = {"b": [1.5, "x"], "a": np.int64(1), "c": np.array([0.25, 2.0])}
    text = '{"a":1,"b":[1.5,"x"],"c":[0.25,2.0]}'  # written out by hand
    assert inputs_sha256(inputs) == hashlib.sha256(text.encode()).hexdigest()


def test_version_is_the_installed_distribution() -> None:
    assert provenance({})["gridatlas_version"] == metadata.version("gridatlas")


def test_no_canonical_form_is_an_error() -> None:
    with pytest.raises(TypeError):
        canonical(object())


def test_same_case_same_hash_wherever_it_was_read(tmp_path: Path) -> None:
    copy_path = tmp_path / "anhui.yaml"
    text = resources.files("gridatlas.data").joinpath("cases", "anhui.yaml").read_text("utf-8")
    copy_path.write_text(text, "utf-8")
    assert inputs_sha256(load_case("anhui")) == inputs_sha256(load_case(copy_path))


def test_one_changed_number_changes_the_hash() -> None:
    raw, origin = read_case_raw("anhui")
    changed = copy.deepcopy(raw)
    changed["capacity"]["coal"][0] += 1
    assert inputs_sha256(case_from_dict(raw, origin)) != inputs_sha256(
        case_from_dict(changed, origin)
    )


def test_sources_are_the_case_registry() -> None:
    case = load_case("sichuan")
    prov = provenance(case, case.sources)
    assert [s["key"] for s in prov["sources"]] == list(case.sources)
    assert all(s["as_of"] == case.sources[s["key"]].as_of for s in prov["sources"])


def _json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, (result.output, result.exception)
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    "args",
    [
        ("balance", "anhui"),
        ("simulate", "anhui", "--draws", "500"),
        ("pipeline", "forecast"),
        ("capacity-cost",),
        ("microgrid", "evaluate", "gd_two_shift_factory", "--no-sensitivity"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_json_outputs_carry_provenance(args: tuple[str, ...]) -> None:
    prov = _json(*args)["provenance"]
    assert isinstance(prov, dict)
    assert prov["gridatlas_version"] == metadata.version("gridatlas")
    assert HEX64.fullmatch(prov["inputs_sha256"])
    assert prov["sources"] and all("key" in s for s in prov["sources"])


def test_different_inputs_give_different_hashes() -> None:
    a = _json("balance", "anhui")["provenance"]
    b = _json("balance", "zhejiang")["provenance"]
    assert isinstance(a, dict) and isinstance(b, dict)
    assert a["inputs_sha256"] != b["inputs_sha256"]


def _sheet(path: Path) -> dict[str, str]:
    wb = load_workbook(path, read_only=True)
    try:
        rows = wb[SHEET].iter_rows(min_row=2, values_only=True)
        return {str(r[0]): str(r[1]) for r in rows}
    finally:
        wb.close()


def test_workbooks_carry_the_same_provenance_as_json(tmp_path: Path) -> None:
    prov = _json("balance", "anhui")["provenance"]
    assert isinstance(prov, dict)
    book = tmp_path / "b.xlsx"
    result = CliRunner().invoke(app, ["balance", "anhui", "-f", "xlsx", "-o", str(book)])
    assert result.exit_code == 0, result.output
    sheet = _sheet(book)
    assert sheet["inputs_sha256"] == prov["inputs_sha256"]
    assert sheet["gridatlas_version"] == prov["gridatlas_version"]


@pytest.mark.parametrize(
    "args",
    [
        ("pipeline", "forecast", "-f", "xlsx"),
        ("microgrid", "evaluate", "gd_two_shift_factory", "--no-sensitivity", "-f", "xlsx"),
    ],
    ids=["pipeline", "microgrid"],
)
def test_other_workbooks_carry_provenance(args: tuple[str, ...], tmp_path: Path) -> None:
    book = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, [*args, "-o", str(book)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert HEX64.fullmatch(_sheet(book)["inputs_sha256"])
