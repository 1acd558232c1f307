"""Queries over the region knowledge base: list, look up and search the 32 regions.

Plain functions over :class:`gridatlas.domain.region.Region` objects (read by
:mod:`gridatlas.sources.region_files`; :mod:`gridatlas.app.regions` loads them). Every fact returned carries a
:class:`Citation` into seed 000 (《全国各省市智能微电网发展机会橙皮书》, as-of
2026-04): the region, the section and, where the data file records it, the line.

The ``archetype`` of a region is assigned by the opportunity assessment's
stated rules (:func:`gridatlas.runners.opportunity.archetypes`, thresholds in
``data/assessment/weights.yaml``); the knowledge base itself holds facts only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from gridatlas.core.errors import InputError
from gridatlas.core.provinces import find_province
from gridatlas.domain.region import (
    HMT_CODE,
    HMT_MEMBERS,
    HMT_NAME,
    HMT_NAME_EN,
    Citation,
    Region,
    cite,
    cite_at,
    cite_case,
)
from gridatlas.domain.region_vocab import (
    HIT_KINDS,
    METRIC_TAGS,
    ROLE_TAGS,
    ROLES,
    all_tags,
    tag_label,
)

#: Spellings of the 港澳台 special edition accepted by :func:`get_region`.
HMT_ALIASES = frozenset(
    {HMT_CODE.lower(), HMT_NAME, HMT_NAME_EN.lower(), "gangaotai", "港澳台特别版"}
)


@dataclass(frozen=True)
class RegionSummary:
    """One row of :func:`list_regions`."""

    code: str
    name: str
    name_en: str
    stage: str
    archetype: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape ``{"code","name","stage","archetype"}``."""
        return {
            "code": self.code,
            "name": self.name,
            "stage": self.stage,
            "archetype": self.archetype,
        }


@dataclass(frozen=True)
class Hit:
    """One search result: a fact, policy, case, scenario, risk or judgment of a region."""

    region: str
    region_name: str
    kind: str
    text: str
    citation: Citation
    tags: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """``{"region","name","kind","text","tags","citation"}``."""
        return {
            "region": self.region,
            "name": self.region_name,
            "kind": self.kind,
            "text": self.text,
            "tags": list(self.tags),
            "citation": str(self.citation),
        }


def list_regions(
    regions: Mapping[str, Region], archetypes: Mapping[str, tuple[str, str]]
) -> list[RegionSummary]:
    """All regions of the knowledge base in registry order (31 mainland, then 港澳台).

    ``archetypes`` maps codes to the id given by the assessment's archetype rules
    and the rule (``hmt_qualitative`` for the 港澳台 edition).
    """
    return [
        RegionSummary(
            code=r.code,
            name=r.name,
            name_en=r.name_en,
            stage=r.stage,
            archetype=archetypes[r.code][0] if r.code in archetypes else None,
        )
        for r in regions.values()
    ]


def resolve_code(name: str) -> str:
    """The knowledge-base code a name refers to (Chinese, pinyin, English or code).

    香港, 澳门, 台湾 (and HK, MO, TW) resolve to the combined ``HMT`` edition.
    """
    key = "".join(name.split()).lower()
    if key in HMT_ALIASES:
        return HMT_CODE
    p = find_province(name)
    if p is None:
        raise InputError(
            "region",
            "name",
            "a province name, pinyin, English name or code (e.g. 广东, guangdong, GD) or 港澳台",
            name,
        )
    return HMT_CODE if p.code in HMT_MEMBERS else p.code


def get_region(name: str, regions: Mapping[str, Region], origin: str) -> Region:
    """One region by Chinese name, short name, pinyin, English name or code.

    ``origin`` names where ``regions`` came from, for the error message.
    """
    code = resolve_code(name)
    if code not in regions:
        raise InputError(
            origin,
            "code",
            f"a region file for {code} (the knowledge base has {', '.join(regions) or 'none'})",
            name,
        )
    return regions[code]


