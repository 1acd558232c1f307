"""Read microgrid site files: bundled names, YAML and the Excel template.

The Excel template has four sheets, found by the English word after the Chinese
title so users may reorder them:

* ``说明 readme`` — how to fill it in;
* ``站点 site`` — ``key | value | 说明`` rows; keys are the YAML field paths
  (``pv.pv_kw``, ``battery.energy_kwh``, ``finance.discount_rate`` …);
* ``电价时段 tariff_schedule`` — optional inline tariff: one row per month
  group, the months in column A and the period of each hour 0..23 in columns
  B..Y (``valley``/``谷``, ``flat``/``平``, ``peak``/``峰``,
  ``critical_peak``/``尖峰``, ``deep_valley``/``深谷``);
* ``负荷曲线 profiles`` — optional hourly ``load_kw`` (8760 rows).

:func:`read_site_xlsx` returns the same raw mapping as the YAML reader, and the
same checks then apply.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl.utils import get_column_letter

from gridatlas.core.errors import InputError
from gridatlas.domain.microgrid import PERIODS
from gridatlas.domain.microgrid_site import Site, site_from_dict
from gridatlas.domain.series import clean_number
from gridatlas.model.tariff import PERIOD_ZH, calendar
from gridatlas.sources.xlsx_files import read_sheets
from gridatlas.sources.yaml_files import read_yaml

_PKG = "gridatlas.data"
_DIR = "microgrid"
SHEETS = {
    "readme": "说明 readme",
    "site": "站点 site",
    "tariff_schedule": "电价时段 tariff_schedule",
    "profiles": "负荷曲线 profiles",
}
_PERIOD_NAMES = {**{p: p for p in PERIODS}, **{v: k for k, v in PERIOD_ZH.items()}}


def _data_dir(kind: str) -> Any:
    return resources.files(_PKG).joinpath(_DIR, kind)


def bundled_site_names() -> list[str]:
    """Names of the example sites shipped with gridatlas."""
    return sorted(
        e.name.removesuffix(".yaml")
        for e in _data_dir("sites").iterdir()
        if e.name.endswith(".yaml")
    )


def bundled_tariff_names() -> list[str]:
    """Names of the tariffs shipped with gridatlas."""
    return sorted(
        e.name.removesuffix(".yaml")
        for e in _data_dir("tariffs").iterdir()
        if e.name.endswith(".yaml")
    )


def read_tariff_raw(ref: str, base_dir: Path | None = None) -> tuple[dict[str, Any], str]:
    """A tariff's raw mapping and origin, by bundled name or path (relative to ``base_dir``)."""
    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml"):
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.exists():
            raise InputError(str(path), "", "an existing tariff file")
        return read_yaml(path), str(path)
    if ref in bundled_tariff_names():
        origin = f"bundled:{ref}"
        return read_yaml(_data_dir("tariffs").joinpath(f"{ref}.yaml"), origin), origin
    names = ", ".join(bundled_tariff_names())
    raise InputError("tariff", "tariff", f"a bundled tariff ({names}) or a .yaml path", ref)


@cache
def _holidays_raw() -> dict[int, list[str]]:
    data = read_yaml(resources.files(_PKG).joinpath(_DIR, "holidays.yaml"), "bundled:holidays")
    return {int(y): list(v["dates"]) for y, v in data.items()}


def holidays(year: int) -> np.ndarray | None:
    """Public holidays of ``year`` as a bool array over its days, or None when not bundled."""
    dates = _holidays_raw().get(year)
    if dates is None:
        return None
    cal = calendar(year)
    out = np.zeros(cal.days, dtype=bool)
    for d in dates:
        out[cal.day_of(d)] = True
    return out


def read_site_raw(ref: str | Path) -> tuple[dict[str, Any], str, Path | None]:
    """The raw mapping of a site, its origin and the folder relative paths resolve against."""
    text_ref = str(ref)
    path = Path(text_ref)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_site_xlsx(path), str(path), path.parent
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        if not path.exists():
            raise InputError(text_ref, "", "an existing site file")
        return read_yaml(path), text_ref, path.parent
    key = text_ref.lower()
    if key in bundled_site_names():
        origin = f"bundled:{key}"
        return read_yaml(_data_dir("sites").joinpath(f"{key}.yaml"), origin), origin, None
    names = ", ".join(bundled_site_names())
    raise InputError(text_ref, "SITE", f"a bundled site ({names}) or a .yaml/.xlsx file path")


def load_site(ref: str | Path) -> Site:
    """Load and check a site by bundled name or file path.

    Examples
    --------
    >>> site = load_site("gd_two_shift_factory")
    >>> site.province.short_zh, round(float(site.load.sum()))
    ('广东', 6000000)
    """
    raw, origin, base = read_site_raw(ref)
    return site_from_dict(raw, origin, base, read_tariff_raw, holidays)


