"""Write a case as the Excel template (same content as the YAML file)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from gridatlas.domain.case_spec import HYDROLOGIES, TECHNOLOGIES
from gridatlas.reports.xlsx_files import stable_xlsx_path
from gridatlas.reports.xlsx_forms import append_header, readme_workbook
from gridatlas.sources.case_xlsx_layout import (
    CASE_KEYS,
    LINK_COLUMNS,
    LOAD_ITEMS,
    SHEETS,
    WEATHER_ITEMS,
)


def _aligned(value: Any, years: list[int]) -> list[Any]:
    if value is None:
        return [None] * len(years)
    if isinstance(value, dict):
        return [value.get(y, value.get(str(y))) for y in years]
    if isinstance(value, list):
        return list(value) + [None] * (len(years) - len(value))
    return [value] * len(years)


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
    wb = readme_workbook(SHEETS["readme"], _README)

    ws = wb.create_sheet(SHEETS["case"])
    append_header(ws, ["key", "value", "说明"])
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
    append_header(ws, ["key", "title", "publisher", "file", "as_of", "note"])
    for key, src in (raw.get("sources") or {}).items():
        ws.append([key] + [src.get(f) for f in ("title", "publisher", "file", "as_of", "note")])

    unit = raw.get("unit", "")
    ws = wb.create_sheet(SHEETS["capacity"])
    append_header(ws, [f"technology ({unit})", *years])
    cap = raw.get("capacity") or {}
    for tech in TECHNOLOGIES:
        ws.append([tech, *_aligned(cap.get(tech), years)])

    ws = wb.create_sheet(SHEETS["coefficients"])
    append_header(ws, ["technology", "all", *HYDROLOGIES])
    coefs = raw.get("coefficients") or {}
    for tech in TECHNOLOGIES:
        v = coefs.get(tech)
        if isinstance(v, dict):
            ws.append([tech, None, *[v.get(h) for h in HYDROLOGIES]])
        else:
            ws.append([tech, v, None, None, None])

    ws = wb.create_sheet(SHEETS["links"])
    append_header(ws, LINK_COLUMNS)
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
    append_header(ws, ["link", "item", *years])
    for row in series_rows:
        ws.append(row)

    ws = wb.create_sheet(SHEETS["weather"])
    append_header(ws, ["name", "label"])
    weathers = load.get("weather") or {}
    for name, w in weathers.items():
        ws.append([name, (w or {}).get("label")])

    ws = wb.create_sheet(SHEETS["load"])
    append_header(ws, ["item", "weather", *years])
    ws.append(["peak_load", None, *_aligned(load.get("peak_load"), years)])
    for item in LOAD_ITEMS[1:]:
        if load.get(item) is not None:
            ws.append([item, None, *_aligned(load.get(item), years)])
    for name, w in weathers.items():
        for item in WEATHER_ITEMS:
            if (w or {}).get(item) is not None:
                ws.append([item, name, *_aligned(w[item], years)])

    ws = wb.create_sheet(SHEETS["scenarios"])
    append_header(ws, ["name", "hydrology", "weather", "label", "overrides", "name_en"])
    for s in raw.get("scenarios", []):
        over = "; ".join(
            f"{k}={yaml.safe_dump(v, default_flow_style=True, allow_unicode=True).strip()}".removesuffix(
                "\n..."
            )
            for k, v in (s.get("overrides") or {}).items()
        )
        ws.append(
            [
                s.get("name"),
                s.get("hydrology"),
                s.get("weather"),
                s.get("label"),
                over,
                s.get("name_en"),
            ]
        )

    for sheet in wb.worksheets[1:]:
        for col in range(1, sheet.max_column + 1):
            letter = get_column_letter(col)
            if sheet.column_dimensions[letter].width in (None, 13):
                sheet.column_dimensions[letter].width = 16
        sheet.freeze_panes = "B2"
    wb[SHEETS["capacity"]]["A1"].comment = Comment(
        f"装机容量，单位 {unit}（见基本信息 unit）", "gridatlas"
    )
    with stable_xlsx_path(target) as tmp:
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
