"""Read the atlas tile grid: one square per region, placed by row and column."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Tile:
    """One region's square on the atlas grid (row 0 at the top, column 0 at the left)."""

    code: str
    row: int
    col: int


@cache
def tile_grid() -> tuple[Tile, ...]:
    """The bundled grid from ``data/web/tilegrid.csv`` (its source note is in the file)."""
    text = resources.files("gridatlas.data").joinpath("web", "tilegrid.csv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(Tile(r["code"], int(r["row"]), int(r["col"])) for r in csv.DictReader(rows))


def tile_grid_note() -> str:
    """The comment lines at the top of the grid file (its source and meaning)."""
    text = resources.files("gridatlas.data").joinpath("web", "tilegrid.csv").read_text("utf-8")
    return " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#"))
