"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gridatlas.cli import app as root_app

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
