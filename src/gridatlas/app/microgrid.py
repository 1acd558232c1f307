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

from gridatlas.app.sweep_worker import warm_up
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
    site_from_raw,
    template_yaml,
)

__all__ = [
    "SITE_SUFFIXES",
    "Evaluation",
    "bundled_site_names",
    "bundled_tariff_names",
    "dask_map",
    "evaluate",
    "load_site",
    "local_cluster",
    "read_tariff_raw",
    "screen_file",
    "screen_raw",
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


_TRIM = "MALLOC_TRIM_THRESHOLD_"
#: Dask settings for the workers of :func:`local_cluster` (see :func:`local_cluster`).
WORKER_CONFIG: dict[str, Any] = {
    # distributed exports MALLOC_TRIM_THRESHOLD_=65536 to its worker processes. Setting it
    # at all turns off glibc's adaptive mmap threshold, so every block above 128 KiB (the
    # LP's sparse matrix, the stacked hourly flows) is mapped and unmapped afresh: on the benchmark
    # the workers spent 1.3 s more system time per 20 sites (+17 % CPU) than a plain loop.
    f"distributed.nanny.pre-spawn-environ.{_TRIM}": None,
    # the statistical profiler samples the running task's stack every 10 ms
    "distributed.worker.profile.enabled": False,
    # one site at a time per single-threaded worker (the default 1.1 rounds up to two), so
    # the last sites go to whichever worker is free instead of queueing behind a busy one
    "distributed.scheduler.worker-saturation": 1.0,
}


def local_cluster(workers: int | None = None) -> Any:
    """A LocalCluster of single-threaded, warmed-up worker processes for :func:`sweep`.

    Parameters
    ----------
    workers : int, optional
        Number of worker processes (default: one per core, at most 2).

    Notes
    -----
    The workers run with :data:`WORKER_CONFIG` (the process environment of a plain
    Python loop, no task profiler) and have screened one bundled site before this
    returns (:func:`gridatlas.app.sweep_worker.warm_up`), so the sweep itself does not
    pay for imports and first calls. The workers never get ``MALLOC_TRIM_THRESHOLD_``,
    even where this process's environment has it; to run with it, start your own
    scheduler and workers and pass ``scheduler``.
    """
    # Imported here for start-up speed (dask and distributed load ~1 s), not to dodge a cycle.
    import dask
    from dask.distributed import Client, LocalCluster

    if workers is None:
        workers = max(1, min(2, os.cpu_count() or 1))
    # distributed also writes its pre-spawn variables into this process's environment,
    # where an earlier cluster (e.g. the adequacy engine's) leaves MALLOC_TRIM_THRESHOLD_ for
    # every later worker; hide it while these workers spawn and put it back afterwards.
    saved = os.environ.pop(_TRIM, None)
    try:
        with dask.config.set(WORKER_CONFIG):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=40,
            )
    finally:
        if saved is not None:
            os.environ[_TRIM] = saved
    try:
        with Client(cluster) as client:
            client.run(warm_up)
    except BaseException:
        cluster.close()
        raise
    return cluster


def screen_raw(raw: dict[str, Any], origin: str, optimize: bool = False) -> dict[str, Any]:
    """Screen one site given as a raw mapping (its tariff inline); errors become ``{"error"}``."""
    try:
        site = site_from_raw(raw, origin)
        ev = run_evaluate(site, optimize=optimize, sensitivity=False, threads=1)
    except GridatlasError as exc:
        return {"site": raw.get("name"), "error": str(exc)}
    return to_json_dict(ev)


def dask_map(
    func: Callable[..., dict[str, Any]],
    items: Sequence[Any],
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """``[func(item, **kwargs) for item in items]`` on Dask, in the order of ``items``.

    On the scheduler at ``scheduler``, or else on a fresh :func:`local_cluster` of
    ``workers`` processes that is closed afterwards. Each worker is warmed up
    before the items are sent; ``progress(done, total)`` is called as results arrive.
    """
    # Imported here for start-up speed (dask and distributed load ~1 s), not to dodge a cycle.
    from dask.distributed import Client, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="10s")
    else:
        cluster = local_cluster(workers)
        client = Client(cluster)
    try:
        client.run(warm_up)  # returns at once on workers already warm
        futures = client.map(func, list(items), pure=False, **kwargs)
        order = {f.key: i for i, f in enumerate(futures)}
        results: list[dict[str, Any] | None] = [None] * len(futures)
        for done, fut in enumerate(as_completed(futures), start=1):
            results[order[fut.key]] = fut.result()
            if progress is not None:
                progress(done, len(futures))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return [r for r in results if r is not None]


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
        Address of a running Dask scheduler (``tcp://host:8786``); by default
        :func:`local_cluster` (one single-threaded worker process per core, 2 here).
        Its workers are warmed up (:func:`gridatlas.app.sweep_worker.warm_up`)
        before the sites are sent.
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
    paths = [str(p) for p in (files if files is not None else site_files(sites_dir))]
    return dask_map(screen_file, paths, scheduler, progress=progress, optimize=optimize)
