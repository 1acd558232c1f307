"""User text reaches the terminal as written, never read as rich markup (bad input 8)."""

from __future__ import annotations

import shutil
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from gridatlas import cli
from gridatlas.cli import app

TITLE = "[bold]x[/]"


def _case_copy(folder: Path, title: str | None = None) -> Path:
    src = resources.files("gridatlas.data").joinpath("cases", "anhui.yaml")
    target = folder / "my_case.yaml"
    text = src.read_text("utf-8")
    if title is not None:
        raw = yaml.safe_load(text)
        raw["title"] = title
        text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
    target.write_text(text, "utf-8")
    return target


def test_balance_of_an_absolute_path_prints_the_path(tmp_path: Path) -> None:
    case = _case_copy(tmp_path).resolve()
    result = CliRunner().invoke(app, ["balance", str(case)], terminal_width=400)
    assert result.exit_code == 0, (result.output, result.exception)
    assert f"[{case}]" in result.stdout


def test_a_title_in_brackets_prints_as_written(tmp_path: Path) -> None:
    case = _case_copy(tmp_path, TITLE)
    for args in (["balance", str(case)], ["simulate", str(case), "--draws", "500"]):
        result = CliRunner().invoke(app, args, terminal_width=400)
        assert result.exit_code == 0, (result.output, result.exception)
        assert TITLE in result.stdout


def test_a_site_title_in_brackets_prints_as_written(tmp_path: Path) -> None:
    src = resources.files("gridatlas.data").joinpath(
        "microgrid", "sites", "gd_two_shift_factory.yaml"
    )
    raw = yaml.safe_load(src.read_text("utf-8"))
    raw["title"] = TITLE
    site = tmp_path / "[site].yaml"
    site.write_text(yaml.safe_dump(raw, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(
        app,
        ["microgrid", "evaluate", str(site), "--no-sensitivity"],
        terminal_width=400,
    )
    assert result.exit_code == 0, (result.output, result.exception)
    assert TITLE in result.stdout


def test_an_error_naming_a_bracketed_path_prints_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "[/x]" / "nope.yaml"
    monkeypatch.setattr(sys, "argv", ["gridatlas", "balance", str(missing)])
    monkeypatch.setenv("COLUMNS", "400")
    with pytest.raises(SystemExit) as exc:
        cli.main()
    assert exc.value.code == 2
    assert str(missing) in capsys.readouterr().err.replace("\n", "")


def test_written_file_note_prints_the_path(tmp_path: Path) -> None:
    folder = tmp_path / "[red]out"
    folder.mkdir()
    target = folder / "b.csv"
    result = CliRunner().invoke(app, ["balance", "anhui", "-f", "csv", "-o", str(target)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert str(target) in result.stderr.replace("\n", "")
    shutil.rmtree(folder)
