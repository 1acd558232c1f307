"""The lazy command registry: help lists every command, and its summaries are the commands' own."""

from __future__ import annotations

import inspect
import subprocess
import sys

import typer
from typer.testing import CliRunner

from gridatlas.cli import COMMANDS, app


def test_summaries_are_the_first_paragraph_of_each_commands_help() -> None:
    root = typer.main.get_command(app)
    for name, (module, summary) in COMMANDS.items():
        cmd = root.get_command(None, name)
        assert cmd is not None, name
        assert cmd.callback is not None or hasattr(cmd, "commands"), name
        assert sys.modules[module]  # the real command came from the registered module
        first = inspect.cleandoc(cmd.short_help or cmd.help or "").split("\n\n")[0]
        assert " ".join(first.split()) == summary, name


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0
    listed = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("│ ")]
    assert [n for n in listed if n in COMMANDS] == list(COMMANDS)


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['gridatlas', '--help']\n"
        "from gridatlas.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(proc.stderr.split())
    assert "gridatlas.cli" in loaded
    assert {m for _, (m, _) in COMMANDS.items()} & loaded == set()
