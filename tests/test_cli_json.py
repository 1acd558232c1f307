"""Every command that offers ``-f json`` prints exactly one JSON document on stdout.

The commands are found by walking the root Typer app, so a new ``-f json``
command fails :func:`test_every_json_command_has_arguments` until it is added
to :data:`ARGS`. Each runs on bundled data; its stdout must parse as one JSON
document, and nothing may reach file descriptor 1 below Python (the HiGHS
banner did: ``microgrid evaluate --optimize -f json``).
"""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from gridatlas.cli import app

#: Arguments (before ``-f json``) of each command path; ``{units}`` is a unit-list file.
ARGS: dict[tuple[str, ...], list[str]] = {
    ("cases",): [],
    ("balance",): ["anhui"],
    ("simulate",): ["anhui", "--draws", "2000"],
    ("pipeline", "stats"): ["--units", "{units}", "--years", "2022-2024"],
    ("pipeline", "forecast"): [],
    ("capacity-cost",): [],
    ("regions",): [],
    ("region",): ["GD"],
    ("search",): ["虚拟电厂"],
    ("assess",): ["--sensitivity", "0"],
    ("recommend",): ["--role", "investor"],
    ("microgrid", "evaluate"): ["gd_data_centre", "--optimize"],
    ("data", "sources"): [],
    ("data", "capacity"): ["--year", "2023"],
    ("data", "peaks"): ["--year", "2024"],
    ("exposure",): [],
    ("flexibility",): [],
    ("economics",): [],
    ("adequacy", "run"): ["ieee-rts79", "--samples", "50", "--seed", "1"],
    ("adequacy", "elcc"): ["ieee-rts79", "--resource", "firm", "--mw", "100", "--samples", "50"],
    ("adequacy", "national"): ["--year", "2025", "--samples", "4", "--firm-samples", "0"],
}


def _offers_json(cmd: Any) -> bool:
    for p in cmd.params:
        if "--format" not in getattr(p, "opts", ()):
            continue
        kind = getattr(getattr(p, "type_descriptor", None), "annotation", None)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return "json" in {m.value for m in kind}
    return False


def json_commands() -> list[tuple[str, ...]]:
    """Command paths of the root app whose ``--format`` accepts ``json``."""
    found: list[tuple[str, ...]] = []

    def walk(group: Any, path: tuple[str, ...]) -> None:
        for name in group.list_commands(None):
            cmd = group.get_command(None, name)
            if hasattr(cmd, "commands"):
                walk(cmd, (*path, name))
            elif _offers_json(cmd):
                found.append((*path, name))

    walk(typer.main.get_command(app), ())
    return found


def test_every_json_command_has_arguments() -> None:
    found = json_commands()
    assert set(found) == set(ARGS), "add new -f json commands to ARGS"
    assert ("microgrid", "evaluate") in found and ("cases",) in found


@pytest.fixture(scope="module")
def units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled template's example rows as a unit list."""
    path = tmp_path_factory.mktemp("units") / "units.csv"
    result = CliRunner().invoke(app, ["pipeline", "template", "--example", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("path", sorted(ARGS), ids=" ".join)
def test_json_stdout_is_one_document(
    path: tuple[str, ...], units: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = [a.format(units=units) for a in ARGS[path]]
    capfd.readouterr()
    result = CliRunner().invoke(app, [*path, *args, "-f", "json"])
    below_python = capfd.readouterr().out
    assert result.exit_code == 0, (result.output, result.exception)
    json.loads(result.stdout)  # raises unless stdout is exactly one JSON document
    assert below_python == ""


def test_cases_json_lists_every_bundled_case() -> None:
    result = CliRunner().invoke(app, ["cases", "-f", "json"])
    data = json.loads(result.stdout)
    report = [c["name"] for c in data if c["kind"] == "report"]
    assert report == ["anhui", "shanghai", "sichuan", "zhejiang"]
    generated = {c["province"]["code"] for c in data if c["kind"] == "generated"}
    assert len(generated) == 31
    for c in data:
        assert {"name", "province", "kind", "years"} <= set(c)
        assert set(c["province"]) == {"code", "name_zh"}
    anhui = data[0]
    assert anhui["province"] == {"code": "AH", "name_zh": "安徽"}
    assert anhui["kind"] == "report" and anhui["years"] == [2023, 2024, 2025, 2026, 2027]


def test_json_to_a_file_leaves_stdout_empty(tmp_path: Path) -> None:
    target = tmp_path / "b.json"
    result = CliRunner().invoke(app, ["balance", "anhui", "-f", "json", "-o", str(target)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "wrote" in result.stderr
    json.loads(target.read_text("utf-8"))


def test_solver_log_only_with_verbose_and_only_on_stderr(
    capfd: pytest.CaptureFixture[str],
) -> None:
    base = ["microgrid", "evaluate", "gd_two_shift_factory", "--no-sensitivity", "-f", "json"]
    capfd.readouterr()
    quiet = CliRunner().invoke(app, base)
    q = capfd.readouterr()
    loud = CliRunner().invoke(app, [*base, "--verbose"])
    v = capfd.readouterr()
    assert quiet.exit_code == 0 and loud.exit_code == 0
    assert json.loads(quiet.stdout) == json.loads(loud.stdout)
    assert q.out == "" and v.out == ""
    assert "HiGHS" not in q.err + quiet.stderr
    assert "HiGHS" in v.err  # the solver's banner, sent to stderr
