"""Mutations of valid input files, as hypothesis strategies, for the fuzz suite.

Three levels, as a user (or a damaged disk) changes a file:

* data: a value replaced by a nasty one (type swaps, extreme numbers, unicode),
  a key or list item deleted, a value nested hundreds of levels deep, an
  unknown key added, a number scaled to the edge of float;
* text (YAML): the serialised file cut short or with text inserted;
* workbook (xlsx): a cell rewritten in the sheet XML, a row deleted, a
  header row shuffled, a zip member cut short, bytes of the file corrupted.
"""

from __future__ import annotations

import copy
import io
import math
import re
import sys
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import yaml
from hypothesis import strategies as st
from openpyxl import load_workbook

#: Values users (or fuzzers) type where something else belongs.
NASTY_CONSTANTS: list[Any] = [
    0,
    -1,
    -5,
    1,
    99999,
    2024,
    1e308,
    -1e308,
    1e-308,
    5e-324,
    2**63,
    -(2**63),
    10**30,
    math.inf,
    -math.inf,
    math.nan,
    True,
    False,
    None,
    "",
    " ",
    "abc",
    "1e308",
    "1e400",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "7.2%",
    "1e308%",
    "1,234",
    "１２３",
    "电力",
    "☃\u202e\u200b",
    "x\x00y",
    "a" * 5000,
    "2024-13-45",
    "2024..2023",
    "[bold]x[/]",
    [],
    {},
    [1, 2, 3],
    [None],
    {"a": 1},
    {"2024": "x"},
]

