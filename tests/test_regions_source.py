"""The region knowledge base against its source, seed 000 (《全国各省市智能微电网发展机会橙皮书》).

- Spot-check tables ``tests/data/regions_spotcheck_*.csv`` (region,metric,value,
  unit,year,line) are transcribed by hand from the seed text, not from the data
  files. Values are compared exactly: they are printed figures, not computed ones.
- Every indicator and case figure must be printed on the seed line it cites.
- Text fields are the project's own words: no 28-character run equals a run of the seed.
- Blocks flagged ``generic`` are the book's repeated boilerplate and are worded
  the same in every region whose source block is the same.

Tests reading the seed skip when ``../shared`` is not beside the repository.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridatlas.domain.region import SEED_FILE, Region
from gridatlas.sources.region_files import load_regions

DATA = Path(__file__).parent / "data"
REGIONS = load_regions()
RUN = 28  # the project checker's threshold for copied text
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _spot_rows() -> list[dict[str, str]]:
    rows = []
    for path in sorted(DATA.glob("regions_spotcheck_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows += [dict(r, file=path.name) for r in csv.DictReader(fh)]
    return rows


SPOT = _spot_rows()


def _seed(shared: Path) -> list[str]:
    return (shared / "seeds" / SEED_FILE).read_text(encoding="utf-8").split("\n")


def test_spotcheck_tables_are_large_enough() -> None:
    assert len(SPOT) >= 30, "the issue asks for at least 30 spot-checked values"
    assert len([r for r in SPOT if r["file"] == "regions_spotcheck_a.csv"]) >= 16


@pytest.mark.parametrize("row", SPOT, ids=lambda r: f"{r['region']}-{r['metric']}-L{r['line']}")
def test_spotcheck_value_in_knowledge_base(row: dict[str, str]) -> None:
    region = REGIONS[row["region"]]
    found = [
        i for i in region.indicators if i.metric == row["metric"] and i.line == int(row["line"])
    ]
    assert found, (
        f"{row['file']}: no {row['metric']} indicator at line {row['line']} in {row['region']}"
    )
    ind = found[0]
    # exact: the CSV and the data file both hold the figure as printed
    assert ind.value == float(row["value"])
    assert ind.unit == row["unit"]
    assert ind.year == (int(row["year"]) if row["year"] else None)


@pytest.mark.parametrize("row", SPOT, ids=lambda r: f"{r['region']}-{r['metric']}-L{r['line']}")
def test_spotcheck_value_printed_on_seed_line(row: dict[str, str], shared: Path) -> None:
    line = _seed(shared)[int(row["line"]) - 1]
    assert row["value"] in line, f"seed line {row['line']}: {line!r}"


def _numbers(text: str) -> set[float]:
    return {float(n) for n in NUMBER.findall(text)}


@pytest.mark.parametrize("code", list(REGIONS))
def test_every_figure_is_on_its_cited_line(code: str, shared: Path) -> None:
    seed = _seed(shared)
    region = REGIONS[code]
    figures = [
        (f"indicator {i.label}", i.value, i.line) for i in region.indicators if i.value is not None
    ]
    figures += [
        (f"case {c.name}: {f.label}", f.value, f.line) for c in region.cases for f in c.figures
    ]
    for what, value, line in figures:
        assert float(value) in _numbers(seed[line - 1]), (
            f"{code} {what}: {value} not on line {line}"
        )
    # figures printed in words: the words are on the cited line
    for i in region.indicators:
        if i.value_text is not None:
            assert i.value_text in seed[i.line - 1], (
                f"{code} {i.label}: {i.value_text!r} not on line {i.line}"
            )
    # a "+" bound is printed as such ("50%+", "3000+ 万千瓦", "8400万" then "kW+")
    for i in region.indicators:
        if i.qualifier == "+":
            near = seed[i.line - 1] + seed[i.line]
            assert "+" in near, f"{code} {i.label}: no '+' at line {i.line}"


@pytest.mark.parametrize("code", list(REGIONS))
def test_section_starts_at_its_heading(code: str, shared: Path) -> None:
    # the heading is the span's first line, or follows the region name printed above it
    first, _ = REGIONS[code].source_lines
    head = _seed(shared)[first - 1 : first + 2]
    assert any("智能微电网发展机会" in line for line in head), head


def _texts(obj: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(obj, str):
        yield path, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _texts(v, f"{path}.{k}" if path else k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _texts(v, f"{path}[{i}]")


def _runs(lines: list[str]) -> set[str]:
    return {line[i : i + RUN] for line in lines for i in range(len(line) - RUN + 1)}


SEED_PATH = Path(__file__).resolve().parents[2] / "shared" / "seeds" / SEED_FILE


@pytest.fixture(scope="module")
def seed_runs() -> set[str]:
    """All 28-character runs of the seed (built once for the module)."""
    if not SEED_PATH.exists():
        pytest.skip("../shared is not beside the repository")
    return _runs(SEED_PATH.read_text(encoding="utf-8").split("\n"))


@pytest.mark.parametrize("code", list(REGIONS))
def test_text_is_in_own_words(code: str, seed_runs: set[str]) -> None:
    copied = []
    for path, text in _texts(REGIONS[code].model_dump()):
        hit = next(
            (
                text[i : i + RUN]
                for i in range(len(text) - RUN + 1)
                if text[i : i + RUN] in seed_runs
            ),
            None,
        )
        if hit:
            copied.append(f"{path}: {hit}")
    assert not copied, f"{code}: text copied from the seed: {copied}"


def test_own_words_check_detects_a_copy(shared: Path) -> None:
    # the check itself: a real seed line is caught, a paraphrase is not
    seed = _seed(shared)
    runs = _runs(seed)
    line = seed[128]  # 广东 核心结论 (line 129)
    assert len(line) > RUN and line[:RUN] in runs
    assert "广东已进入项目、聚合、交易与运营叠加的复合经营阶段"[:RUN] not in runs


def _blocks(seed: list[str], heading: str, end: str) -> dict[str, tuple[str, ...]]:
    """The text of one section per region, keyed by code, from the seed."""
    out = {}
    for code, region in REGIONS.items():
        first, last = region.source_lines
        lines = [x.strip() for x in seed[first - 1 : last]]
        if heading in lines and end in lines:
            body = lines[lines.index(heading) + 1 : lines.index(end)]
            # one region prints half-width colons ("重点: …"); compare the words only
            out[code] = tuple(re.sub(r"\s*[:：]\s*", "：", x) for x in body if x)
    return out


def _generic_groups(seed_blocks: dict[str, tuple[str, ...]], flagged: set[str]) -> list[list[str]]:
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for code in flagged:
        groups[seed_blocks[code]].append(code)
    return list(groups.values())


def test_generic_business_layers_worded_alike(shared: Path) -> None:
    blocks = _blocks(_seed(shared), "经营层次", "公开样板与案例线索")
    flagged = {c for c, r in REGIONS.items() if all(b.generic for b in r.business_layers)}
    assert flagged, "no region flags its business layers as generic"
    for group in _generic_groups(blocks, flagged):
        wording = {tuple(b.summary for b in REGIONS[c].business_layers) for c in group}
        assert len(wording) == 1, f"same source block, different wording: {sorted(group)}"
    # a block flagged generic must really repeat in the book
    counts: defaultdict[tuple[str, ...], int] = defaultdict(int)
    for body in blocks.values():
        counts[body] += 1
    assert all(counts[blocks[c]] > 1 for c in flagged)


def test_generic_entry_paths_repeat_in_the_book(shared: Path) -> None:
    blocks = _blocks(_seed(shared), "四类主体切入路径", "经营层次")
    counts: defaultdict[tuple[str, ...], int] = defaultdict(int)
    for body in blocks.values():
        counts[body] += 1
    flagged = [c for c, r in REGIONS.items() if r.entry_paths.generic]
    assert all(counts[blocks[c]] > 1 for c in flagged)
    wording = {_paths(REGIONS[c]) for c in flagged}
    assert len(wording) <= 1


def _paths(region: Region) -> tuple[str, ...]:
    ep = region.entry_paths
    return tuple(
        f"{p.focus}|{p.avoid}|{p.capability}"
        for p in (ep.investor, ep.integrator, ep.aggregator, ep.retailer)
    )
