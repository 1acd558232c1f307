"""CLI of probabilistic adequacy: ``gridatlas adequacy [run] SYSTEM``, ``adequacy elcc``, ``adequacy systems``.

``gridatlas adequacy SYSTEM …`` is short for ``gridatlas adequacy run SYSTEM …``.
The root command registry imports this module only when ``adequacy`` runs, so
other commands do not pay for numba (~0.5 s) at start-up.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gridatlas.app.adequacy import (
    Resource,
    bundled_system_names,
    capacity_credit,
    load_system,
    read_profiles,
    run,
)
from gridatlas.app.national_adequacy import run_national_adequacy
from gridatlas.cli.options import LangOpt, Language, output_tables, output_text, wrote
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import label
from gridatlas.reports import national_adequacy_report as nar
from gridatlas.reports.adequacy_report import (
    credit_json_dict,
    credit_table,
    rich_table,
    to_json_dict,
    write_xlsx,
)

console = Console()
err = Console(stderr=True)

#: Runs with at least this many samples show a progress bar on stderr.
PROGRESS_FROM = 5_000


class RunFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


class CreditFormat(StrEnum):
    table = "table"
    json = "json"


class Backend(StrEnum):
    serial = "serial"
    dask = "dask"


class ResourceKind(StrEnum):
    firm = "firm"
    thermal = "thermal"
    solar = "solar"
    wind = "wind"
    storage = "storage"


class MetricName(StrEnum):
    eue = "eue"
    lole = "lole"


class _DefaultRun(typer.core.TyperGroup):
    """A group whose first argument, if it is not a command name, goes to ``run``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


SystemArg = Annotated[
    str,
    typer.Argument(
        help="A bundled system (e.g. ieee-rts79), a system folder or a system .yaml file."
    ),
]
SamplesOpt = Annotated[int, typer.Option("--samples", "-n", help="Sample-years to simulate.")]
SeedOpt = Annotated[int, typer.Option("--seed", help="Run seed (same seed, same result).")]


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def run_cmd(
    system: SystemArg,
    samples: SamplesOpt = 10_000,
    seed: SeedOpt = 1,
    fmt: Annotated[RunFormat, typer.Option("--format", "-f")] = RunFormat.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    backend: Annotated[
        Backend, typer.Option("--backend", help="serial (in process) or dask.")
    ] = Backend.serial,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (implies --backend dask)."),
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Local Dask workers.")] = None,
    hydrology: Annotated[
        str | None, typer.Option("--hydrology", help="Hydrology scenario.")
    ] = None,
    lang: LangOpt = Language.zh,
) -> None:
    """LOLE, LOLD, EUE, NEUE and LOLF by sequential Monte Carlo (概率充裕度).

    Per region and for the whole system, each with its standard error.
    """

    the_system = load_system(system)
    kwargs: dict[str, Any] = {
        "backend": backend.value,
        "scheduler": scheduler,
        "workers": workers,
        "hydrology": hydrology,
    }
    if samples >= PROGRESS_FROM or backend == Backend.dask or scheduler:
        with _bar() as bar:
            task = bar.add_task("adequacy", total=samples)
            result = run(
                the_system,
                samples,
                seed,
                progress=lambda done, total: bar.update(task, completed=done),
                **kwargs,
            )
    else:
        result = run(the_system, samples, seed, **kwargs)
    if fmt == RunFormat.json:
        output_text(json.dumps(to_json_dict(result), ensure_ascii=False, indent=2), output, err)
    elif fmt == RunFormat.xlsx:
        target = output or Path(f"{the_system.name}_adequacy.xlsx")
        write_xlsx(result, target, lang.value)
        wrote(target)
    else:
        output_tables([rich_table(result, lang.value)], output, console, width=140)


def _profile_file(path: Path | None, hours: int) -> list[float] | None:
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, "", f"a readable UTF-8 CSV file ({exc})") from None
    cols = read_profiles(text, str(path))
    if len(cols) != 1:
        raise InputError(
            path, "header", "exactly one column (hourly output share, p.u.)", len(cols)
        )
    values = next(iter(cols.values()))
    if len(values) != hours or any(not 0 <= v <= 1 for v in values):
        raise InputError(path, "", f"{hours} hourly values between 0 and 1", len(values))
    return values


