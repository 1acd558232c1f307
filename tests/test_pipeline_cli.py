"""CLI of the pipeline on a fresh Typer app (register only)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import typer
from typer.testing import CliRunner

from gridatlas.cli.pipeline import register
from gridatlas.core.errors import InputError

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        """Test root."""

    register(root)
    return root


def _ok(app: typer.Typer, *args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_forecast_json_shape(app: typer.Typer) -> None:
    out = json.loads(_ok(app, "pipeline", "forecast", "--input", "report-2024", "-f", "json"))
    assert set(out) == {"unit", "years", "by_fuel", "by_province", "provenance"}
    assert out["unit"] == "MW" and out["years"] == [2024, 2025, 2026]
    assert set(out["by_fuel"]) == {"coal", "gas"}
    assert all(len(v) == 3 for v in out["by_fuel"].values())
    assert out["by_province"] == {}  # the report's input is national


def test_forecast_alternative_and_samples(app: typer.Typer) -> None:
    alt = json.loads(_ok(app, "pipeline", "forecast", "--case", "alternative", "-f", "json"))
    central = json.loads(_ok(app, "pipeline", "forecast", "-f", "json"))
    assert sum(alt["by_fuel"]["coal"]) == pytest.approx(sum(central["by_fuel"]["coal"]))
    assert alt["by_fuel"]["coal"][1] < central["by_fuel"]["coal"][1]
    mc = json.loads(_ok(app, "pipeline", "forecast", "--samples", "50", "-f", "json"))
    assert set(mc["quantiles"]["coal"]) == {"mean", "p10", "p50", "p90"}


def test_capacity_cost_json_shape(app: typer.Typer) -> None:
    out = json.loads(_ok(app, "capacity-cost", "--input", "report-2024", "-f", "json"))
    assert set(out) == {"unit", "years", "total", "breakdown", "provenance"}
    assert out["unit"] == "亿元" and out["years"] == [2025, 2026, 2027]
    assert set(out["breakdown"]) == {"new_units", "existing_fleet", "share_step_up"}
    parts = [sum(v[i] for v in out["breakdown"].values()) for i in range(3)]
    assert parts == pytest.approx(out["total"])


def test_capacity_cost_overrides(app: typer.Typer) -> None:
    base = json.loads(_ok(app, "capacity-cost", "-f", "json"))["total"]
    # the fixed cost scales every part linearly
    doubled = json.loads(_ok(app, "capacity-cost", "--fixed-cost", "660", "-f", "json"))["total"]
    assert doubled == pytest.approx([2 * x for x in base], rel=1e-3)
    # no step in 2026: the existing fleet adds nothing that year
    flat = json.loads(_ok(app, "capacity-cost", "--share", "2026=0.3", "-f", "json"))
    assert flat["breakdown"]["existing_fleet"][1] == 0


def test_tables_state_units(app: typer.Typer) -> None:
    assert "[GW]" in _ok(app, "pipeline", "forecast")
    assert "[亿元]" in _ok(app, "capacity-cost", "--lang", "en")
    csv = _ok(app, "pipeline", "forecast", "-f", "csv", "--unit", "GW")
    assert csv.splitlines()[0].endswith(",unit") and csv.splitlines()[1].endswith(",GW")


def test_xlsx_output(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    _ok(app, "pipeline", "forecast", "-f", "xlsx", "-o", str(out))
    assert {"by_fuel", "notes"} <= set(openpyxl.load_workbook(out).sheetnames)


def test_template_import_stats_forecast(app: typer.Typer, tmp_path: Path) -> None:
    tpl = tmp_path / "tpl.csv"
    _ok(app, "pipeline", "template", "--example", "-o", str(tpl))
    norm = tmp_path / "units.csv"
    assert "2" in _ok(app, "pipeline", "import", "template", str(tpl), "-o", str(norm))
    stats = json.loads(
        _ok(
            app,
            "pipeline",
            "stats",
            "--units",
            str(norm),
            "--years",
            "2022-2023",
            "--fuel",
            "all",
            "-f",
            "json",
        )
    )
    assert {r["province"] for r in stats["rows"]} == {"安徽", "浙江"}
    fc = json.loads(
        _ok(app, "pipeline", "forecast", "--units", str(norm), "--include-planned", "-f", "json")
    )
    assert set(fc["by_province"]) == {"AH", "ZJ"}


def test_bad_input_raises_input_error(app: typer.Typer, tmp_path: Path) -> None:
    cases = [
        ["pipeline", "forecast", "--input", "no-such-input"],
        ["pipeline", "forecast", "--province", "AH"],  # national input
        ["pipeline", "forecast", "--cycle", "coal=soon"],
        ["pipeline", "forecast", "--years", "2026-2024"],
        ["pipeline", "forecast", "-f", "xlsx"],  # xlsx needs -o
        ["capacity-cost", "--share", "2026=1.5"],
        ["pipeline", "stats"],
        ["pipeline", "import", "gem", str(tmp_path / "missing.xlsx")],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert isinstance(result.exception, InputError), (args, result.output)
