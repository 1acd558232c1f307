"""The project's one glossary: every quantity's name, unit and labels.

The tables live in ``data/glossary/*.csv`` (one per subject, one glossary); the
docs page ``docs/glossary.md`` is generated from them (``make docs``), and a
test keeps the two in step. Reports and the CLI take their column labels from
here, in Chinese by default or in English.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Term:
    """One glossary row."""

    name: str
    unit: str
    zh: str
    en: str
    description: str
    subject: str


@cache
def terms() -> dict[str, Term]:
    """All glossary terms by name."""
    out: dict[str, Term] = {}
    folder = resources.files("gridatlas.data").joinpath("glossary")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".csv"):
            continue
        subject = entry.name.removesuffix(".csv")
        for row in csv.DictReader(entry.read_text("utf-8").splitlines()):
            if row["name"] in out:
                raise ValueError(f"glossary: {row['name']!r} is defined twice")
            out[row["name"]] = Term(subject=subject, **row)
    return out


def label(name: str, lang: Lang = "zh", *, with_unit: bool = False, unit: str | None = None) -> str:
    """The display label of a glossary name, optionally followed by its unit."""
    term = terms()[name]
    text = term.zh if lang == "zh" else term.en
    shown_unit = unit if unit is not None else term.unit
    if with_unit and shown_unit and shown_unit != "-":
        text = f"{text} ({shown_unit})"
    return text


def markdown() -> str:
    """The glossary as a Markdown page."""
    lines = [
        "# Glossary",
        "",
        "Generated from `src/gridatlas/data/glossary/*.csv` by `make docs`; edit the CSV, not this page.",
        "One name per quantity, used the same way in code, case files, outputs and docs.",
        "",
    ]
    by_subject: dict[str, list[Term]] = {}
    for t in terms().values():
        by_subject.setdefault(t.subject, []).append(t)
    for subject, rows in by_subject.items():
        lines += [
            f"## {subject}",
            "",
            "| name | unit | 中文 | English | meaning |",
            "|---|---|---|---|---|",
        ]
        lines += [f"| `{t.name}` | {t.unit} | {t.zh} | {t.en} | {t.description} |" for t in rows]
        lines.append("")
    return "\n".join(lines)
