"""Property-based fuzz suite: every mutated input ends in a valid result or one clean error.

For each input format (case YAML and xlsx, site YAML and xlsx, weights YAML, the GEM
workbook), hypothesis mutates valid files (see :mod:`fuzz_mutations`) and runs each
through the console-script entry point in this process. Each run must end in either

* exit 0 with a complete output whose numbers are all finite, or
* exit 2 with one ``error:`` line on stderr, no traceback, and no output file.

``make test`` runs a few dozen cases per format (profile ``inputs-ci``);
``make fuzz`` runs at least 10,000 per format (``HYPOTHESIS_PROFILE=inputs-fuzz``) and
writes the counts to ``$FUZZ_COUNTS``.

Site files: a valid site costs about a second in the HiGHS dispatch, so every site
is first loaded in-process (reader and checks: where bad input is caught); the CLI
then runs for every refused site (the error path is cheap) and for a sample of the
valid ones (every one in CI, one in ``SITE_CLI_EVERY`` in the long run). Valid sites
that skip the CLI are checked for finite load, PV, prices and cost annuities.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer.main
import yaml
from fuzz_mutations import (
    Workbook,
    dump_yaml,
    mutated_data,
    mutated_text,
    mutated_workbook,
    nasty_scalars,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from input_helpers import GemTable, Outcome, invoke, non_finite_json
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from gridatlas.app.cases import bundled_case_names, read_case_raw
from gridatlas.core.errors import InputError
from gridatlas.reports.case_xlsx_writer import write_case_xlsx
from gridatlas.reports.site_template import write_site_xlsx
from gridatlas.sources.opportunity_config import bundled_weights
from gridatlas.sources.site_files import bundled_site_names, load_site, read_site_raw, template_yaml

_COMMON = {
    "deadline": None,
    "derandomize": False,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
}
settings.register_profile("inputs-ci", max_examples=25, **_COMMON)  # type: ignore[arg-type]
settings.register_profile(
    "inputs-fuzz",
    max_examples=10_000,
    **_COMMON,  # type: ignore[arg-type]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "inputs-ci")
if PROFILE not in ("inputs-ci", "inputs-fuzz"):
    PROFILE = "inputs-ci"
FUZZ = settings(settings.get_profile(PROFILE), database=None)
if os.environ.get("FUZZ_EXAMPLES"):  # a one-off size, e.g. while fixing what the fuzzer found
    FUZZ = settings(FUZZ, max_examples=int(os.environ["FUZZ_EXAMPLES"]))
#: In the long run, one valid site in this many also goes through the whole CLI evaluation.
SITE_CLI_EVERY = 1 if PROFILE == "inputs-ci" else 25

COUNTS: Counter[tuple[str, str]] = Counter()


def _write_counts() -> None:
    """Write the outcome counts per format to ``$FUZZ_COUNTS`` (JSON) when set."""
    target = os.environ.get("FUZZ_COUNTS")
    if target:
        table: dict[str, dict[str, int]] = {}
        for (fmt, outcome), n in sorted(COUNTS.items()):
            table.setdefault(fmt, {})[outcome] = n
        Path(target).write_text(json.dumps(table, indent=2), encoding="utf-8")


def _count(fmt: str, outcome: str) -> None:
    COUNTS[fmt, outcome] += 1
    if COUNTS.total() % 250 == 0:  # progress of a long run
        _write_counts()


@pytest.fixture(scope="module", autouse=True)
def _report_counts() -> Iterator[None]:
    yield
    _write_counts()


@pytest.fixture(scope="module", autouse=True)
def _fast_cli() -> Iterator[None]:
    """Build typer's click command once instead of once per run (≈0.1 s each)."""
    original = typer.main.get_command
    cached = functools.lru_cache(maxsize=None)(original)
    typer.main.get_command = cached  # type: ignore[assignment]
    yield
    typer.main.get_command = original


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --- outcome checks


def _describe(res: Outcome, log: list[str]) -> str:
    return f"mutations {log}\nexit {res.code}\nstderr {res.stderr[-2000:]}\nexc {res.exception!r}"


def _finite_json(text: str, where: str, log: list[str]) -> None:
    bad = non_finite_json(text)
    assert not bad, f"non-finite numbers {bad[:3]} in {where}; mutations {log}"


