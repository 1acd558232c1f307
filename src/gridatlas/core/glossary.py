"""The project's one glossary: every quantity's name, unit and labels.

The tables live in ``data/glossary/*.csv`` (one per subject, one glossary); the
docs page ``docs/glossary.md`` is generated from them (``make docs``), and a
test keeps the two in step. Reports and the CLI take their column labels from
here, in Chinese by default or in English.

Every zh/en text the product shows goes through :func:`label`: quantity names
(``balance.csv`` …) and the captions, titles and phrases of the outputs
(``labels.csv``; a phrase may hold ``{field}`` placeholders filled from
keyword arguments). Names that come with their own two spellings (a
province's ``short_zh``/``name_en``, a region's ``name``/``name_en``) are
picked with :func:`localized`. These two are the only places that choose a
language; a test keeps inline switches out of the rest of the package.

Units: ``p.u.`` is the one spelling for a dimensionless ratio (share,
coefficient, weight, probability, normalised score); ``-`` in the unit column
means the name is not a measured quantity (a category, a date, a caption).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal, TypeVar

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
T = TypeVar("T")


@dataclass(frozen=True)
class Term:
    """One glossary row."""

    name: str
    unit: str
    zh: str
    en: str
    description: str
    subject: str

    def text(self, lang: str) -> str:
        """The label in ``lang``."""
        return {"zh": self.zh, "en": self.en}[lang]


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


def label(
    key: str,
    lang: str = "zh",
    *,
    with_unit: bool = False,
    unit: str | None = None,
    **fields: object,
) -> str:
    """The display label of a glossary name, optionally followed by its unit.

    ``fields`` fill the ``{placeholders}`` of a phrase from ``labels.csv``,
    e.g. ``label("mg_dispatch_title", "en", title=…, name="x", day=3)``.
    """
    term = terms()[key]
    text = term.text(lang)
    if fields:
        text = text.format(**fields)
    shown_unit = unit if unit is not None else term.unit
    if with_unit and shown_unit and shown_unit != "-":
        text = f"{text} ({shown_unit})"
    return text


def localized(lang: str, zh: T, en: T) -> T:
    """Pick one of a thing's own two versions (e.g. a province's ``short_zh``/``name_en``)."""
    return {"zh": zh, "en": en}[lang]


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
