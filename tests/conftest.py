"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gridatlas.cli import app as root_app

# Hermetic runs: no microgrid screen is read from or written to the user's cache
# (tests/test_screen_cache.py turns it on in a temporary folder). Set before any
# test starts, so CLI subprocesses inherit it too.
os.environ["GRIDATLAS_CACHE_DIR"] = "off"

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def shared() -> Path:
    """The shared folder beside the repository (seeds, third-party data)."""
    if not SHARED.exists():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture
def cli() -> tuple[CliRunner, typer.Typer]:
    """A CLI runner and the root app."""
    return CliRunner(), root_app


@pytest.fixture(scope="module")
def regions_app() -> typer.Typer:
    """A fresh app holding only the region and opportunity commands."""
    from gridatlas.cli.regions import register

    root = typer.Typer()
    register(root)
    return root


@pytest.fixture
def run_ok():
    """Invoke a CLI app and return its output, failing the test on a non-zero exit."""

    def run(app: typer.Typer, *args: str) -> str:
        result = CliRunner().invoke(app, list(args))
        assert result.exit_code == 0, result.output + repr(result.exception)
        return result.output

    return run
