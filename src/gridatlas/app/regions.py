"""The region knowledge base as users ask for it: bundled region files, optionally
updated from a user folder, with the archetypes of the opportunity assessment."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from gridatlas.app.opportunity import archetypes
from gridatlas.domain.region import Region
from gridatlas.runners import regions as runner
from gridatlas.runners.regions import Hit, RegionSummary
from gridatlas.sources.region_files import load_regions


def _origin(folder: str | Path | None) -> str:
    return str(folder or "gridatlas/data/regions")


def list_regions(folder: str | Path | None = None) -> list[RegionSummary]:
    """All regions in registry order with stage and archetype.

    ``folder`` is an optional user folder of region files that update or add to
    the bundled ones.
    """
    return runner.list_regions(load_regions(folder), archetypes(folder))


def region_archetype(region: Region, folder: str | Path | None = None) -> str | None:
    """The archetype id the assessment's rules give ``region``."""
    arche = archetypes(folder)
    return arche[region.code][0] if region.code in arche else None


def get_region(name: str, folder: str | Path | None = None) -> Region:
    """One region by Chinese name, short name, pinyin, English name or code."""
    return runner.get_region(name, load_regions(folder), _origin(folder))


def search(
    text: str,
    tag: str | None = None,
    role: str | None = None,
    *,
    kind: str | None = None,
    regions: Iterable[str] | None = None,
    folder: str | Path | None = None,
) -> list[Hit]:
    """:func:`gridatlas.runners.regions.search` over the bundled (or updated) regions."""
    return runner.search(text, load_regions(folder), tag, role, kind=kind, within=regions)
