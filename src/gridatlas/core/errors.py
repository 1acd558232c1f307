"""The one error type users see.

Every problem with user input is raised as :class:`InputError`, which names the
file, the field path inside it and what was expected. The CLI prints it as one
line and exits non-zero; nothing else in the package prints tracebacks for bad
input.
"""

from __future__ import annotations

from pathlib import Path


class GridatlasError(Exception):
    """Base class of all errors gridatlas raises on purpose."""


class InputError(GridatlasError):
    """Bad user input: a file, a field inside it, and what was expected.

    Parameters
    ----------
    source : str or Path
        The file (or bundled name) the value came from.
    field : str
        Dotted path of the offending field, e.g. ``capacity.coal[2]``.
    expected : str
        What a valid value looks like, in plain words.
    got : object, optional
        The value that was found, shown in the message when given.
    """

    def __init__(self, source: str | Path, field: str, expected: str, got: object = None):
        self.source = str(source)
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else self.source
        found = "" if self.got is None else f" (got {self.got!r})"
        return f"{where}: expected {self.expected}{found}"
