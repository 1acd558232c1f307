"""The opportunity and region modules keep to their layers (issue 8, parts 1 and 4).

Features and archetype rules (domain) read no files and know no runner; scoring
(runners) takes regions, config and balances as objects; the writers (reports)
compute nothing and so load nothing. Checked on the import statements, which
must all sit at module level.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gridatlas"

# module -> packages it must not import
RULES = {
    "domain/opportunity_features.py": ("sources", "runners", "app", "reports", "cli"),
    "runners/opportunity.py": ("sources", "app", "reports", "cli"),
    "runners/regions.py": ("sources", "app", "reports", "cli"),
    "runners/balance.py": ("sources", "app", "reports", "cli"),
    "reports/opportunity_report.py": ("sources", "app", "cli"),
    "reports/recommendations.py": ("sources", "app", "cli"),
    "reports/region_brief.py": ("sources", "app", "cli"),
    "reports/balance_report.py": ("sources", "app", "cli"),
    "reports/region_json.py": ("sources", "app", "cli"),
    "app/opportunity.py": ("cli",),
    "app/regions.py": ("cli",),
    "cli/regions.py": ("sources", "runners"),
}


def _imports(path: Path) -> tuple[set[str], list[int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top: set[str] = set()
    nested: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        ours = [n for n in names if n.startswith("gridatlas.")]
        if not ours:
            continue
        if node in tree.body or any(isinstance(b, ast.If) and node in b.body for b in tree.body):
            top.update(n.split(".")[1] for n in ours)
        else:
            nested.append(node.lineno)
    return top, nested


@pytest.mark.parametrize("module", sorted(RULES))
def test_module_imports_only_downwards(module: str) -> None:
    top, nested = _imports(SRC / module)
    assert nested == [], f"{module}: imports inside functions at lines {nested}"
    assert not top & set(RULES[module]), f"{module} imports {sorted(top & set(RULES[module]))}"


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from gridatlas.sources.region_files import load_regions\n"
        "def f():\n    from gridatlas.app import opportunity\n",
        encoding="utf-8",
    )
    top, nested = _imports(bad)
    assert top == {"sources"} and nested == [3]