nasty_scalars = st.one_of(
    st.sampled_from(NASTY_CONSTANTS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(max_size=12),
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``node`` (not the root)."""
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(node, prefix)]
    while stack:
        cur, path = stack.pop()
        items = (
            list(cur.items())
            if isinstance(cur, dict)
            else list(enumerate(cur))
            if isinstance(cur, list)
            else []
        )
        for k, v in items:
            out.append((*path, k))
            stack.append((v, (*path, k)))
    return out


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    node = root
    for part in path[:-1]:
        node = node[part]
    return node


def _nest(value: Any, depth: int, kind: str) -> Any:
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


@st.composite
def mutated_data(draw: st.DrawFn, bases: list[Any]) -> tuple[Any, list[str]]:
    """A deep copy of one of ``bases`` with one to four data mutations; returns (data, log)."""
    data = copy.deepcopy(draw(st.sampled_from(bases)))
    log: list[str] = []
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 4]))):
        paths = _paths(data)
        op = draw(
            st.sampled_from(
                [
                    "replace",
                    "replace",
                    "tweak",
                    "tweak",
                    "delete",
                    "nest",
                    "swap",
                    "extra",
                    "scale",
                ]
            )
        )
        if not paths or op == "extra":
            target = data
            if paths and draw(st.booleans()):
                node = _parent(data, draw(st.sampled_from(paths)))
                target = node if isinstance(node, dict) else data
            if isinstance(target, dict):
                key = draw(st.sampled_from(["zz_unknown", "", "电", "name", "years", "2024"]))
                target[key] = draw(nasty_scalars)
                log.append(f"extra {key!r}")
            continue
        path = draw(st.sampled_from(paths))
        parent, key = _parent(data, path), path[-1]
        old = parent[key]
        if op == "replace":
            parent[key] = draw(nasty_scalars)
        elif op == "tweak":  # a plausible edit: most of these stay valid
            if isinstance(old, int | float) and not isinstance(old, bool):
                factor = draw(st.floats(min_value=0.5, max_value=2.0))
                parent[key] = type(old)(old * factor) if isinstance(old, float) else old
            elif isinstance(old, str):
                parent[key] = old + draw(st.sampled_from(["☃", " 电力", "\u202e", "[/]"]))
            else:
                parent[key] = old
        elif op == "delete":
            del parent[key]
        elif op == "nest":
            depth = draw(st.sampled_from([1, 2, 5, 60, 600]))
            parent[key] = _nest(old, depth, draw(st.sampled_from(["list", "dict"])))
        elif op == "swap":
            if isinstance(old, bool):
                parent[key] = str(old).lower()
            elif isinstance(old, int | float):
                parent[key] = draw(st.sampled_from([str(old), [old], {"v": old}, f"{old}%"]))
            elif isinstance(old, str):
                parent[key] = draw(st.sampled_from([len(old), [old], {old: old}, old * 50]))
            elif isinstance(old, list):
                parent[key] = {str(i): v for i, v in enumerate(old)} if old else None
            elif isinstance(old, dict):
                parent[key] = list(old.values())
        elif op == "scale":
            if isinstance(old, int | float) and not isinstance(old, bool):
                factor = draw(st.sampled_from([-1.0, 0.0, 1e-300, 1e10, 1e300, 1e308]))
                parent[key] = old * factor if math.isfinite(old * factor) else math.inf
            else:
                parent[key] = draw(nasty_scalars)
        log.append(f"{op} {'.'.join(map(str, path))}")
    return data, log


def dump_yaml(data: Any) -> str:
    """YAML text of ``data`` (inf and nan are written as YAML's .inf and .nan).

    PyYAML's writer recurses once per level; the limit is raised while writing so that
    the deep documents the suite makes can be written (reading them is what is tested).
    """
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    finally:
        sys.setrecursionlimit(limit)


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """``text`` unchanged (mostly), cut short, or with a fragment inserted."""
    op = draw(st.sampled_from(["keep", "keep", "keep", "cut", "insert"]))
    if op == "keep" or not text:
        return text
    at = draw(st.integers(min_value=0, max_value=len(text)))
    if op == "cut":
        return text[:at]
    fragment = draw(
        st.one_of(
            st.sampled_from(
                ["\n  - [", ": :", "\t", "&a [*a]", "!!python/object:os.system", "\ufeff"]
            ),
            st.text(max_size=8),
        )
    )
    return text[:at] + fragment + text[at:]


# --- workbooks


@dataclass(frozen=True)
class Workbook:
    """A valid workbook's bytes and, per sheet member, its cell references and values."""

    data: bytes
    cells: dict[str, dict[str, Any]]  # member → cell ref → value

    @classmethod
    def of(cls, data: bytes) -> Workbook:
        wb = load_workbook(io.BytesIO(data), read_only=True)
        cells: dict[str, dict[str, Any]] = {}
        try:
            for i, name in enumerate(wb.sheetnames):
                member = f"xl/worksheets/sheet{i + 1}.xml"
                table: dict[str, Any] = {}
                for row in wb[name].iter_rows():
                    for c in row:
                        ref = getattr(c, "coordinate", None)
                        if ref is not None and c.value is not None:
                            table[ref] = c.value
                cells[member] = table
        finally:
            wb.close()
        return cls(data, cells)


def _cell_xml(ref: str, value: Any) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}" t="n"><v>{value!r}</v></c>'
    if value is None:
        return f'<c r="{ref}" />'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _set_cell(xml: str, ref: str, value: Any) -> str:
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
    return pattern.sub(lambda _: _cell_xml(ref, value), xml, count=1)


def _delete_row(xml: str, r: int) -> str:
    return re.sub(rf'<row r="{r}"[^>]*?(?:/>|>.*?</row>)', "", xml, count=1, flags=re.DOTALL)


def _rewrite(data: bytes, edits: dict[str, str], cut: dict[str, float]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename in edits:
                body = edits[info.filename].encode("utf-8")
            if info.filename in cut:
                body = body[: int(len(body) * cut[info.filename])]
            dst.writestr(info, body)
    return out.getvalue()


@st.composite
def mutated_workbook(draw: st.DrawFn, books: list[Workbook]) -> tuple[bytes, list[str]]:
    """One of ``books`` with one to three workbook-level mutations; returns (bytes, log)."""
    book = draw(st.sampled_from(books))
    members = sorted(book.cells)
    edits: dict[str, str] = {}
    cut: dict[str, float] = {}
    log: list[str] = []
    with zipfile.ZipFile(io.BytesIO(book.data)) as z:
        names = z.namelist()

        def xml(member: str) -> str:
            if member not in edits:
                edits[member] = z.read(member).decode("utf-8")
            return edits[member]

        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            op = draw(
                st.sampled_from(["cell", "cell", "cell", "cell", "row", "header", "cut", "corrupt"])
            )
            member = draw(st.sampled_from(members))
            refs = sorted(book.cells[member])
            if op == "cell" and refs:
                ref = draw(st.sampled_from(refs))
                value = draw(nasty_scalars)
                if isinstance(value, list | dict):
                    value = str(value)
                edits[member] = _set_cell(xml(member), ref, value)
                log.append(f"cell {member}!{ref} = {value!r:.40}")
            elif op == "row" and refs:
                rows = sorted({int(re.sub(r"[A-Z]+", "", r)) for r in refs})
                r = draw(st.sampled_from(rows))
                edits[member] = _delete_row(xml(member), r)
                log.append(f"delete row {member}:{r}")
            elif op in ("row", "header") and not refs:
                log.append(f"empty sheet {member}")
            elif op == "header":
                head = [r for r in refs if re.fullmatch(r"[A-Z]+1", r)]
                values = [book.cells[member][r] for r in head]
                order = draw(st.permutations(values))
                text = xml(member)
                for ref, value in zip(head, order, strict=True):
                    text = _set_cell(text, ref, value)
                edits[member] = text
                log.append(f"shuffle header {member}")
            elif op == "cell":
                log.append(f"no cell to change in {member}")
            elif op == "cut":
                target = draw(st.sampled_from(names))
                cut[target] = draw(st.sampled_from([0.0, 0.1, 0.5, 0.9, 0.99]))
                log.append(f"cut {target} to {cut[target]}")
            else:
                log.append("corrupt bytes")
    data = _rewrite(book.data, edits, cut)
    if "corrupt bytes" in log:
        # a fraction, not a byte index: the size of a written workbook varies run to run
        # (openpyxl stamps the time), and hypothesis needs the same draws on a replay
        at = int(draw(st.integers(min_value=0, max_value=999)) / 1000 * len(data))
        span = draw(st.integers(min_value=1, max_value=64))
        data = data[:at] + bytes(draw(st.binary(min_size=span, max_size=span))) + data[at + span :]
    return data, log
