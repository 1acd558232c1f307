"""Write the microgrid site template as an Excel workbook (the form :mod:`gridatlas.sources.site_files` reads).

See :mod:`gridatlas.sources.site_files` for the sheets and their layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gridatlas.domain.microgrid import PERIODS
from gridatlas.model.tariff import hour_map
from gridatlas.reports.atomic import atomic_path
from gridatlas.reports.xlsx_forms import append_header, readme_workbook
from gridatlas.sources.site_files import SHEETS

_HELP = {
    "name": "站点名（小写字母/数字/下划线）",
    "title": "标题",
    "province": "省份（中文名、英文名或代码）",
    "latitude": "纬度 [°]",
    "longitude": "经度 [°]",
    "year": "年份（非闰年，8760 小时）",
    "as_of": "数据日期",
    "tariff": "内置电价名或 .yaml 路径；留空则用本表 tariff.* 与电价时段表",
    "load.shape": "典型曲线：one_shift / two_shift / three_shift / commercial / cold_storage / data_centre / ev_charging",
    "load.annual_kwh": "年用电量 [kWh]",
    "load.peak_kw": "最大负荷 [kW]",
    "pv.specific_yield_kwh_per_kwp": "光伏年等效利用小时 [kWh/kWp]",
    "pv.pv_kw": "评估用光伏容量 [kWp]",
    "pv.pv_kw_max": "优化上限 [kWp]",
    "pv.roof_area_m2": "可用屋顶面积 [m²]",
    "battery.power_kw": "评估用储能功率 [kW]",
    "battery.energy_kwh": "评估用储能容量 [kWh]",
    "finance.business_model": "owner（业主自投）或 shared_savings（合同能源管理）",
    "finance.investor_share": "投资方分享比例 [p.u.]",
}


def _flatten(raw: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for k, v in raw.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict) and k not in ("sources", "periods", "prices_yuan_per_kwh"):
            out += _flatten(v, key + ".")
        elif isinstance(v, dict):
            out += [
                (
                    f"{key}.{kk}",
                    vv
                    if not isinstance(vv, dict)
                    else yaml.safe_dump(vv, allow_unicode=True).strip(),
                )
                for kk, vv in v.items()
            ]
        elif isinstance(v, list):
            out.append((key, ", ".join(str(x) for x in v)))
        else:
            out.append((key, v))
    return out


def write_site_xlsx(raw: dict[str, Any], target: str | Path) -> None:
    """Write a raw site mapping as the Excel template, atomically."""
    wb = readme_workbook(SHEETS["readme"], _README)
    ws = wb.create_sheet(SHEETS["site"])
    append_header(ws, ["key", "value", "说明"])
    body = {k: v for k, v in raw.items() if k not in ("sources", "notes")}
    tariff = body.pop("tariff", None)
    schedule: list[dict[str, Any]] = []
    if isinstance(tariff, dict):
        tariff = dict(tariff)
        schedule = tariff.pop("schedule", [])
        body["tariff"] = tariff
    else:
        body["tariff"] = tariff
    for key, value in _flatten(body):
        ws.append([key, value, _HELP.get(key, "")])
    for note in raw.get("notes", []):
        ws.append(["note", note, "备注"])
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 80
    ws = wb.create_sheet(SHEETS["tariff_schedule"])
    append_header(ws, ["months", *range(24)])
    for rule in schedule:
        hm = hour_map(rule["periods"])
        ws.append([str(rule["months"]), *[PERIODS[i] for i in hm]])
    ws = wb.create_sheet(SHEETS["profiles"])
    ws.append(["hour", "load_kw"])
    with atomic_path(target) as tmp:
        wb.save(tmp)


_README = [
    "gridatlas 微电网项目测算站点文件（Excel 版）/ gridatlas microgrid site (Excel form)",
    "",
    "与 YAML 站点文件内容相同；用 `gridatlas microgrid evaluate 本文件.xlsx` 测算。",
    "站点 site：每行一个字段，key 为 YAML 路径（如 pv.pv_kw、battery.energy_kwh），单位见字段名与说明列。",
    "电价：tariff 填内置电价名（gridatlas microgrid examples 可列出）；或留空，在 tariff.* 行填价格，"
    "并在“电价时段 tariff_schedule”表逐小时填写时段（谷/平/峰/尖峰/深谷）。每行须覆盖 0-23 共 24 小时。",
    "负荷曲线 profiles：如有实测 8760 小时负荷，填 load_kw 列，并删除 load.shape 行。",
    "所有示例数字均为示意（illustrative），请替换为项目自己的数据。",
]
