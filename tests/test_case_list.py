"""The fast case list agrees with the fully loaded and checked cases."""

from __future__ import annotations

from gridatlas.app.cases import list_cases, load_case
from gridatlas.sources.case_files import bundled_case_names, read_case


def test_list_agrees_with_the_checked_cases() -> None:
    infos = list_cases()
    assert [c.name for c in infos if c.kind == "report"] == bundled_case_names()
    for info in infos:
        case = read_case(info.name) if info.kind == "report" else load_case(info.name)
        assert info.province_code == case.province.code
        assert info.province_zh == case.province.short_zh
        assert info.years == tuple(int(y) for y in case.years)
        assert info.title == case.title
        n = len(case.hydrologies) * len(case.weathers) + len(case.scenarios)
        assert info.scenarios == n
        if info.kind == "report":
            assert info.sources == tuple(
                f"{s.publisher or s.title} ({s.as_of})" for s in case.sources.values()
            )
