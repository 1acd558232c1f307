"""Keep the process's standard output for what a command prints on purpose.

Compiled libraries (the HiGHS solver) write their logs straight to file
descriptor 1, below Python's ``sys.stdout``. A command that prints one JSON
document there wraps its computation in :func:`stdout_to_stderr`, so such
logs reach the terminal on stderr and never mix with the document.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send everything written to file descriptor 1 to descriptor 2 until the block ends."""
    for stream in (sys.stdout, sys.__stdout__):
        if stream is not None:
            stream.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no descriptor 1 (e.g. a detached process): nothing to protect
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        if sys.__stdout__ is not None:
            sys.__stdout__.flush()
        os.dup2(saved, 1)
        os.close(saved)
