"""CLI command ``gridatlas cases``: the bundled balance cases, as a table or JSON.

Kept apart from :mod:`gridatlas.cli.balance` so that listing the cases loads no
runner, chart or workbook library.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from gridatlas.app.case_list import list_cases
from gridatlas.cli.options import LangOpt, Language, output_text
from gridatlas.core.glossary import label, localized
from gridatlas.core.provinces import find_province

console = Console()


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def cases(
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    lang: LangOpt = Language.zh,
) -> None:
    """List the bundled balance cases (列出内置案例)."""
    infos = list_cases()
    if fmt == ListFormat.json:
        output_text(json.dumps([c.to_json() for c in infos], ensure_ascii=False, indent=2), None)
        return
    table = Table(title=label("cli_bundled_balance_cases", lang))
    for col in (
        "name",
        label("cli_province", lang),
        label("cli_years", lang),
        label("cli_scenarios", lang),
        label("cli_sources", lang),
    ):
        table.add_column(col)
    for c in infos:
        en = find_province(c.province_code)
        prov = localized(lang, c.province_zh, c.province_zh if en is None else en.name_en)
        years = f"{c.years[0]}–{c.years[-1]}"
        table.add_row(*map(escape, (c.name, prov, years, str(c.scenarios), "; ".join(c.sources))))
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``cases`` to the root app."""
    app.command("cases")(cases)
