"""Worker set-up for the microgrid sweep on Dask: warm each worker before it takes sites.

A fresh Dask worker process has imported neither gridatlas nor its heavy
dependencies (pandas and pvlib for the PV profile, HiGHS for the LP); the
first site it screens would pay for those imports and first calls (about 1 s
of wall time on the benchmark machine) inside the sweep. :class:`WarmUp`
screens one bundled site when the worker joins the cluster, so that cost is
paid once, while the cluster starts, on every worker at the same time.

This module imports ``distributed`` at the top; :mod:`gridatlas.app.microgrid`
imports it only inside :func:`~gridatlas.app.microgrid.sweep`, so that the
command line starts without loading Dask.
"""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from gridatlas.core.stdio import stdout_to_stderr
from gridatlas.runners.microgrid import evaluate
from gridatlas.sources.site_files import load_site

#: The bundled site the warm-up screens (any site works; this one has DR events).
WARM_SITE = "gd_two_shift_factory"


def warm_up() -> None:
    """Screen one bundled site once per process, discarding the result."""
    global _warm
    if _warm:
        return
    with stdout_to_stderr():
        evaluate(load_site(WARM_SITE), sensitivity=False, threads=1)
    _warm = True


_warm = False


class WarmUp(WorkerPlugin):
    """Run :func:`warm_up` on every worker that joins (registered once per scheduler)."""

    idempotent = True
    name = "gridatlas-microgrid-warm-up"

    def setup(self, worker: Any) -> None:
        warm_up()
