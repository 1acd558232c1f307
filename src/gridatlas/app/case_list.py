"""The list of cases a user can name, as ``gridatlas cases`` shows it.

Built from the bundled YAML as written, without the checks and arrays of
:func:`gridatlas.app.cases.load_case`, so that listing starts fast (no numpy,
no pydantic). A test checks every entry against the fully loaded case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gridatlas.core.provinces import Province, all_provinces, find_province
from gridatlas.sources.case_catalogue import bundled_case_names, bundled_case_raw

__all__ = [
    "GENERATED_YEARS",
    "CaseInfo",
    "generated_name",
    "list_cases",
    "mainland",
    "province_of_generated",
]

#: Years of a case generated from the national dataset.
GENERATED_YEARS: tuple[int, ...] = (2023, 2024, 2025, 2026, 2027)
#: Suffix of a generated case's name (``guangdong-national``).
GENERATED_SUFFIX = "-national"

#: The hydrologies of a case that names none (as in :class:`gridatlas.domain.case_spec.CaseSpec`).
_DEFAULT_HYDROLOGIES = ("normal",)


@dataclass(frozen=True)
class CaseInfo:
    """One entry of the case list: what ``gridatlas cases`` shows."""

    name: str
    province_code: str
    province_zh: str
    kind: Literal["report", "generated"]
    years: tuple[int, ...]
    title: str
    scenarios: int = 0
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The stable JSON shape of ``gridatlas cases -f json``."""
        return {
            "name": self.name,
            "province": {"code": self.province_code, "name_zh": self.province_zh},
            "kind": self.kind,
            "years": list(self.years),
            "title": self.title,
        }


def _info(name: str, raw: dict[str, Any]) -> CaseInfo:
    province = find_province(str(raw.get("province", "")))
    load = raw.get("load") or {}
    weathers = load.get("weather") or {} if isinstance(load, dict) else {}
    hydrologies = raw.get("hydrologies") or _DEFAULT_HYDROLOGIES
    sources = raw.get("sources") or {}
    return CaseInfo(
        name=name,
        province_code=province.code if province else str(raw.get("province", "")),
        province_zh=province.short_zh if province else str(raw.get("province", "")),
        kind="report",
        years=tuple(int(y) for y in raw.get("years") or ()),
        title=str(raw.get("title") or f"{province.short_zh if province else name}电力供需平衡"),
        scenarios=len(hydrologies) * len(weathers) + len(raw.get("scenarios") or ()),
        sources=tuple(
            f"{s.get('publisher') or s.get('title')} ({s.get('as_of')})"
            for s in sources.values()
            if isinstance(s, dict)
        ),
    )


def mainland() -> list[Province]:
    """The 31 mainland provinces in registry order."""
    return [p for p in all_provinces() if p.mainland]


def generated_name(p: Province) -> str:
    """The case name of a province's generated case, e.g. ``guangdong-national``."""
    return f"{p.pinyin}{GENERATED_SUFFIX}"


def province_of_generated(name: str) -> Province | None:
    """The province a generated case name stands for, or None."""
    key = name.lower()
    if not key.endswith(GENERATED_SUFFIX):
        return None
    stem = key.removesuffix(GENERATED_SUFFIX)
    return next((p for p in mainland() if p.pinyin == stem), None)


def list_cases() -> list[CaseInfo]:
    """Every case a user can name: the report's bundled cases (``kind='report'``), then
    one generated from the national dataset for each of the 31 provinces
    (``kind='generated'``, see docs/national-cases.md)."""
    report = [_info(name, bundled_case_raw(name)) for name in bundled_case_names()]
    generated = [
        CaseInfo(
            name=generated_name(p),
            province_code=p.code,
            province_zh=p.short_zh,
            kind="generated",
            years=GENERATED_YEARS,
            title=f"{p.short_zh}电力供需平衡（全国数据集生成）",
            scenarios=6,
            sources=("gridatlas national dataset (data/national)",),
        )
        for p in mainland()
    ]
    return [*report, *generated]
