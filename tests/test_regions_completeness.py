"""Completeness of the region knowledge base: all 32 regions and their core parts.

Every region has the book's four key indicators (关键数据指标); those printed in
words only ("风能资源：丰富") are recorded with ``value_text``, so no region is
exempt.
"""

from __future__ import annotations

import itertools

import pytest

from gridatlas.core.glossary import terms
from gridatlas.domain.region import HMT_CODE, region_codes
from gridatlas.domain.region_vocab import METRICS
from gridatlas.sources.region_files import load_regions

REGIONS = load_regions()


def test_all_32_regions_present() -> None:
    assert list(REGIONS) == list(region_codes())
    assert len(REGIONS) == 32
    assert HMT_CODE in REGIONS


@pytest.mark.parametrize("code", list(REGIONS))
def test_region_has_core_parts(code: str) -> None:
    r = REGIONS[code]
    key = [i for i in r.indicators if i.section == "关键数据指标"]
    # the book prints four key indicators per region (西藏 five: 74县660乡 is two figures)
    assert len(key) >= 4, code
    assert all((i.value is None) != (i.value_text is None) for i in r.indicators)
    assert len(r.judgments) == 3
    assert r.policies, "empty policy timeline"
    assert r.risks, "no risks"
    assert len(r.roadmap) == 3
    assert len(r.business_layers) == 3
    assert r.scenarios and r.cases and r.structure


def test_source_spans_do_not_overlap() -> None:
    spans = sorted(r.source_lines for r in REGIONS.values())
    for (a0, a1), (b0, b1) in itertools.pairwise(spans):
        assert a0 <= a1 < b0 <= b1


def test_glossary_has_every_metric() -> None:
    names = terms()
    for metric in METRICS:
        assert f"region_{metric}" in names
    assert names["region_stage"].subject == "regions"
