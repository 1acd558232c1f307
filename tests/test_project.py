"""Project-level checks: public API, glossary page, bundled data provenance, docs."""

from __future__ import annotations

import csv
import doctest
from importlib import resources
from pathlib import Path

import gridatlas
from gridatlas.core.glossary import markdown, terms

ROOT = Path(__file__).resolve().parents[1]


def test_public_api_is_sorted_and_importable():
    assert gridatlas.__all__ == sorted(gridatlas.__all__)
    for name in gridatlas.__all__:
        assert getattr(gridatlas, name) is not None


def test_package_doctest():
    failures, tried = doctest.testmod(gridatlas)
    assert tried >= 2 and failures == 0


def test_glossary_page_is_generated_from_the_tables():
    page = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    assert page == markdown(), "run `make docs` after editing the glossary CSVs"


def test_glossary_names_are_unique_and_have_units():
    for term in terms().values():
        assert term.unit, term.name
        assert term.zh and term.en, term.name


def test_default_coefficients_carry_source_and_date():
    text = resources.files("gridatlas.data").joinpath("coefficients.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        assert row["source"].strip() and row["as_of"].strip(), row


def test_readme_quick_start_names_the_two_make_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