def _check(fmt: str, res: Outcome, output: Path | None, log: list[str]) -> Outcome:
    """A valid result or one clean error; counts the outcome."""
    if res.exception is not None:
        _count(fmt, "failure")
        raise AssertionError(_describe(res, log)) from res.exception
    if res.code == 0:
        assert output is None or output.exists(), _describe(res, log)
        _count(fmt, "valid")
        return res
    if not res.clean_error:
        _count(fmt, "failure")
        raise AssertionError("not one clean error:\n" + _describe(res, log))
    assert output is None or not output.exists(), "an output file was left after an error"
    assert len(res.stderr.strip().splitlines()) <= 3, _describe(res, log)
    _count(fmt, "clean error")
    return res


def _fresh(path: Path) -> Path:
    if path.exists():
        path.unlink()
    return path


# --- case files


def _case_bases() -> list[dict[str, Any]]:
    bases = [read_case_raw(name)[0] for name in bundled_case_names()[:3]]
    template_text = (
        Path(__file__).resolve().parents[2] / "src/gridatlas/data/templates/case.yaml"
    ).read_text("utf-8")
    filled = yaml.safe_load(template_text)
    filled["capacity"]["coal"] = [900, 950, 1000]
    return [*bases, filled, yaml.safe_load(template_text)]


CASE_BASES = _case_bases()


def _run_case(fmt: str, path: Path, out: Path, log: list[str]) -> None:
    res = _check(fmt, invoke(["balance", str(path), "-f", "json", "-o", str(out)]), out, log)
    if res.code == 0:
        _finite_json(out.read_text("utf-8"), str(out), log)


@FUZZ
@given(case=mutated_data(CASE_BASES), text_cut=st.data())
def test_fuzz_case_yaml(work: Path, case: tuple[Any, list[str]], text_cut: st.DataObject):
    data, log = case
    text = text_cut.draw(mutated_text(dump_yaml(data)))
    path = work / "case.yaml"
    path.write_text(text, encoding="utf-8")
    _run_case("case yaml", path, _fresh(work / "case.json"), log)


@pytest.fixture(scope="module")
def case_books(work: Path) -> list[Workbook]:
    out = []
    for i, raw in enumerate(CASE_BASES[:2] + CASE_BASES[3:4]):
        path = work / f"case_base{i}.xlsx"
        write_case_xlsx(raw, path)
        out.append(Workbook.of(path.read_bytes()))
    return out


@FUZZ
@given(data=st.data())
def test_fuzz_case_xlsx(work: Path, case_books: list[Workbook], data: st.DataObject):
    book, log = data.draw(mutated_workbook(case_books))
    path = work / "case.xlsx"
    path.write_bytes(book)
    _run_case("case xlsx", path, _fresh(work / "case_x.json"), log)


# --- site files

SITE_BASES = [yaml.safe_load(template_yaml())] + [
    read_site_raw(name)[0] for name in bundled_site_names()[:2]
]
_valid_sites = Counter[str]()


def _site_arrays_finite(path: Path) -> None:
    site = load_site(path)
    for arr in (site.load, site.plant.pv_pu, site.tariff.price):
        assert np.isfinite(arr).all()
    lim = site.limits
    for v in (lim.pv_annual, lim.battery_kw_annual, lim.battery_kwh_annual, site.dr_revenue):
        assert math.isfinite(v)


def _run_site(fmt: str, path: Path, out: Path, log: list[str]) -> None:
    try:
        _site_arrays_finite(path)
        valid = True
    except InputError:
        valid = False
    except Exception as exc:
        _count(fmt, "failure")
        raise AssertionError(f"uncaught {exc!r}; mutations {log}") from exc
    if valid:
        _valid_sites[fmt] += 1
        if _valid_sites[fmt] % SITE_CLI_EVERY:
            _count(fmt, "valid (checks only)")
            return
    argv = ["microgrid", "evaluate", str(path), "--no-sensitivity", "-f", "json", "-o", str(out)]
    res = _check(fmt, invoke(argv), out, log)
    if res.code == 0:
        _finite_json(out.read_text("utf-8"), str(out), log)


@FUZZ
@given(site=mutated_data(SITE_BASES), text_cut=st.data())
def test_fuzz_site_yaml(work: Path, site: tuple[Any, list[str]], text_cut: st.DataObject):
    data, log = site
    path = work / "site.yaml"
    path.write_text(text_cut.draw(mutated_text(dump_yaml(data))), encoding="utf-8")
    _run_site("site yaml", path, _fresh(work / "site.json"), log)


