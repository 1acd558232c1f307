"""Worker set-up for the microgrid sweep on Dask: warm each worker before it takes sites.

A fresh Dask worker process has imported neither gridatlas nor its heavy
dependencies (pandas and pvlib for the PV profile, HiGHS for the LP); the
first site it screens would pay for those imports and first calls (about 1 s
of wall time on the benchmark machine) inside the sweep.
:func:`gridatlas.app.microgrid.local_cluster` and
:func:`gridatlas.app.microgrid.sweep` run :func:`warm_up` on every worker
(``Client.run``), so that cost is paid once, on all workers at the same time,
before the sites are sent.
"""

from __future__ import annotations

from gridatlas.core.stdio import stdout_to_stderr
from gridatlas.runners.microgrid import evaluate
from gridatlas.sources.site_files import load_site

#: The bundled site the warm-up screens (any site works; this one has DR events).
WARM_SITE = "gd_two_shift_factory"

_warm = False


def warm_up() -> None:
    """Screen one bundled site once per process, discarding the result."""
    global _warm
    if _warm:
        return
    with stdout_to_stderr():
        evaluate(load_site(WARM_SITE), sensitivity=False, threads=1)
    _warm = True
