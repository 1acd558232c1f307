"""Microgrid screening as users ask for it: a site by name or file, one or a folder of them.

:func:`evaluate` reads a site (a bundled name or a ``.yaml``/``.xlsx`` file)
and screens it with :func:`gridatlas.runners.microgrid.evaluate`;
:func:`sweep` screens every site file in a folder on Dask (a local cluster by
default, or a scheduler address). The readers the command line needs (bundled
sites and tariffs, the template) are re-exported here so that ``cli/`` talks
to ``app/`` only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gridatlas.core.errors import GridatlasError, InputError
from gridatlas.core.stdio import stdout_to_stderr
from gridatlas.domain.microgrid_site import Site
from gridatlas.reports.microgrid_report import to_json_dict
from gridatlas.reports.site_template import write_site_xlsx
from gridatlas.runners.microgrid import Evaluation
from gridatlas.runners.microgrid import evaluate as run_evaluate
from gridatlas.sources.site_files import (
    bundled_site_names,
    bundled_tariff_names,
    load_site,
    read_tariff_raw,
    template_yaml,
)

__all__ = [
    "SITE_SUFFIXES",
    "Evaluation",
    "bundled_site_names",
    "bundled_tariff_names",
    "evaluate",
    "load_site",
    "read_tariff_raw",
    "screen_file",
    "site_files",
    "sweep",
    "template_yaml",
    "write_site_xlsx",
]

SITE_SUFFIXES = (".yaml", ".yml", ".xlsx")


def evaluate(
    site: str | Path | Site,
    optimize: bool = False,
    sensitivity: bool = True,
    threads: int = 1,
    verbose: bool = False,
) -> Evaluation:
    """Screen one site given by bundled name, file path or checked object.

    The solver's log (only with ``verbose``) goes to stderr, never to stdout.
    """
    the_site = site if isinstance(site, Site) else load_site(site)
    with stdout_to_stderr():
        return run_evaluate(
            the_site, optimize=optimize, sensitivity=sensitivity, threads=threads, verbose=verbose
        )


def site_files(sites_dir: str | Path) -> list[Path]:
    """Site files in a folder (``*.yaml``, ``*.yml``, ``*.xlsx``), sorted by name."""
    folder = Path(sites_dir)
    if not folder.is_dir():
        raise InputError(str(folder), "SITES_DIR", "an existing folder of site files")
    files = sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in SITE_SUFFIXES and not p.name.startswith(".")
    )
    if not files:
        raise InputError(
            str(folder), "SITES_DIR", "a folder with at least one .yaml or .xlsx site file"
        )
    return files


def screen_file(path: str, optimize: bool = False) -> dict[str, Any]:
    """Screen one site file and return its JSON summary (errors become ``{"error": ...}``)."""
    try:
        site = load_site(path)
        ev = run_evaluate(site, optimize=optimize, sensitivity=False, threads=1)
    except GridatlasError as exc:
        return {"file": path, "error": str(exc)}
    out = to_json_dict(ev)
    out["file"] = path
    return out


def _local_cluster() -> Any:
    # Imported here for start-up speed (dask and distributed load ~1 s), not to dodge a cycle.
    from dask.distributed import LocalCluster

    workers = max(1, min(2, os.cpu_count() or 1))
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=40,
    )


def sweep(
    sites_dir: str | Path,
    scheduler: str | None = None,
    optimize: bool = False,
    progress: Callable[[int, int], None] | None = None,
    files: Sequence[Path] | None = None,
) -> list[dict[str, Any]]:
    """Screen every site file in ``sites_dir`` in parallel on Dask.

    Parameters
    ----------
    sites_dir : str or Path
    scheduler : str, optional
        Address of a running Dask scheduler (``tcp://host:8786``); by default a
        LocalCluster with one single-threaded worker process per core (2 here).
    optimize : bool
        Size each site instead of evaluating its stated sizes.
    progress : callable, optional
        ``progress(done, total)`` after each site.
    files : sequence of Path, optional
        The files to screen (default: :func:`site_files` of ``sites_dir``).

    Returns
    -------
    list of dict
        One JSON summary per file, in file order (see
        :func:`gridatlas.reports.microgrid_report.to_json_dict`); a file that fails
        its checks yields ``{"file", "error"}``.
    """
    # Imported here for start-up speed (dask and distributed load ~1 s), not to dodge a cycle.
    from dask.distributed import Client, as_completed

    paths = [str(p) for p in (files if files is not None else site_files(sites_dir))]
    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="10s")
    else:
        cluster = _local_cluster()
        client = Client(cluster)
    try:
        futures = client.map(screen_file, paths, optimize=optimize, pure=False)
        order = {f.key: i for i, f in enumerate(futures)}
        results: list[dict[str, Any] | None] = [None] * len(paths)
        for done, fut in enumerate(as_completed(futures), start=1):
            results[order[fut.key]] = fut.result()
            if progress is not None:
                progress(done, len(paths))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return [r for r in results if r is not None]
