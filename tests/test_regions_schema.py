"""Region file format gridatlas.region/1: validation errors name the file and the field."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import get_args

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gridatlas.core.errors import InputError
from gridatlas.domain.region import Indicator, Region
from gridatlas.domain.region_vocab import (
    METRICS,
    ROLE_TAGS,
    ROLES,
    SCENARIO_TAGS,
    VOCABULARIES,
    Metric,
    ScenarioTag,
)
from gridatlas.sources.region_files import (
    bundled_folder,
    load_regions,
    parse_region,
    read_region_file,
)


def _raw(code: str = "GD") -> dict:
    text = bundled_folder().joinpath(f"{code}.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _error(raw: dict, name: str = "GD.yaml") -> InputError:
    with pytest.raises(InputError) as info:
        parse_region(yaml.safe_dump(raw, allow_unicode=True), name)
    return info.value


def test_bundled_file_parses() -> None:
    region = parse_region(yaml.safe_dump(_raw(), allow_unicode=True), "GD.yaml")
    assert region.code == "GD"
    assert region.name == "广东"


@pytest.mark.parametrize(
    ("mutate", "field", "expected_part"),
    [
        (
            lambda r: r["indicators"][1].update(metric="electricity"),
            "indicators[1].metric",
            "'gdp'",
        ),
        (lambda r: r["indicators"][0].update(value="lots"), "indicators[0].value", "number"),
        (lambda r: r["indicators"][0].update(line=99999), "indicators[0].line", "source_lines"),
        (lambda r: r["policies"][0].update(date="2024.11"), "policies[0].date", "YYYY-MM"),
        (lambda r: r["risks"][2].update(tag="weather"), "risks[2].tag", "'grid_access'"),
        (
            lambda r: r["scenarios"][0].update(tag="shopping"),
            "scenarios[0].tag",
            "'manufacturing_ci'",
        ),
        (lambda r: r.update(stage="mature"), "stage", "'composite'"),
        (lambda r: r.update(colour="orange"), "colour", "unknown fields"),
        (lambda r: r.pop("overall"), "overall", "missing"),
        (lambda r: r["judgments"].pop(), "judgments", "at least 3"),
        (lambda r: r.update(name="广西"), "name", "'广东'"),
        (lambda r: r.update(code="XX"), "code", "HMT"),
        (lambda r: r["entry_paths"].pop("retailer"), "entry_paths.retailer", "missing"),
        (
            lambda r: r["cases"][1]["figures"][0].update(qualifier="over"),
            "cases[1].figures[0].qualifier",
            "'>'",
        ),
        (lambda r: r.update(conclusion="  "), "conclusion", "at least 1 character"),
        # a figure is a number or words, never both or neither
        (
            lambda r: r["indicators"][0].update(value_text="很多"),
            "indicators[0].value",
            "exactly one",
        ),
        (lambda r: r["indicators"][0].update(value=None), "indicators[0].value", "exactly one"),
        (lambda r: r["indicators"][0].pop("unit"), "indicators[0].unit", "unit of the number"),
        (lambda r: r["indicators"][0].update(qualifier="plus"), "indicators[0].qualifier", "'+'"),
    ],
)
def test_errors_name_file_and_field(mutate, field: str, expected_part: str) -> None:
    raw = _raw()
    mutate(raw)
    err = _error(raw)
    assert err.source == "GD.yaml"
    assert err.field == field
    assert expected_part in err.expected
    assert str(err).startswith(f"GD.yaml: {field}: expected ")


def test_wrong_schema_tag() -> None:
    raw = _raw()
    raw["schema"] = "gridatlas.region/0"
    err = _error(raw)
    assert (err.field, err.got) == ("schema", "gridatlas.region/0")


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "GD.yaml"
    path.write_text("schema: gridatlas.region/1\ncode: [GD\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_region_file(path)
    assert info.value.source == str(path)
    assert info.value.field.startswith("line ")


def test_file_name_must_match_code(tmp_path: Path) -> None:
    path = tmp_path / "GX.yaml"
    path.write_text(yaml.safe_dump(_raw(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_region_file(path)
    assert (info.value.field, info.value.got) == ("code", "GD")


def test_user_folder_updates_bundled(tmp_path: Path) -> None:
    raw = _raw()
    raw["overall"] = "用户更新后的综合结论。"
    (tmp_path / "GD.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    regions = load_regions(tmp_path)
    assert regions["GD"].overall == "用户更新后的综合结论。"
    assert regions["SC"] == load_regions()["SC"]


def test_user_folder_missing() -> None:
    with pytest.raises(InputError, match=r"folder of <CODE>\.yaml"):
        load_regions("/nonexistent/regions")


def test_vocabularies_have_both_labels() -> None:
    for name, table in VOCABULARIES.items():
        for term, labels in table.items():
            assert labels.zh and labels.en, (name, term)
    assert tuple(METRICS) == get_args(Metric)
    assert tuple(SCENARIO_TAGS) == get_args(ScenarioTag)
    assert set(ROLE_TAGS) == set(ROLES)


@settings(max_examples=60, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9))
def test_indicator_value_round_trips_through_json(value: float) -> None:
    ind = Indicator(
        metric="gdp",
        value=value,
        unit="万亿元",
        year=2025,
        label="x",
        section="关键数据指标",
        line=1,
    )
    assert ind.value is not None
    back = Indicator.model_validate(json.loads(ind.model_dump_json()))
    assert back.value == ind.value
    # whole numbers stay whole (6800, not 6800.0) so the JSON shows the figure as printed
    assert isinstance(ind.value, int) == float(value).is_integer()
    assert math.isclose(float(ind.value), value)


def test_region_model_is_frozen() -> None:
    region = load_regions()["GD"]
    with pytest.raises(ValueError):
        region.stage = "pilot"  # type: ignore[misc]
    assert isinstance(region, Region)
