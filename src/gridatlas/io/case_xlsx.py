"""The Excel form of a case file: same content as the YAML, one sheet per block.

Sheets are found by the English word after the Chinese title (``装机 capacity``),
so users may reorder them. :func:`read_case_xlsx` returns the same raw mapping
the YAML reader gives, and the same checks then apply; a cell that should hold
a number but does not is reported by sheet and cell (``capacity!D5``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gridatlas.domain.case_spec import HYDROLOGIES, TECHNOLOGIES
from gridatlas.domain.series import clean_number
from gridatlas.errors import InputError
from gridatlas.io.atomic import atomic_path

SHEETS = {
    "readme": "说明 readme",
    "case": "基本信息 case",
    "sources": "来源 sources",
    "capacity": "装机 capacity",
    "coefficients": "系数 coefficients",
    "links": "联络线 links",
    "link_series": "联络线逐年 link_series",
    "weather": "气候情景 weather",
    "load": "负荷 load",
    "scenarios": "自定义情景 scenarios",
}
CASE_KEYS = [
    ("name", "案例名（小写字母/数字）"),
    ("province", "省份（中文名、英文名或代码）"),
    ("title", "标题"),
    ("unit", "容量单位：万千瓦 / MW / GW"),
    ("years", "年份，逗号分隔，须连续"),
    ("hydrologies", "来水情景：wet, normal, dry 中的若干个"),
    ("reserve_band_min", "合理备用率下限"),
    ("reserve_band_max", "合理备用率上限"),
    ("ample_gap", "高于上限多少视为充裕"),
    ("extreme_path", "极端气候路径：shock（上一年中性×(1+增速)）或 persistent（逐年复利）"),
    ("capacity_source", "装机数据来源"),
    ("coefficients_source", "系数来源"),
    ("hydro_link_wet", "水电直流丰水系数"),
    ("hydro_link_normal", "水电直流平水系数"),
    ("hydro_link_dry", "水电直流枯水系数"),
    ("hydro_link_source", "水电直流系数来源"),
    ("load_source", "负荷数据来源"),
    ("uncertainty_consumption_growth_sd", "蒙特卡洛：用电量增速标准差"),
    ("uncertainty_ratio_spread", "蒙特卡洛：增速比扰动幅度"),
    ("uncertainty_slip_probability", "蒙特卡洛：投产推迟概率"),
    ("uncertainty_hydro", "蒙特卡洛：来水 uniform / fixed"),
    ("note", "备注（可多行）"),
]
LINK_COLUMNS = [
    "name",
    "type",
    "direction",
    "peer",
    "rating",
    "share",
    "fraction",
    "from_year",
    "until_year",
    "coefficients",
    "source",
    "note",
]
LOAD_ITEMS = ("peak_load", "consumption_growth", "gdp_growth", "elasticity")
WEATHER_ITEMS = ("ratio", "peak_growth")
HEADER = Font(bold=True)
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")


# ---------------------------------------------------------------------------
# writing


def _aligned(value: Any, years: list[int]) -> list[Any]:
    if value is None:
        return [None] * len(years)
    if isinstance(value, dict):
        return [value.get(y, value.get(str(y))) for y in years]
    if isinstance(value, list):
        return list(value) + [None] * (len(years) - len(value))
    return [value] * len(years)


def _header(ws: Worksheet, cells: list[Any]) -> None:
    ws.append(cells)
    for cell in ws[ws.max_row]:
        cell.font = HEADER


def _coef_text(coefs: dict[str, Any] | None) -> str | None:
    if not coefs:
        return None
    parts = []
    for tech, v in coefs.items():
        if tech == "source" or v is None:
            continue
        if isinstance(v, dict):
            parts += [f"{tech}.{h}={x}" for h, x in v.items() if h != "source" and x is not None]
        else:
            parts.append(f"{tech}={v}")
    return "; ".join(parts) or None


def write_case_xlsx(raw: dict[str, Any], target: str | Path) -> None:
    """Write a raw case mapping as the Excel template, atomically."""
    years = [int(y) for y in raw["years"]]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEETS["readme"]
    for line in _README:
        ws.append([line])
    ws.column_dimensions["A"].width = 110

    ws = wb.create_sheet(SHEETS["case"])
    _header(ws, ["key", "value", "说明"])
    load = raw.get("load", {})
    hl = raw.get("hydro_link_coefficients") or {}
    unc = raw.get("uncertainty") or {}
    band = raw.get("reserve_band", [0.13, 0.14])
    values: dict[str, Any] = {
        "name": raw.get("name"),
        "province": raw.get("province"),
        "title": raw.get("title"),
        "unit": raw.get("unit"),
        "years": ", ".join(str(y) for y in years),
        "hydrologies": ", ".join(raw.get("hydrologies", ["normal"])),
        "reserve_band_min": band[0],
        "reserve_band_max": band[1],
        "ample_gap": raw.get("ample_gap"),
        "extreme_path": load.get("extreme_path"),
        "capacity_source": (raw.get("capacity") or {}).get("source"),
        "coefficients_source": (raw.get("coefficients") or {}).get("source"),
        "hydro_link_wet": hl.get("wet"),
        "hydro_link_normal": hl.get("normal"),
        "hydro_link_dry": hl.get("dry"),
        "hydro_link_source": hl.get("source"),
        "load_source": load.get("source"),
        "uncertainty_consumption_growth_sd": unc.get("consumption_growth_sd"),
        "uncertainty_ratio_spread": unc.get("ratio_spread"),
        "uncertainty_slip_probability": unc.get("slip_probability"),
        "uncertainty_hydro": unc.get("hydro"),
    }
    for key, help_text in CASE_KEYS:
        if key == "note":
            for note in raw.get("notes", []) or [None]:
                ws.append([key, note, help_text])
        else:
            ws.append([key, values.get(key), help_text])
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 60

    ws = wb.create_sheet(SHEETS["sources"])
    _header(ws, ["key", "title", "publisher", "file", "as_of", "note"])
    for key, src in (raw.get("sources") or {}).items():
        ws.append([key] + [src.get(f) for f in ("title", "publisher", "file", "as_of", "note")])

    unit = raw.get("unit", "")
    ws = wb.create_sheet(SHEETS["capacity"])
    _header(ws, [f"technology ({unit})", *years])
    cap = raw.get("capacity") or {}
    for tech in TECHNOLOGIES:
        ws.append([tech, *_aligned(cap.get(tech), years)])

    ws = wb.create_sheet(SHEETS["coefficients"])
    _header(ws, ["technology", "all", *HYDROLOGIES])
    coefs = raw.get("coefficients") or {}
    for tech in TECHNOLOGIES:
        v = coefs.get(tech)
        if isinstance(v, dict):
            ws.append([tech, None, *[v.get(h) for h in HYDROLOGIES]])
        else:
            ws.append([tech, v, None, None, None])

    ws = wb.create_sheet(SHEETS["links"])
    _header(ws, LINK_COLUMNS)
    series_rows: list[list[Any]] = []
    for link in raw.get("links", []):
        row = [link.get(c) for c in LINK_COLUMNS]
        row[LINK_COLUMNS.index("coefficients")] = _coef_text(link.get("coefficients"))
        ws.append(row)
        for tech, v in (link.get("fleet") or {}).items():
            series_rows.append([link["name"], f"fleet.{tech}", *_aligned(v, years)])
        if link.get("value") is not None:
            series_rows.append([link["name"], "value", *_aligned(link["value"], years)])
        for h, v in (link.get("value_by_hydrology") or {}).items():
            series_rows.append([link["name"], f"value.{h}", *_aligned(v, years)])

    ws = wb.create_sheet(SHEETS["link_series"])
    _header(ws, ["link", "item", *years])
    for row in series_rows:
        ws.append(row)

    ws = wb.create_sheet(SHEETS["weather"])
    _header(ws, ["name", "label"])
    weathers = load.get("weather") or {}
    for name, w in weathers.items():
        ws.append([name, (w or {}).get("label")])

    ws = wb.create_sheet(SHEETS["load"])
    _header(ws, ["item", "weather", *years])
    ws.append(["peak_load", None, *_aligned(load.get("peak_load"), years)])
    for item in LOAD_ITEMS[1:]:
        if load.get(item) is not None:
            ws.append([item, None, *_aligned(load.get(item), years)])
    for name, w in weathers.items():
        for item in WEATHER_ITEMS:
            if (w or {}).get(item) is not None:
                ws.append([item, name, *_aligned(w[item], years)])

    ws = wb.create_sheet(SHEETS["scenarios"])
    _header(ws, ["name", "hydrology", "weather", "label", "overrides"])
    for s in raw.get("scenarios", []):
        over = "; ".join(
            f"{k}={yaml.safe_dump(v, default_flow_style=True, allow_unicode=True).strip()}"
            .removesuffix("\n...")
            for k, v in (s.get("overrides") or {}).items()
        )
        ws.append([s.get("name"), s.get("hydrology"), s.get("weather"), s.get("label"), over])

    for sheet in wb.worksheets[1:]:
        for col in range(1, sheet.max_column + 1):
            letter = get_column_letter(col)
            if sheet.column_dimensions[letter].width in (None, 13):
                sheet.column_dimensions[letter].width = 16
        sheet.freeze_panes = "B2"
    wb[SHEETS["capacity"]]["A1"].comment = Comment(f"装机容量，单位 {unit}（见基本信息 unit）", "gridatlas")
    with atomic_path(target) as tmp:
        wb.save(tmp)


_README = [
    "gridatlas 省级电力供需平衡案例（Excel 版）/ gridatlas balance case (Excel form)",
    "",
    "与 YAML 案例文件内容相同；用 `gridatlas balance 本文件.xlsx` 计算。Same content as the YAML case file.",
    "基本信息 case：案例名、省份、单位（必填：万千瓦 / MW / GW）、年份、来水情景、备用率区间等。",
    "来源 sources：来源登记表；其他表的 source 列以登记表的 key 开头（如 r004 表22）。",
    "装机 capacity：各类电源逐年装机容量；空行表示无该类电源。",
    "系数 coefficients：有效容量系数，留空用默认值（报告§3.1）；水电可按来水分列 wet/normal/dry。",
    "联络线 links：每行一条；type = fleet（送端配套电源×系数×分电比例，受额定容量约束）、"
    "hydro（额定×来水系数）、contract（额定×约定比例）、import_capability（最大受电能力）、fixed（逐年给定值）；"
    "direction = import / export。",
    "联络线逐年 link_series：fleet.<电源> 为配套电源逐年容量；value / value.<来水> 为 fixed 联络线的逐年值。",
    "气候情景 weather：须含 neutral；负荷 load：peak_load 为已公布/实际最大负荷，其余为增速或比值（可写 7.2%）。",
    "自定义情景 scenarios：overrides 写成 路径=值; 路径=值，例如 links[陕北-安徽直流].from_year=2027。",
]


# ---------------------------------------------------------------------------
# reading


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.wb = load_workbook(path, data_only=True, read_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise InputError(path, "", f"an .xlsx workbook ({type(exc).__name__})") from None
        self.sheets = {name.split()[-1]: name for name in self.wb.sheetnames}

    def rows(self, key: str, required: bool = True) -> list[tuple[Any, ...]]:
        if key not in self.sheets:
            if required:
                raise InputError(self.path, f"sheet '{SHEETS[key]}'", "this sheet to be present")
            return []
        ws = self.wb[self.sheets[key]]
        return [tuple(r) for r in ws.iter_rows(values_only=True)]

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
        rd.number(key, r, first + j, row[first + j] if first + j < len(row) else None, f"{what} {y}")
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
        elif k.startswith(("reserve_band", "hydro_link_", "uncertainty_")) and k != "uncertainty_hydro":
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
            raise InputError(path, f"{SHEETS['case']} years", "years separated by commas", kv["years"]) from None
    if _text(kv.get("hydrologies")):
        raw["hydrologies"] = [h.strip() for h in str(kv["hydrologies"]).split(",") if h.strip()]
    if kv.get("reserve_band_min") is not None or kv.get("reserve_band_max") is not None:
        raw["reserve_band"] = [kv.get("reserve_band_min"), kv.get("reserve_band_max")]
    if kv.get("ample_gap") is not None:
        raw["ample_gap"] = rd.number("case", 0, 1, kv["ample_gap"], "ample_gap")
    if notes:
        raw["notes"] = notes
    hl = {h: kv.get(f"hydro_link_{h}") for h in HYDROLOGIES if kv.get(f"hydro_link_{h}") is not None}
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
            entry = {f: _text(row[i + 1]) if i + 1 < len(row) else None for i, f in enumerate(fields)}
            sources[str(row[0]).strip()] = {k: v for k, v in entry.items() if v is not None}
    if sources:
        raw["sources"] = sources

    cap_rows = rd.rows("capacity")
    if not cap_rows:
        raise InputError(path, SHEETS["capacity"], "a header row: technology, then the years")
    years = rd.years("capacity", cap_rows[0], 1)
    if "years" in raw and years != raw["years"]:
        raise InputError(
            path, f"{SHEETS['capacity']} header", f"the years of {SHEETS['case']} ({raw['years']})", years
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
        vals = [rd.number("coefficients", r, c, row[c] if c < len(row) else None, tech) for c in range(1, 5)]
        if vals[0] is not None:
            coefs[tech] = vals[0]
        elif any(v is not None for v in vals[1:]):
            coefs[tech] = {h: v for h, v in zip(HYDROLOGIES, vals[1:], strict=True) if v is not None}
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
            raise InputError(path, rd.cell("link_series", r, 0), f"a link named in {SHEETS['links']}", name)
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
                path, rd.cell("link_series", r, 1), "fleet.<technology>, value or value.<hydrology>", item
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
            load["peak_load"] = {y: v for y, v in zip(years, values or [], strict=False) if v is not None}
        elif item in LOAD_ITEMS:
            load[item] = values
        elif item in WEATHER_ITEMS:
            if weather is None:
                raise InputError(path, rd.cell("load", r, 1), "the weather this row belongs to")
            weathers.setdefault(weather, {})[item] = values
        else:
            known = ", ".join(LOAD_ITEMS + WEATHER_ITEMS)
            raise InputError(path, rd.cell("load", r, 0), f"one of {known}", item)
    load["weather"] = {k: {f: v for f, v in w.items() if v is not None} for k, w in weathers.items()}
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
            raise InputError(rd.path, rd.cell("links", r, c), "technology=number; technology.hydrology=number", part)
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
        try:
            out[key.strip()] = yaml.safe_load(value)
        except yaml.YAMLError:
            raise InputError(rd.path, rd.cell("scenarios", r, 4), "a YAML value after '='", value) from None
    return out
