"""Microgrid economics by province: every bundled archetype under every fitting tariff.

The rules of a screen (which tariffs fit, where the archetype is placed, whose
demand-response terms apply) are in :mod:`gridatlas.domain.province_screen`.
This module gathers the tariffs (the bundled ones, plus a user's folder of
tariff files, which replace bundled ones of the same ``name``), places the
archetypes, screens them (in this process, or on Dask with ``workers`` or
``scheduler``) and returns one :class:`ProvinceEconomics` per mainland province.
A province without a fitting tariff has no screens: it is reported as missing.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from gridatlas.app.microgrid import dask_map, screen_raw
from gridatlas.core.errors import InputError
from gridatlas.core.provinces import all_provinces, find_province
from gridatlas.domain.microgrid import TariffSpec
from gridatlas.domain.microgrid_site import checked_tariff
from gridatlas.domain.province_screen import (
    ProvinceEconomics,
    ProvincialEconomics,
    Screen,
    TariffEntry,
    fits_archetypes,
    placed_site,
    screen_from_summary,
)
from gridatlas.reports.atomic import write_text_atomic
from gridatlas.sources.screen_cache import cache_dir, read_screen, screen_key, screen_path
from gridatlas.sources.screening_locations import SOURCE as LOCATION_SOURCE
from gridatlas.sources.screening_locations import screening_locations
from gridatlas.sources.site_files import (
    bundled_site_names,
    bundled_tariff_names,
    read_site_raw,
    read_tariff_raw,
)
from gridatlas.sources.yaml_files import read_yaml

__all__ = [
    "ProvincialEconomics",
    "bundled_economics",
    "provincial_economics",
    "screen_placed",
    "tariffs",
]


def _tariff(raw: Any, origin: str) -> TariffSpec:
    spec = checked_tariff(raw, origin)
    if spec.province is None or find_province(spec.province) is None:
        raise InputError(origin, "province", "a mainland province name or code", spec.province)
    return spec


def tariffs(tariff_dir: str | Path | None = None) -> list[tuple[TariffSpec, str]]:
    """The bundled tariffs and those in ``tariff_dir`` (``*.yaml``), each with its origin."""
    found: dict[str, tuple[TariffSpec, str]] = {}
    for name in bundled_tariff_names():
        raw, origin = read_tariff_raw(name)
        found[name] = (_tariff(raw, origin), origin)
    if tariff_dir is not None:
        folder = Path(tariff_dir)
        if not folder.is_dir():
            raise InputError(str(folder), "--tariffs", "an existing folder of tariff .yaml files")
        for path in sorted(folder.glob("*.y*ml")):
            spec = _tariff(read_yaml(path), str(path))
            found[spec.name] = (spec, str(path))
    return sorted(found.values(), key=lambda t: t[0].name)


def _entry(spec: TariffSpec, origin: str) -> TariffEntry:
    cites = {item: spec.citation(item) or "" for item in spec.parts()}
    return TariffEntry(
        name=spec.name,
        title=spec.title or spec.name,
        user_class=spec.user_class,
        voltage=spec.voltage,
        as_of=spec.as_of,
        illustrative=spec.illustrative,
        fits=fits_archetypes(spec),
        origin=origin,
        citations=cites,
    )


def screen_placed(raw: dict[str, Any], origin: str, optimize: bool = False) -> dict[str, Any]:
    """Screen a placed archetype; when its DR commitment does not fit the province's
    event hours, screen it again without DR and say so (``"dr": "dropped"``)."""
    out = screen_raw(raw, origin, optimize)
    dr = "provincial" if "demand_response" in raw else "none"
    if "error" in out and "demand_response" in raw and "demand_response" in str(out["error"]):
        first = out["error"]
        raw = {k: v for k, v in raw.items() if k != "demand_response"}
        out = screen_raw(raw, origin, optimize)
        out["dr_dropped_because"] = first
        dr = "dropped"
    out["dr"] = dr
    return out


def provincial_economics(
    tariff_dir: str | Path | None = None,
    optimize: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    archetypes: Sequence[str] | None = None,
) -> ProvincialEconomics:
    """Screen every bundled archetype under every fitting tariff of every province.

    Parameters
    ----------
    tariff_dir : path, optional
        A folder of the user's tariff files (``gridatlas.tariff/1``), added to the
        bundled ones; a file with a bundled tariff's ``name`` replaces it.
    optimize : bool
        Size PV and storage for each screen instead of keeping the archetype's sizes.
    workers, scheduler
        Screen on a local Dask cluster of ``workers`` processes, or on the scheduler
        at ``scheduler``; with neither, screen in this process one after another.
    progress : callable, optional
        ``progress(done, total)`` after each screen.
    archetypes : sequence of str, optional
        Names of the bundled sites to screen (default: all of them).
    """
    found = tariffs(tariff_dir)
    where = screening_locations()
    names = bundled_site_names()
    chosen = list(names) if archetypes is None else list(archetypes)
    for name in chosen:
        if name not in names:
            raise InputError("--archetype", "", "a bundled site: " + ", ".join(names), name)
    sites = {name: read_site_raw(name)[0] for name in chosen}
    by_code: dict[str, list[tuple[TariffSpec, str]]] = {}
    for spec, origin in found:
        prov = find_province(spec.province or "")
        if prov is not None:
            by_code.setdefault(prov.code, []).append((spec, origin))
    jobs: list[tuple[str, str, TariffSpec, dict[str, Any]]] = []
    for prov in all_provinces():
        for spec, _ in by_code.get(prov.code, []):
            if not fits_archetypes(spec):
                continue
            for name, raw in sites.items():
                jobs.append((prov.code, name, spec, placed_site(raw, spec, prov, where[prov.code])))
    items = [(raw, f"economics:{raw['name']}") for _, _, _, raw in jobs]
    summaries = _cached(items, optimize, workers, scheduler, progress)
    screens: dict[str, list[Screen]] = {}
    for (code, name, spec, _), summary in zip(jobs, summaries, strict=True):
        screens.setdefault(code, []).append(
            screen_from_summary(name, spec, summary, str(summary.get("dr", "none")))
        )
    rows = tuple(
        ProvinceEconomics(
            province=prov,
            tariffs=tuple(_entry(s, o) for s, o in by_code.get(prov.code, [])),
            screens=tuple(screens.get(prov.code, [])),
        )
        for prov in all_provinces()
        if prov.mainland
    )
    return ProvincialEconomics(
        provinces=rows,
        archetypes=tuple(sites),
        optimized=optimize,
        tariff_dir=None if tariff_dir is None else str(tariff_dir),
        location_source=LOCATION_SOURCE,
    )


def _cached(
    items: list[tuple[dict[str, Any], str]],
    optimize: bool,
    workers: int | None,
    scheduler: str | None,
    progress: Callable[[int, int], None] | None,
) -> list[dict[str, Any]]:
    """The screens of ``items``: from the disk cache where present, else computed (and
    cached). See :mod:`gridatlas.sources.screen_cache`."""
    folder = cache_dir()
    keys = [screen_key(raw, optimize) for raw, _ in items]
    found = [read_screen(folder, k) if folder is not None else None for k in keys]
    todo = [i for i, f in enumerate(found) if f is None]
    done = len(items) - len(todo)
    if progress is not None and done:
        progress(done, len(items))
    step = None if progress is None else (lambda n, _total: progress(done + n, len(items)))
    todo_items = [items[i] for i in todo]
    if workers is None and scheduler is None:
        fresh = []
        for n, (raw, origin) in enumerate(todo_items, start=1):
            fresh.append(screen_placed(raw, origin, optimize))
            if step is not None:
                step(n, len(todo_items))
    else:
        fresh = (
            dask_map(_screen_item, todo_items, scheduler, workers, progress=step, optimize=optimize)
            if todo_items
            else []
        )
    for i, summary in zip(todo, fresh, strict=True):
        found[i] = summary
        if folder is not None:
            # a read-only or full cache folder only costs speed
            with contextlib.suppress(OSError):
                write_text_atomic(screen_path(folder, keys[i]), json.dumps(summary))
    return [f for f in found if f is not None]


def _screen_item(item: tuple[dict[str, Any], str], optimize: bool = False) -> dict[str, Any]:
    return screen_placed(item[0], item[1], optimize)


_bundled_lock = threading.Lock()


def bundled_economics() -> ProvincialEconomics:
    """:func:`provincial_economics` of the bundled tariffs, screened once per process (the web
    app's threads, the index and the atlas layer share one run)."""
    with _bundled_lock:
        return _bundled()


@cache
def _bundled() -> ProvincialEconomics:
    return provincial_economics()