def _fmt_value(value: float, unit: str) -> str:
    return f"{value:g}{unit}" if unit in {"%"} else f"{value:g} {unit}"


def region_hits(region: Region) -> Iterator[Hit]:
    """Every searchable item of one region as a :class:`Hit`, in section order."""

    def hit(kind: str, text: str, citation: Citation, tags: Iterable[str]) -> Hit:
        return Hit(region.code, region.name, kind, text, citation, tuple(dict.fromkeys(tags)))

    for i in region.indicators:
        text = f"{i.label}：{i.display()}"
        yield hit(
            "indicator",
            text,
            cite_at(region, i.section, i.line),
            METRIC_TAGS.get(i.metric, ()),
        )
    for j in region.judgments:
        yield hit("judgment", f"{j.title}：{j.summary}", cite(region, "judgments"), j.tags)
    for p in region.policies:
        yield hit("policy", f"{p.date} {p.theme}：{p.summary}", cite(region, "policies"), p.tags)
    for s in region.scenarios:
        yield hit(
            "scenario", f"{s.name}（{s.entry}）：{s.summary}", cite(region, "scenarios"), [s.tag]
        )
    for c in region.cases:
        figures = "；".join(
            f"{f.label} {f.qualifier or ''}{_fmt_value(f.value, f.unit)}".replace("  ", " ")
            for f in c.figures
        )
        text = f"{c.name}（{c.kind}）：{c.summary}" + (f" [{figures}]" if figures else "")
        yield hit("case", text, cite_case(region, c), c.tags)
    for r in region.risks:
        title = f"{r.title}：" if r.title else ""
        yield hit("risk", f"{title}{r.summary}", cite(region, "risks"), [r.tag])


def _check_filters(tag: str | None, role: str | None, kind: str | None) -> None:
    if tag is not None and tag not in all_tags():
        raise InputError(
            "search", "tag", "a scenario, policy or risk tag: " + ", ".join(sorted(all_tags())), tag
        )
    if role is not None and role not in ROLES:
        raise InputError("search", "role", "one of " + ", ".join(ROLES), role)
    if kind is not None and kind not in HIT_KINDS:
        raise InputError("search", "kind", "one of " + ", ".join(HIT_KINDS), kind)


def search(
    text: str,
    regions: Mapping[str, Region],
    tag: str | None = None,
    role: str | None = None,
    *,
    kind: str | None = None,
    within: Iterable[str] | None = None,
) -> list[Hit]:
    """Facts, policies, cases, scenarios, risks and judgments that mention ``text``.

    Every whitespace-separated term of ``text`` must occur (case-insensitively)
    in the item's text or among its tags and their Chinese labels; an empty
    ``text`` matches everything.
    ``tag`` keeps items carrying that scenario, policy or risk tag; ``role``
    (investor, integrator, aggregator, retailer) keeps items whose tags fall in
    that player's focus (:data:`gridatlas.domain.region_vocab.ROLE_TAGS`);
    ``kind`` keeps one kind of hit; ``within`` limits the regions (any names
    :func:`get_region` accepts). Results come in region order, then section order.
    """
    _check_filters(tag, role, kind)
    terms = [t.lower() for t in text.split()]
    wanted = None if within is None else {resolve_code(r) for r in within}
    out: list[Hit] = []
    for region in regions.values():
        if wanted is not None and region.code not in wanted:
            continue
        for h in region_hits(region):
            if kind is not None and h.kind != kind:
                continue
            if tag is not None and tag not in h.tags:
                continue
            if role is not None and not ROLE_TAGS[role] & set(h.tags):
                continue
            labels = " ".join(f"{t} {tag_label(t)}" for t in h.tags)
            haystack = f"{h.text} {labels}".lower()
            if all(t in haystack for t in terms):
                out.append(h)
    return out
