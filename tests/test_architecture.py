"""The package's layering is checked, not hoped for.

* the import-linter ``layers`` contract in ``pyproject.toml`` holds;
* the module import graph has no cycle (a cycle hides an upward import);
* no module imports gridatlas code inside a function to dodge a cycle (the one
  exception is the CLI's command registry, which defers loading a command's
  module until it runs so that light commands start fast).
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

SRC = Path(__file__).resolve().parents[1] / "src" / "gridatlas"
#: Modules allowed to import gridatlas code inside a function, and why.
DEFERRED_OK: dict[str, str] = {}


def test_layers_contract_is_kept() -> None:
    assert lint_imports(config_filename=str(SRC.parents[1] / "pyproject.toml")) == 0


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_import_graph_has_no_cycle() -> None:
    g = grimp.build_graph("gridatlas", include_external_packages=False)
    graph = {
        m: {t for t in g.find_modules_directly_imported_by(m) if not t.endswith("__init__")}
        for m in g.modules
        if m != "gridatlas"
    }
    # the package root re-exports the public API; it sits outside the layers
    graph = {m: {t for t in ts if t != "gridatlas"} for m, ts in graph.items()}
    assert _cycles(graph) == []


def _deferred_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text("utf-8"))
    lines: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith(
                    "gridatlas"
                ):
                    lines.append(inner.lineno)
                if isinstance(inner, ast.Import) and any(
                    a.name.startswith("gridatlas") for a in inner.names
                ):
                    lines.append(inner.lineno)
    return lines


def test_no_gridatlas_import_inside_functions() -> None:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC.parent).with_suffix("").as_posix().replace("/", ".")
        if rel in DEFERRED_OK:
            continue
        if lines := _deferred_imports(path):
            found[rel] = lines
    assert found == {}
