"""Read microgrid site files (bundled names, YAML, the Excel template) and write the template.

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
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gridatlas.core.errors import InputError
from gridatlas.domain.microgrid import PERIODS
from gridatlas.domain.microgrid_site import Site, site_from_dict
from gridatlas.domain.series import clean_number
from gridatlas.model.tariff import PERIOD_ZH, calendar, hour_map
from gridatlas.reports.atomic import atomic_path
from gridatlas.reports.xlsx_forms import append_header, readme_workbook
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
# Excel template

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
    if not path.exists():
        raise InputError(path, "", "an existing .xlsx file")
    try:
        wb = load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise InputError(path, "", f"an .xlsx workbook ({type(exc).__name__})") from None
    sheets = {name.split()[-1]: name for name in wb.sheetnames}
    if "site" not in sheets:
        raise InputError(path, f"sheet '{SHEETS['site']}'", "this sheet to be present")
    raw: dict[str, Any] = {}
    notes: list[str] = []
    for r, row in enumerate(wb[sheets["site"]].iter_rows(values_only=True), start=1):
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
        for r, row in enumerate(wb[sheets["tariff_schedule"]].iter_rows(values_only=True), start=1):
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
        for r, row in enumerate(wb[sheets["profiles"]].iter_rows(values_only=True), start=1):
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
    wb.close()
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
