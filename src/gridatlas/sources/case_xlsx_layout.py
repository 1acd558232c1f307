"""Layout of the Excel form of a case file, shared by its reader and writer.

Sheets are found by the English word after the Chinese title (``装机 capacity``),
so users may reorder them. The workbook holds the same content as the YAML.
"""

from __future__ import annotations

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