def site_from_raw(
    raw: dict[str, Any], origin: str = "<dict>", base_dir: Path | None = None
) -> Site:
    """Check a site given as a mapping (Python API)."""
    return site_from_dict(raw, origin, base_dir, read_tariff_raw, holidays)


# ---------------------------------------------------------------------------
# Excel template (reading; :mod:`gridatlas.reports.site_template` writes it)


def _cell_value(v: Any) -> Any:
    v = clean_number(v)
    if isinstance(v, str):
        s = v.strip()
        if s.lower() in ("true", "false"):
            return s.lower() == "true"
        return s
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _set(raw: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = raw
    for p in parts[:-1]:
        node = node.setdefault(p, {})
        if not isinstance(node, dict):
            raise ValueError(key)
    node[parts[-1]] = value


_LIST_KEYS = (
    "demand_response.event_months",
    "demand_response.event_dates",
    "tariff.holidays.dates",
)


def read_site_xlsx(path: str | Path) -> dict[str, Any]:
    """Read the Excel template into a raw site mapping."""
    path = Path(path)
    book = read_sheets(path)
    sheets = {name.split()[-1]: name for name in book}
    if "site" not in sheets:
        raise InputError(path, f"sheet '{SHEETS['site']}'", "this sheet to be present")
    raw: dict[str, Any] = {}
    notes: list[str] = []
    for r, row in enumerate(book[sheets["site"]], start=1):
        if r == 1 or not row or row[0] is None:
            continue
        key = str(row[0]).strip()
        value = row[1] if len(row) > 1 else None
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "note":
            notes.append(str(value))
            continue
        v = _cell_value(value)
        if key in _LIST_KEYS and isinstance(v, str):
            items = [x.strip() for x in v.replace("，", ",").split(",") if x.strip()]
            v = [int(x) if x.isdigit() else x for x in items]
        elif key in _LIST_KEYS and not isinstance(v, list):
            v = [v]
        try:
            _set(raw, key, v)
        except ValueError:
            raise InputError(
                path,
                f"{SHEETS['site']}!A{r}",
                "a field path that does not clash with another row",
                key,
            ) from None
    if notes:
        raw["notes"] = notes
    if "tariff_schedule" in sheets:
        rules = []
        for r, row in enumerate(book[sheets["tariff_schedule"]], start=1):
            if r == 1 or not row or row[0] is None:
                continue
            periods: dict[str, list[str]] = {}
            for h in range(24):
                cell = row[h + 1] if h + 1 < len(row) else None
                if cell is None or str(cell).strip() == "":
                    continue
                name = _PERIOD_NAMES.get(str(cell).strip())
                if name is None:
                    where = f"{SHEETS['tariff_schedule']}!{get_column_letter(h + 2)}{r}"
                    raise InputError(
                        path,
                        where,
                        "a period: " + ", ".join(PERIODS) + " or 谷/平/峰/尖峰/深谷",
                        cell,
                    )
                periods.setdefault(name, []).append(f"{h}-{h + 1}")
            months = str(row[0]).strip()
            rules.append(
                {"months": months, "periods": {k: ",".join(v) for k, v in periods.items()}}
            )
        if rules:
            tariff = raw.get("tariff")
            if not isinstance(tariff, dict):
                raise InputError(
                    path,
                    SHEETS["tariff_schedule"],
                    "tariff.* rows in the site sheet for an inline tariff (or an empty schedule)",
                )
            tariff["schedule"] = rules
    if "profiles" in sheets:
        values: list[Any] = []
        for r, row in enumerate(book[sheets["profiles"]], start=1):
            if r == 1 or not row:
                continue
            values.append(row[1] if len(row) > 1 else None)
        while values and values[-1] is None:
            values.pop()
        if values:
            for i, v in enumerate(values):
                if v is not None and not isinstance(clean_number(v), int | float):
                    raise InputError(path, f"{SHEETS['profiles']}!B{i + 2}", "a number [kW]", v)
            load = raw.setdefault("load", {})
            load.pop("shape", None)
            load["profile_kw"] = [None if v is None else float(clean_number(v)) for v in values]
    return raw


def template_raw() -> dict[str, Any]:
    """The site template: the bundled two-shift factory with an inline tariff."""
    raw, _, _ = read_site_raw("gd_two_shift_factory")
    traw, _ = read_tariff_raw(raw["tariff"])
    traw = {k: v for k, v in traw.items() if k not in ("sources", "notes")}
    traw["name"] = "my_tariff"
    traw["source"] = None
    raw = dict(raw)
    raw["tariff"] = {k: v for k, v in traw.items() if v is not None}
    raw["name"] = "my_site"
    return raw


def template_yaml() -> str:
    """The commented YAML template."""
    text = resources.files(_PKG).joinpath(_DIR, "site_template.yaml").read_text("utf-8")
    return text
