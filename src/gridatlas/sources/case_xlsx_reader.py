"""Read the Excel template into the same raw mapping the YAML reader gives.

A cell that should hold a number but does not is reported by sheet and cell
(``装机 capacity!D5``); the usual case checks then apply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from gridatlas.core.errors import InputError
from gridatlas.domain.case_spec import HYDROLOGIES
from gridatlas.domain.series import clean_number
from gridatlas.sources.case_xlsx_layout import LINK_COLUMNS, LOAD_ITEMS, SHEETS, WEATHER_ITEMS
from gridatlas.sources.xlsx_files import read_sheets
from gridatlas.sources.yaml_files import parse_yaml


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.book = read_sheets(path)
        self.sheets = {name.split()[-1]: name for name in self.book}

    def rows(self, key: str, required: bool = True) -> list[tuple[Any, ...]]:
        if key not in self.sheets:
            if required:
                raise InputError(self.path, f"sheet '{SHEETS[key]}'", "this sheet to be present")
            return []
        return self.book[self.sheets[key]]

    def cell(self, key: str, row: int, col: int) -> str:
        return f"{SHEETS[key]}!{get_column_letter(col + 1)}{row + 1}"

    def number(self, key: str, row: int, col: int, value: Any, what: str) -> float | None:
        v = clean_number(value)
        if v is None:
            return None
        if isinstance(v, int | float) and not isinstance(v, bool):
            return float(v)
        raise InputError(self.path, f"{self.cell(key, row, col)} ({what})", "a number", value)

    def years(self, key: str, header: tuple[Any, ...], first: int) -> list[int]:
        out = []
        for col, v in enumerate(header[first:], start=first):
            if v is None:
                break
            try:
                out.append(int(v))
            except (TypeError, ValueError):
                raise InputError(
                    self.path, self.cell(key, 0, col), "a year in the header row", v
                ) from None
        return out


def _text(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).strip()
    return s or None


def _series_from_row(
    rd: _Reader, key: str, r: int, row: tuple[Any, ...], first: int, years: list[int], what: str
) -> list[float | None] | None:
    values = [
        rd.number(
            key, r, first + j, row[first + j] if first + j < len(row) else None, f"{what} {y}"
        )
        for j, y in enumerate(years)
    ]
    return None if all(v is None for v in values) else values


def read_case_xlsx(path: str | Path) -> dict[str, Any]:
    """Read the Excel template into a raw case mapping."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "", "an existing .xlsx file")
    rd = _Reader(path)
    raw: dict[str, Any] = {}
    kv: dict[str, Any] = {}
    notes: list[str] = []
    for r, row in enumerate(rd.rows("case")[1:], start=1):
        if not row or row[0] is None:
            continue
        k = str(row[0]).strip()
        v = row[1] if len(row) > 1 else None
        if k == "note":
            if _text(v):
                notes.append(str(v))
        elif (
            k.startswith(("reserve_band", "hydro_link_", "uncertainty_"))
            and k != "uncertainty_hydro"
        ):
            if not k.endswith("_source"):
                v = rd.number("case", r, 1, v, k)
            kv[k] = v
        else:
            kv[k] = v
    for k in ("name", "province", "title", "unit"):
        if _text(kv.get(k)) is not None:
            raw[k] = str(kv[k]).strip()
    if _text(kv.get("years")):
        try:
            raw["years"] = [int(y) for y in str(kv["years"]).replace("，", ",").split(",")]
        except ValueError:
            raise InputError(
                path, f"{SHEETS['case']} years", "years separated by commas", kv["years"]
            ) from None
    if _text(kv.get("hydrologies")):
        raw["hydrologies"] = [h.strip() for h in str(kv["hydrologies"]).split(",") if h.strip()]
    if kv.get("reserve_band_min") is not None or kv.get("reserve_band_max") is not None:
        raw["reserve_band"] = [kv.get("reserve_band_min"), kv.get("reserve_band_max")]
    if kv.get("ample_gap") is not None:
        raw["ample_gap"] = rd.number("case", 0, 1, kv["ample_gap"], "ample_gap")
    if notes:
        raw["notes"] = notes
    hl = {
        h: kv.get(f"hydro_link_{h}") for h in HYDROLOGIES if kv.get(f"hydro_link_{h}") is not None
    }
    if _text(kv.get("hydro_link_source")):
        hl["source"] = kv["hydro_link_source"]
    if hl:
        raw["hydro_link_coefficients"] = hl
    unc = {
        k.removeprefix("uncertainty_"): v
        for k, v in kv.items()
        if k.startswith("uncertainty_") and v is not None
    }
    if unc:
        raw["uncertainty"] = unc

    sources = {}
    for row in rd.rows("sources", required=False)[1:]:
        if row and _text(row[0]):
            fields = ("title", "publisher", "file", "as_of", "note")
            entry = {
                f: _text(row[i + 1]) if i + 1 < len(row) else None for i, f in enumerate(fields)
            }
            sources[str(row[0]).strip()] = {k: v for k, v in entry.items() if v is not None}
    if sources:
        raw["sources"] = sources

    cap_rows = rd.rows("capacity")
    if not cap_rows:
        raise InputError(path, SHEETS["capacity"], "a header row: technology, then the years")
    years = rd.years("capacity", cap_rows[0], 1)
    if "years" in raw and years != raw["years"]:
        raise InputError(
            path,
            f"{SHEETS['capacity']} header",
            f"the years of {SHEETS['case']} ({raw['years']})",
            years,
        )
    cap: dict[str, Any] = {}
    if _text(kv.get("capacity_source")):
        cap["source"] = kv["capacity_source"]
    for r, row in enumerate(cap_rows[1:], start=1):
        if not row or _text(row[0]) is None:
            continue
        tech = str(row[0]).strip()
        values = _series_from_row(rd, "capacity", r, row, 1, years, tech)
        if values is not None:
            cap[tech] = values
    raw["capacity"] = cap

    coefs: dict[str, Any] = {}
    if _text(kv.get("coefficients_source")):
        coefs["source"] = kv["coefficients_source"]
    for r, row in enumerate(rd.rows("coefficients", required=False)[1:], start=1):
        if not row or _text(row[0]) is None:
            continue
        tech = str(row[0]).strip()
        vals = [
            rd.number("coefficients", r, c, row[c] if c < len(row) else None, tech)
            for c in range(1, 5)
        ]
        if vals[0] is not None:
            coefs[tech] = vals[0]
        elif any(v is not None for v in vals[1:]):
            coefs[tech] = {
                h: v for h, v in zip(HYDROLOGIES, vals[1:], strict=True) if v is not None
            }
    raw["coefficients"] = coefs

    links: list[dict[str, Any]] = []
    by_name: dict[str, dict[str, Any]] = {}
    link_rows = rd.rows("links", required=False)
    for r, row in enumerate(link_rows[1:], start=1):
        if not row or _text(row[0]) is None:
            continue
        link: dict[str, Any] = {}
        for c, col in enumerate(LINK_COLUMNS):
            v = row[c] if c < len(row) else None
            if v is None or _text(v) is None:
                continue
            if col in ("rating", "share", "fraction"):
                v = rd.number("links", r, c, v, col)
            elif col in ("from_year", "until_year"):
                v = rd.number("links", r, c, v, col)
                v = int(v) if v is not None else None
            elif col == "coefficients":
                v = _parse_coefficients(rd, r, c, str(v))
            else:
                v = str(v).strip()
            link[col] = v
        links.append(link)
        by_name[link["name"]] = link
    for r, row in enumerate(rd.rows("link_series", required=False)[1:], start=1):
        if not row or _text(row[0]) is None:
            continue
        name, item = str(row[0]).strip(), str(row[1] or "").strip()
        if name not in by_name:
            raise InputError(
                path, rd.cell("link_series", r, 0), f"a link named in {SHEETS['links']}", name
            )
        values = _series_from_row(rd, "link_series", r, row, 2, years, f"{name} {item}")
        target = by_name[name]
        if item.startswith("fleet."):
            target.setdefault("fleet", {})[item.removeprefix("fleet.")] = values
        elif item == "value":
            target["value"] = values
        elif item.startswith("value."):
            target.setdefault("value_by_hydrology", {})[item.removeprefix("value.")] = values
        else:
            raise InputError(
                path,
                rd.cell("link_series", r, 1),
                "fleet.<technology>, value or value.<hydrology>",
                item,
            )
    if links:
        raw["links"] = links

    load: dict[str, Any] = {}
    if _text(kv.get("load_source")):
        load["source"] = kv["load_source"]
    if _text(kv.get("extreme_path")):
        load["extreme_path"] = str(kv["extreme_path"]).strip()
    weathers: dict[str, dict[str, Any]] = {}
    for row in rd.rows("weather", required=False)[1:]:
        if row and _text(row[0]):
            weathers[str(row[0]).strip()] = {"label": _text(row[1]) if len(row) > 1 else None}
    for r, row in enumerate(rd.rows("load")[1:], start=1):
        if not row or _text(row[0]) is None:
            continue
        item, weather = str(row[0]).strip(), _text(row[1])
        values = _series_from_row(rd, "load", r, row, 2, years, item)
        if item == "peak_load":
            load["peak_load"] = {
                y: v for y, v in zip(years, values or [], strict=False) if v is not None
            }
        elif item in LOAD_ITEMS:
            load[item] = values
        elif item in WEATHER_ITEMS:
            if weather is None:
                raise InputError(path, rd.cell("load", r, 1), "the weather this row belongs to")
            weathers.setdefault(weather, {})[item] = values
        else:
            known = ", ".join(LOAD_ITEMS + WEATHER_ITEMS)
            raise InputError(path, rd.cell("load", r, 0), f"one of {known}", item)
    load["weather"] = {
        k: {f: v for f, v in w.items() if v is not None} for k, w in weathers.items()
    }
    raw["load"] = load

    scenarios = []
    for r, row in enumerate(rd.rows("scenarios", required=False)[1:], start=1):
        if not row or _text(row[0]) is None:
            continue
        s: dict[str, Any] = {"name": str(row[0]).strip()}
        for c, f in ((1, "hydrology"), (2, "weather"), (3, "label")):
            if c < len(row) and _text(row[c]):
                s[f] = str(row[c]).strip()
        over = _text(row[4]) if len(row) > 4 else None
        if over:
            s["overrides"] = _parse_overrides(rd, r, over)
        if len(row) > 5 and _text(row[5]):
            s["name_en"] = str(row[5]).strip()
        scenarios.append(s)
    if scenarios:
        raw["scenarios"] = scenarios
    return raw


def _parse_coefficients(rd: _Reader, r: int, c: int, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        number = clean_number(value.strip())
        if not sep or not isinstance(number, float | int):
            raise InputError(
                rd.path,
                rd.cell("links", r, c),
                "technology=number; technology.hydrology=number",
                part,
            )
        tech, _, hyd = key.strip().partition(".")
        if hyd:
            out.setdefault(tech, {})[hyd] = float(number)
        else:
            out[tech] = float(number)
    return out


def _parse_overrides(rd: _Reader, r: int, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise InputError(rd.path, rd.cell("scenarios", r, 4), "path=value; path=value", part)
        out[key.strip()] = parse_yaml(value, f"{rd.path}: {rd.cell('scenarios', r, 4)}")
    return out
