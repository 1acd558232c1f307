"""Options and output helpers shared by the CLI command modules.

``--lang`` (:data:`LangOpt`), the output formats several commands share, and
how a command's text reaches the user: printed to stdout, or written
atomically to ``-o FILE`` with a ``wrote FILE`` note on the given console.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from gridatlas.app.templates import template_data
from gridatlas.reports.atomic import write_text_atomic

#: Notes such as ``wrote FILE`` go to stderr, so stdout holds only what a command prints.
notes = Console(stderr=True)


class Language(StrEnum):
    zh = "zh"
    en = "en"


LangOpt = Annotated[Language, typer.Option("--lang", help="Labels: zh (default) or en.")]


class Format(StrEnum):
    """Output formats of the commands that write tables: terminal table, CSV, JSON, Excel."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


#: ``-f table|json|xlsx`` of the report commands (exposure, flexibility, economics).
ReportFormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table, json or xlsx.")]
#: ``-o FILE`` of the report commands.
OutputOpt = Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")]


def adequacy_samples_option(what: str) -> Any:
    """``--adequacy-samples N``: national adequacy runs (one per year) feeding ``what``."""
    return typer.Option(
        "--adequacy-samples",
        min=0,
        max=100_000,
        help=f"{what} from a national adequacy run per year (~15-30 s/yr).",
    )


@contextmanager
def progress_bar(name: str, total: int | None = None) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr; yields ``update(done, total)``."""
    with Progress(
        TextColumn(f"[bold]{escape(name)}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(name, total=total)
        yield lambda done, n: progress.update(task, completed=done, total=n)


class TemplateFormat(StrEnum):
    yaml = "yaml"
    xlsx = "xlsx"


def wrote(path: Path) -> None:
    """Say on stderr that ``path`` was written (the path printed as written, not as markup)."""
    notes.print(f"wrote {escape(str(path))}", highlight=False)


def output_text(text: str, output: Path | None, console: Console | None = None) -> None:
    """Print ``text`` to stdout, or write it to ``output`` atomically and say so on stderr."""
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        write_text_atomic(output, text)
        wrote(output)


def output_tables(
    renderables: Iterable[RenderableType], output: Path | None, console: Console, width: int
) -> None:
    """Print rich tables on ``console``, or write them as plain text (``width`` columns) to ``output``."""
    if output is None:
        for r in renderables:
            console.print(r)
        return
    file_console = Console(record=True, width=width)
    for r in renderables:
        file_console.print(r)
    output_text(file_console.export_text(), output, console)


def output_report(
    fmt: str,
    *,
    to_json: Callable[[], Any],
    write_xlsx: Callable[[Path], None],
    tables: Callable[[], Iterable[RenderableType]],
    output: Path | None,
    default_xlsx: str,
    console: Console,
    width: int,
) -> None:
    """Emit one result as ``json`` (one document), ``xlsx`` (to ``output`` or
    ``default_xlsx``) or ``table``; only the chosen format is built."""
    if fmt == "json":
        output_text(json.dumps(to_json(), ensure_ascii=False, indent=2), output, console)
    elif fmt == "xlsx":
        target = output or Path(default_xlsx)
        write_xlsx(target)
        wrote(target)
    else:
        output_tables(tables(), output, console, width=width)


def output_template(
    text: str,
    fmt: TemplateFormat,
    output: Path | None,
    console: Console,
    default_xlsx: str,
    write_xlsx: Callable[[Any, Path], None],
) -> None:
    """Write a commented YAML template as it is, or its content as the Excel template."""
    if fmt == TemplateFormat.yaml:
        output_text(text, output, console)
        return
    target = output or Path(default_xlsx)
    write_xlsx(template_data(text), target)
    wrote(target)