def elcc(
    system: SystemArg,
    resource: Annotated[ResourceKind, typer.Option("--resource", help="What is added.")],
    mw: Annotated[float, typer.Option("--mw", help="Nameplate (storage: power). [MW]")],
    hours: Annotated[float, typer.Option("--hours", help="Storage duration. [h]")] = 4.0,
    forced_outage_rate: Annotated[
        float, typer.Option("--forced-outage-rate", help="Thermal forced outage rate. [p.u.]")
    ] = 0.05,
    mttr: Annotated[float, typer.Option("--mttr", help="Thermal mean time to repair. [h]")] = 50.0,
    region: Annotated[
        str | None, typer.Option("--region", help="Region (default: the first).")
    ] = None,
    metric: Annotated[MetricName, typer.Option("--metric")] = MetricName.eue,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help="Solar/wind: one-column CSV of hourly output share."),
    ] = None,
    tolerance: Annotated[
        float | None,
        typer.Option("--tolerance", help="Bisection tolerance [MW]; default 1 % of --mw."),
    ] = None,
    samples: SamplesOpt = 2_000,
    seed: SeedOpt = 1,
    fmt: Annotated[CreditFormat, typer.Option("--format", "-f")] = CreditFormat.table,
    lang: LangOpt = Language.zh,
) -> None:
    """ELCC and EFC of a resource added to a region (有效载荷能力与等效固定容量)."""

    the_system = load_system(system)
    res = Resource(
        kind=resource.value,
        mw=mw,
        region=region or the_system.regions[0].name,
        hours=hours,
        forced_outage_rate=forced_outage_rate,
        mttr_h=mttr,
        profile=_profile_file(profile, the_system.hours),
    )
    if not 0 <= forced_outage_rate < 1:
        raise InputError("--forced-outage-rate", "", "a share 0 ≤ F < 1", forced_outage_rate)
    with _bar() as bar:
        task = bar.add_task("base", total=None)
        cc = capacity_credit(
            the_system,
            res,
            samples=samples,
            seed=seed,
            metric=metric.value,
            tolerance_mw=tolerance,
            progress=lambda step: bar.update(task, description=step),
        )
    if fmt == CreditFormat.json:
        typer.echo(json.dumps(credit_json_dict(cc), ensure_ascii=False, indent=2))
    else:
        console.print(credit_table(cc, lang.value))


def national(
    year: Annotated[int, typer.Option("--year", help="Year of the balance cases (e.g. 2025).")],
    samples: SamplesOpt = 200,
    seed: SeedOpt = 1,
    target_lold: Annotated[
        float, typer.Option("--target-lold", help="LOLD target of the firm search. [d/yr]")
    ] = 0.1,
    firm_samples: Annotated[
        int, typer.Option("--firm-samples", help="Samples per firm-search run (0: no search).")
    ] = 100,
    fmt: Annotated[RunFormat, typer.Option("--format", "-f")] = RunFormat.table,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
    lang: LangOpt = Language.zh,
) -> None:
    """31 provinces with inter-provincial links: LOLE/EUE, firm capacity to the LOLD target,
    next to the report-style reserve margin (全国分省概率充裕度)."""
    if samples < 2:
        raise InputError("--samples", "", "a whole number ≥ 2", samples)
    if firm_samples != 0 and firm_samples < 2:
        raise InputError("--firm-samples", "", "0 or a whole number ≥ 2", firm_samples)
    if not target_lold > 0:
        raise InputError("--target-lold", "", "a LOLD target > 0 d/yr", target_lold)
    with _bar() as bar:
        bar.add_task("national adequacy", total=None)
        result = run_national_adequacy(
            year,
            samples=samples,
            seed=seed,
            target_lold=target_lold,
            firm_samples=firm_samples or None,
        )
    if fmt == RunFormat.json:
        text = json.dumps(nar.to_json_dict(result), ensure_ascii=False, indent=2)
        output_text(text, output, err)
    elif fmt == RunFormat.xlsx:
        target = output or Path(f"national_adequacy_{year}.xlsx")
        nar.write_xlsx(result, target, lang.value)
        wrote(target)
    else:
        output_tables([nar.rich_table(result, lang.value)], output, console, width=160)


def systems(lang: LangOpt = Language.zh) -> None:
    """List the bundled adequacy systems (内置充裕度算例)."""
    t = Table(title=label("cli_bundled_adequacy_systems", lang))
    for col in ("name", "regions", "hours", "description"):
        t.add_column(col)
    for name in bundled_system_names():
        s = load_system(name)
        t.add_row(name, str(len(s.regions)), str(s.hours), s.description)
    console.print(t)


def register(app: typer.Typer) -> None:
    """Add ``gridatlas adequacy …`` to the root app."""
    sub = typer.Typer(
        cls=_DefaultRun,
        help="Probabilistic adequacy: LOLE/EUE by sequential Monte Carlo, ELCC (概率充裕度).",
        no_args_is_help=True,
    )
    sub.command("run")(run_cmd)
    sub.command("elcc")(elcc)
    sub.command("systems")(systems)
    sub.command("national")(national)
    app.add_typer(sub, name="adequacy")
