"""``gridatlas serve``: options, defaults and bad input (no server is started)."""

from __future__ import annotations

import inspect
from pathlib import Path

import typer
from typer.testing import CliRunner

from gridatlas.cli import serve
from gridatlas.core.errors import InputError


def _app() -> typer.Typer:
    app = typer.Typer()
    serve.register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps `serve` a named subcommand
        pass

    return app


def test_binds_loopback_by_default() -> None:
    assert inspect.signature(serve.serve).parameters["host"].default == "127.0.0.1"
    out = CliRunner().invoke(_app(), ["serve", "--help"])
    assert out.exit_code == 0
    for opt in ("--host", "--port", "--db", "--adequacy-samples", "--adequacy-at-start"):
        assert opt in out.output


def test_bad_port_and_db_are_input_errors(tmp_path: Path) -> None:
    res = CliRunner().invoke(_app(), ["serve", "--port", "70000"])
    assert isinstance(res.exception, InputError)
    res = CliRunner().invoke(_app(), ["serve", "--db", str(tmp_path)])  # a folder, not a file
    assert isinstance(res.exception, InputError)


def test_too_few_adequacy_samples_is_an_input_error() -> None:
    res = CliRunner().invoke(_app(), ["serve", "--adequacy-samples", "1"])
    assert isinstance(res.exception, InputError)
    assert res.exception.field == "" and res.exception.source == "--adequacy-samples"
