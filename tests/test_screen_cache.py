"""The disk cache of microgrid screens: hits give the computed result, any input change misses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from gridatlas.app import province_economics as pe
from gridatlas.reports.economics_report import economics_json
from gridatlas.sources.screen_cache import cache_dir, code_fingerprint, screen_key
from gridatlas.sources.site_files import read_tariff_raw

ONE = ["gd_data_centre"]  # 4 screens: one per bundled tariff


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GRIDATLAS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_off_means_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("off", "", "0"):
        monkeypatch.setenv("GRIDATLAS_CACHE_DIR", value)
        assert cache_dir() is None
    monkeypatch.delenv("GRIDATLAS_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_dir() == Path("/somewhere/gridatlas")


def test_a_hit_is_the_computed_result(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = pe.provincial_economics(archetypes=ONE)
    assert len(list((folder / "screens").glob("*.json"))) == 4

    def refuse(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise AssertionError("screened again despite the cache")

    monkeypatch.setattr(pe, "screen_placed", refuse)
    again = pe.provincial_economics(archetypes=ONE)
    assert economics_json(again) == economics_json(first)


def test_any_input_change_misses(folder: Path, tmp_path: Path) -> None:
    pe.provincial_economics(archetypes=ONE)
    raw, _ = read_tariff_raw("zhejiang_industrial_10kv")
    raw = dict(raw, prices_yuan_per_kwh={**raw["prices_yuan_per_kwh"], "peak": 1.2})
    users = tmp_path / "t"
    users.mkdir()
    (users / "zj.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    changed = pe.provincial_economics(users, archetypes=ONE)  # replaces the bundled tariff
    assert len(list((folder / "screens").glob("*.json"))) == 5
    zj = next(r for r in changed.provinces if r.province.code == "ZJ")
    assert zj.screens[0].irr is not None
    site = {"name": "x", "load": {"annual_kwh": 1}}
    assert screen_key(site, False) != screen_key(site, True)
    assert screen_key(site, False) == screen_key(dict(reversed(list(site.items()))), False)
    assert len(code_fingerprint()) == 64


def test_an_unreadable_entry_is_computed_again(folder: Path) -> None:
    first = pe.provincial_economics(archetypes=ONE)
    for path in (folder / "screens").glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    again = pe.provincial_economics(archetypes=ONE)
    assert economics_json(again) == economics_json(first)
