"""Region knowledge-base objects (file format ``gridatlas.region/1``).

One :class:`Region` per data file ``data/regions/<CODE>.yaml``; the format is
documented in ``/work/notes/region_schema.md`` and mirrored field by field
here, with unknown fields forbidden. Facts come from seed 000
(《全国各省市智能微电网发展机会橙皮书》, 本末电碳, 2026-04 V1.0, as-of 2026-04);
each figure carries the 1-based line of the seed where it is printed, and
text fields are summaries in the project's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    model_validator,
)

from gridatlas.core.provinces import all_provinces
from gridatlas.domain.region_vocab import (
    SECTIONS,
    Metric,
    PolicyTag,
    Qualifier,
    RiskTag,
    ScenarioTag,
    Stage,
)

SCHEMA = "gridatlas.region/1"
#: The seed the knowledge base is built from, and its as-of date.
SEED_ID = "000"
SEED_FILE = "000_e8f349a2d4c8a5e2.txt"
SEED_TITLE = "全国各省市智能微电网发展机会橙皮书"
SEED_AS_OF = "2026-04"
#: Code and members of the book's combined 港澳台 special edition.
HMT_CODE = "HMT"
HMT_MEMBERS = ("HK", "MO", "TW")
HMT_NAME = "港澳台"
HMT_NAME_EN = "Hong Kong, Macau and Taiwan"

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _tidy_number(value: float) -> float:
    """Keep whole numbers whole (``6800`` stays ``6800``, not ``6800.0``)."""
    return int(value) if value.is_integer() else value


#: A figure exactly as printed: whole numbers come back as ``int``.
Number = Annotated[
    float,
    Field(allow_inf_nan=False),
    AfterValidator(_tidy_number),
    PlainSerializer(lambda v: v, return_type=int | float),
]
LineNo = Annotated[int, Field(ge=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Judgment(_Model):
    """One of the three 三大核心判断."""

    title: Text
    summary: Text
    tags: list[ScenarioTag] = Field(default_factory=list)


class Indicator(_Model):
    """A figure of 关键数据指标 (or a key figure stated in a judgment).

    The book prints some key indicators in words only ("风能资源：丰富",
    "新能源装机：稳步提升", "赣州：稀土之都"): those carry ``value_text`` and a
    null ``value`` (and usually no unit). Exactly one of ``value`` and
    ``value_text`` is set. ``qualifier`` marks a printed bound on a number,
    e.g. ``+`` for "50%+" (50 % or more) or ``>`` for "超过".
    """

    metric: Metric
    value: Number | None = None
    value_text: Text | None = None
    qualifier: Qualifier | None = None
    unit: Text | None = None
    year: int | None = Field(ge=1990, le=2100)
    label: Text
    section: Text
    line: LineNo

    @model_validator(mode="after")
    def _one_value(self) -> Indicator:
        if (self.value is None) == (self.value_text is None):
            raise ValueError("value: exactly one of value (a number) and value_text (words)")
        if self.value is not None and self.unit is None:
            raise ValueError("unit: the unit of the number (e.g. 亿kWh, %, 万kW)")
        if self.value_text is not None and self.qualifier is not None:
            raise ValueError("qualifier: only with a numeric value")
        return self

    @property
    def numeric(self) -> bool:
        """True when the figure is a number (not words)."""
        return self.value is not None

    def display(self) -> str:
        """The figure as a reader sees it: ``50%+``, ``>416 kW``, ``14.58 万亿元`` or the words."""
        if self.value is None:
            return str(self.value_text)
        prefix = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "~": "约"}.get(self.qualifier or "", "")
        suffix = "+" if self.qualifier == "+" else ""
        unit = self.unit or ""
        sep = "" if unit == "%" else " "
        return f"{prefix}{self.value:g}{suffix}{sep}{unit}".strip()


class Policy(_Model):
    """A row of 政策与机制线索."""

    date: Annotated[str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$")]
    theme: Text
    summary: Text
    tags: list[PolicyTag] = Field(default_factory=list)


class SubRegion(_Model):
    """An area of 区域结构判断 and its role."""

    area: Text
    role: Text
    facts: list[Text] = Field(default_factory=list)


class Scenario(_Model):
    """A direction of 重点场景方向."""

    tag: ScenarioTag
    name: Text
    entry: Text
    summary: Text


class EntryPath(_Model):
    """Focus, pitfall and capability of one kind of market player."""

    focus: Text
    avoid: Text
    capability: Text


class EntryPaths(_Model):
    """四类主体切入路径."""

    investor: EntryPath
    integrator: EntryPath
    aggregator: EntryPath
    retailer: EntryPath
    generic: bool = False


class BusinessLayer(_Model):
    """One of the three 经营层次."""

    layer: Literal[1, 2, 3]
    name: Text
    summary: Text
    generic: bool = False


class CaseStudyFigure(_Model):
    """A number stated in a case, with the seed line it is printed on."""

    value: Number
    unit: Text
    qualifier: Qualifier | None = None
    label: Text
    line: LineNo


class CaseStudy(_Model):
    """A public case of 公开样板与案例线索."""

    name: Text
    kind: Text
    summary: Text
    figures: list[CaseStudyFigure] = Field(default_factory=list)
    tags: list[ScenarioTag] = Field(default_factory=list)


class RoadmapStage(_Model):
    """One of the three stages of 落地路径建议."""

    stage: Literal[1, 2, 3]
    summary: Text


class Risk(_Model):
    """A risk of 主要约束与风险."""

    tag: RiskTag
    title: str | None = None
    summary: Text


def region_codes() -> tuple[str, ...]:
    """The 32 codes of the knowledge base in registry order: 31 mainland, then HMT."""
    return (*(p.code for p in all_provinces() if p.mainland), HMT_CODE)


class Region(_Model):
    """One region of the orange book (a province, or the 港澳台 special edition)."""

    schema_: Literal["gridatlas.region/1"] = Field(alias="schema")
    code: Text
    name: Text
    name_en: Text
    source_lines: tuple[LineNo, LineNo]
    stage: Stage
    stage_basis: Text
    conclusion: Text
    judgments: list[Judgment] = Field(min_length=3, max_length=3)
    indicators: list[Indicator] = Field(min_length=1)
    policies: list[Policy] = Field(default_factory=list)
    structure: list[SubRegion] = Field(default_factory=list)
    scenarios: list[Scenario] = Field(default_factory=list)
    opportunity_hint: Text
    entry_paths: EntryPaths
    business_layers: list[BusinessLayer] = Field(default_factory=list)
    cases: list[CaseStudy] = Field(default_factory=list)
    roadmap: list[RoadmapStage] = Field(default_factory=list)
    overall: Text
    risks: list[Risk] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> Region:
        """Cross-field checks; messages start with the field path (``path: expected``)."""
        codes = region_codes()
        if self.code not in codes:
            raise ValueError(f"code: one of {', '.join(codes)}")
        expected = HMT_NAME if self.code == HMT_CODE else _short_name(self.code)
        if self.name != expected:
            raise ValueError(f"name: {expected!r} for code {self.code}")
        first, last = self.source_lines
        if first > last:
            raise ValueError("source_lines: [first, last] with first <= last")
        lines = [(f"indicators[{i}].line", x.line) for i, x in enumerate(self.indicators)]
        lines += [
            (f"cases[{i}].figures[{j}].line", f.line)
            for i, c in enumerate(self.cases)
            for j, f in enumerate(c.figures)
        ]
        for where, line in lines:
            if not first <= line <= last:
                raise ValueError(
                    f"{where}: a line inside source_lines [{first}, {last}], not {line}"
                )
        return self

    @property
    def members(self) -> tuple[str, ...]:
        """Registry codes the region covers (HK, MO, TW for HMT)."""
        return HMT_MEMBERS if self.code == HMT_CODE else (self.code,)


def _short_name(code: str) -> str:
    for p in all_provinces():
        if p.code == code:
            return p.short_zh
    raise ValueError(f"unknown code {code!r}")


@dataclass(frozen=True)
class Citation:
    """Where a fact sits in seed 000: region, section and line (or the region's line span)."""

    region: str
    section: str
    line: int | None
    span: tuple[int, int]

    def __str__(self) -> str:
        where = (
            f"line {self.line}" if self.line is not None else f"lines {self.span[0]}–{self.span[1]}"
        )
        return f"seed {SEED_ID} · {self.region} · {self.section} · {where}"


def cite(region: Region, section_key: str, line: int | None = None) -> Citation:
    """A citation of ``region``'s section (a key of ``SECTIONS``) at ``line``."""
    return Citation(region.name, SECTIONS[section_key].zh, line, region.source_lines)


def cite_at(region: Region, section: str, line: int | None) -> Citation:
    """A citation of ``region`` at a section named as in the book (e.g. ``关键数据指标``)."""
    return Citation(region.name, section, line, region.source_lines)


def cite_case(region: Region, case: CaseStudy) -> Citation:
    """A citation of one of ``region``'s cases: at its first figure's line, if it has figures."""
    return cite(region, "cases", case.figures[0].line if case.figures else None)


def scenario_json(region: Region, scenario: Scenario) -> dict[str, str]:
    """A scenario direction as ``{"tag","name","entry","summary","source"}`` (source: citation)."""
    return {
        "tag": scenario.tag,
        "name": scenario.name,
        "entry": scenario.entry,
        "summary": scenario.summary,
        "source": str(cite(region, "scenarios")),
    }