@pytest.fixture(scope="module")
def site_books(work: Path) -> list[Workbook]:
    out = []
    for i, raw in enumerate(SITE_BASES[:1]):
        path = work / f"site_base{i}.xlsx"
        write_site_xlsx(raw, path)
        out.append(Workbook.of(path.read_bytes()))
    return out


@FUZZ
@given(data=st.data())
def test_fuzz_site_xlsx(work: Path, site_books: list[Workbook], data: st.DataObject):
    book, log = data.draw(mutated_workbook(site_books))
    path = work / "site.xlsx"
    path.write_bytes(book)
    _run_site("site xlsx", path, _fresh(work / "site_x.json"), log)


# --- weights

WEIGHTS_BASES = [yaml.safe_load(bundled_weights().read_text("utf-8"))]


@FUZZ
@given(weights=mutated_data(WEIGHTS_BASES), text_cut=st.data())
def test_fuzz_weights_yaml(work: Path, weights: tuple[Any, list[str]], text_cut: st.DataObject):
    data, log = weights
    path = work / "weights.yaml"
    path.write_text(text_cut.draw(mutated_text(dump_yaml(data))), encoding="utf-8")
    res = _check(
        "weights yaml", invoke(["assess", "--weights", str(path), "-f", "json"]), None, log
    )
    if res.code == 0:
        _finite_json(res.stdout, "stdout", log)


# --- the GEM workbook


@st.composite
def gem_variant(draw: st.DrawFn, table: GemTable) -> tuple[list[Any], list[list[Any]], list[str]]:
    header = list(table.header)
    rows = [list(r) for r in table.rows]
    log: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        op = draw(st.sampled_from(["cell", "cell", "cell", "cell", "row", "col", "header", "dup"]))
        if op == "cell" and rows:
            r = draw(st.integers(min_value=0, max_value=len(rows) - 1))
            c = draw(st.integers(min_value=0, max_value=len(header) - 1))
            value = draw(nasty_scalars)
            if isinstance(value, list | dict):
                value = str(value)
            if isinstance(value, str):  # characters a worksheet cannot hold
                value = ILLEGAL_CHARACTERS_RE.sub("?", value)
            rows[r][c] = value
            log.append(f"cell {r + 2},{header[c]!r} = {value!r:.40}")
        elif op == "row" and rows:
            del rows[draw(st.integers(min_value=0, max_value=len(rows) - 1))]
            log.append("delete row")
        elif op == "col":
            c = draw(st.integers(min_value=0, max_value=len(header) - 1))
            log.append(f"delete column {header[c]!r}")
            del header[c]
            for row in rows:
                del row[c]
        elif op == "header":
            if draw(st.booleans()):
                header = list(draw(st.permutations(header)))
                log.append("shuffle header")
            else:
                c = draw(st.integers(min_value=0, max_value=len(header) - 1))
                header[c] = draw(st.sampled_from(["", "Country ", "country", "Start Year", "电"]))
                log.append(f"rename column {c}")
        elif op == "dup" and rows:
            rows.append(list(draw(st.sampled_from(rows))))
            log.append("duplicate row")
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        rows = []
        log.append("header only")
    return header, rows, log


@FUZZ
@given(data=st.data())
def test_fuzz_gem_workbook(work: Path, gem_table: GemTable, data: st.DataObject):
    header, rows, log = data.draw(gem_variant(gem_table))
    path = work / "gem.xlsx"
    gem_table.write(path, rows=rows, header=header)
    if data.draw(st.integers(min_value=0, max_value=9)) == 0:  # damage the zip now and then
        book, more = data.draw(mutated_workbook([Workbook.of(path.read_bytes())]))
        path.write_bytes(book)
        log += more
    out = _fresh(work / "units.csv")
    res = _check(
        "gem workbook", invoke(["pipeline", "import", "gem", str(path), "-o", str(out)]), out, log
    )
    if res.code == 0:
        units = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
        assert units, f"an empty unit list was written; mutations {log}"
        for u in units:
            mw = float(u["capacity_nom"])
            assert math.isfinite(mw) and mw > 0, f"capacity {mw}; mutations {log}"
