"""The atlas page in a real browser: Playwright driving Debian's chromium-headless-shell.

A uvicorn server with a fresh scenario database runs on a free loopback port for
the module. Screenshots go to ``out/screenshots/`` (look at them). Without the
browser binary the tests are skipped locally with the reason; in CI (``CI`` set)
they fail instead, because .ci/run installs the package.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from openpyxl import load_workbook

from gridatlas.app import atlas_adequacy as aa
from gridatlas.app.cases import load_case
from gridatlas.app.province_economics import bundled_economics
from gridatlas.app.scenarios import Overrides, apply_overrides
from gridatlas.core.glossary import terms
from gridatlas.domain.opportunity import ARCHETYPES
from gridatlas.domain.region_vocab import STAGES
from gridatlas.reports.balance_report import _fmt, report_rows
from gridatlas.runners.balance import run_balance
from gridatlas.web.app import create_app

CHROMIUM = Path("/usr/lib/chromium/chromium-headless-shell")
SHOTS = Path(__file__).resolve().parent.parent / "out" / "screenshots"
ADEQUACY_SAMPLES = 4

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing in CI: .ci/run installs chromium-headless-shell")
    pytest.skip(
        f"{CHROMIUM} not installed (apt-get install chromium-headless-shell); CI installs it",
        allow_module_level=True,
    )

from playwright.sync_api import Page, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def web_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    db = tmp_path_factory.mktemp("browser") / "scenarios.sqlite"
    # few LOLE samples (tests/test_web_adequacy.py SAMPLES): the process computes them once
    return create_app(db, adequacy_samples=ADEQUACY_SAMPLES)


@pytest.fixture(scope="module")
def server(web_app: FastAPI) -> Iterator[str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: object, server: str) -> Iterator[Page]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)  # type: ignore[attr-defined]
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert not errors, errors


def open_atlas(page: Page, server: str, query: str = "") -> None:
    page.goto(server + "/" + query)
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def panel_rows(page: Page) -> list[list[str]]:
    return page.eval_on_selector_all(
        "#balance-table tr:not(.section)",
        "rows => rows.slice(1).map(r => [...r.children].map(c => c.textContent))",
    )


def wait_panel(page: Page) -> None:
    page.wait_for_selector("#balance-table td.num", timeout=60_000)


# legend of the reserve-margin map: below 0, 0–10 %, 10–13 %, 13–20 %, 20–30 %, 30 % and over
def margin_bucket(v: float) -> int:
    return sum(v >= e for e in (0, 0.10, 0.13, 0.20, 0.30))


def test_map_has_32_tiles_coloured_by_the_engine(page: Page, server: str) -> None:
    open_atlas(page, server, "?metric=reserve_margin&year=2025&scenario=normal-neutral")
    tiles = page.locator(".tile")
    assert tiles.count() == 32
    shot(page, "map")
    got = {
        t["code"]: t
        for t in page.eval_on_selector_all(
            ".tile",
            "ts => ts.map(t => ({code: t.dataset.code, value: t.dataset.value, "
            "bucket: t.dataset.bucket, bg: getComputedStyle(t).backgroundColor}))",
        )
    }
    res = run_balance(load_case("anhui"))
    want = float(res.reserve_margin[res.scenario("normal-neutral"), res.years.index(2025)])
    assert float(got["AH"]["value"]) == pytest.approx(want, rel=1e-12)
    assert int(got["AH"]["bucket"]) == margin_bucket(want)
    # same bucket, same colour; a tile without a case is grey "no data"
    colours = {int(t["bucket"]): t["bg"] for t in got.values() if t["bucket"]}
    assert len(set(colours.values())) == len(colours)
    # every mainland province has a case (report or generated); the HMT tile has none
    assert got["HMT"]["value"] == "" and got["HMT"]["bg"] == "rgb(227, 227, 227)"
    assert all(t["value"] != "" for code, t in got.items() if code != "HMT")
    page.hover(".tile[data-code='AH']")
    assert "anhui" in page.inner_text("#tooltip")


def test_panel_shows_the_cli_table(page: Page, server: str) -> None:
    open_atlas(page, server)
    page.click(".tile[data-code='AH']")
    wait_panel(page)
    page.wait_for_selector("#recs td", timeout=60_000)
    shot(page, "panel")
    res = run_balance(load_case("anhui"))
    want = [[r.label, *(_fmt(v, r.kind) for v in r.values)] for r in report_rows(res)]
    assert panel_rows(page) == want


def test_growth_edit_recomputes_as_the_engine(page: Page, server: str) -> None:
    open_atlas(page, server, "?prov=AH")
    wait_panel(page)
    box = page.locator("input[data-kind='growth'][data-weather='neutral'][data-year='2027']")
    box.fill("12")
    page.click("#apply")
    page.wait_for_function(
        "document.getElementById('explorer-status').textContent.length > 1 && "
        "document.getElementById('explorer-status').textContent !== '…'"
    )
    case = apply_overrides(load_case("anhui"), Overrides(peak_growth={"neutral": {2027: 0.12}}))
    want = [[r.label, *(_fmt(v, r.kind) for v in r.values)] for r in report_rows(run_balance(case))]
    assert panel_rows(page) == want
    before = run_balance(load_case("anhui"))
    assert want != [[r.label, *(_fmt(v, r.kind) for v in r.values)] for r in report_rows(before)]
    assert "ov=" in page.url


def test_permalink_round_trips(page: Page, server: str, browser: object) -> None:
    open_atlas(page, server, "?metric=surplus_gw&year=2026&scenario=normal-extreme&prov=ZJ")
    wait_panel(page)
    page.locator("input[data-kind='added'][data-tech='solar']").fill("500")
    page.click("#apply")
    page.wait_for_function("document.getElementById('explorer-status').textContent !== '…'")
    page.click("#permalink")
    link = page.input_value("#permalink-url")
    rows = panel_rows(page)
    again = browser.new_page()  # type: ignore[attr-defined]
    again.goto(link)
    again.wait_for_selector("body[data-ready='1']", timeout=60_000)
    wait_panel(again)
    assert again.input_value("#metric") == "surplus_gw"
    assert again.input_value("#year") == "2026"
    assert again.input_value("#scenario") == "normal-extreme"
    assert panel_rows(again) == rows
    assert again.url == link
    again.close()


def test_english_toggle(page: Page, server: str) -> None:
    open_atlas(page, server, "?prov=AH")
    wait_panel(page)
    assert page.inner_text("h1") == "电力供需与微电网机会地图"
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'en'")
    page.wait_for_function(
        "document.querySelector('#balance-table td') && "
        "/[a-z]/.test(document.querySelector('#balance-table tr:nth-child(3) td').textContent)"
    )
    assert page.inner_text("h1") == "Power balance and microgrid opportunity atlas"
    res = run_balance(load_case("anhui"))
    want = [[r.label, *(_fmt(v, r.kind) for v in r.values)] for r in report_rows(res, lang="en")]
    assert panel_rows(page) == want
    assert "lang=en" in page.url
    page.wait_for_function(
        "document.querySelector('#recs th') && document.querySelector('#recs th').textContent === 'role'"
    )
    roles = page.eval_on_selector_all("#recs tr td:first-child", "ts => ts.map(t => t.textContent)")
    assert roles and all(r.isascii() for r in roles)
    shot(page, "panel_en")


def test_downloads_give_the_shown_table(page: Page, server: str, tmp_path: Path) -> None:
    open_atlas(page, server, "?prov=SH")
    wait_panel(page)
    shown = panel_rows(page)
    with page.expect_download() as dl:
        page.click("#dl-csv")
    path = tmp_path / "t.csv"
    dl.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
    assert rows[1:] == shown
    with page.expect_download() as dl2:
        page.click("#dl-xlsx")
    xpath = tmp_path / "t.xlsx"
    dl2.value.save_as(xpath)
    ws = load_workbook(xpath).active
    assert ws is not None
    cells = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    assert cells[2:] == shown  # title row, header, then the rows as shown


def test_script_names_are_escaped(page: Page, server: str) -> None:
    name = "<script>alert(1)</script>"
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_atlas(page, server, "?prov=AH")
    wait_panel(page)
    page.fill("#scenario-name", name)
    page.click("#save")
    page.wait_for_selector("#saved-list li")
    assert page.locator("#saved-list .saved-name").first.inner_text() == name
    assert name in page.inner_text("#explorer-status")
    options = page.eval_on_selector_all("#cmp-a option", "os => os.map(o => o.textContent)")
    assert name in options
    assert page.locator("#saved-list script").count() == 0
    page.reload()
    page.wait_for_selector("#saved-list li", timeout=60_000)
    assert page.locator("#saved-list .saved-name").first.inner_text() == name
    shot(page, "escaped")
    assert dialogs == []


def test_user_geojson_gives_a_choropleth(page: Page, server: str, tmp_path: Path) -> None:
    # Two made-up squares named after provinces: enough to test the loader, and no boundary
    # geometry is shipped or implied.
    def square(name: str, x: float) -> dict[str, object]:
        ring = [[x, 0.0], [x + 1, 0.0], [x + 1, 1.0], [x, 1.0], [x, 0.0]]
        return {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    geo = {"type": "FeatureCollection", "features": [square("安徽省", 0), square("台湾", 2)]}
    path = tmp_path / "approved.geojson"
    path.write_text(json.dumps(geo, ensure_ascii=False), "utf-8")
    open_atlas(page, server, "?year=2025")
    page.click("#geo-box summary")
    page.set_input_files("#geojson", str(path))
    page.wait_for_function("window.echarts && echarts.getMap('user')")
    page.wait_for_function(
        "echarts.getInstanceByDom(document.getElementById('geo-map')) !== undefined"
    )
    data = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('geo-map')).getOption().series[0].data"
    )
    got = {d["name"]: d["value"] for d in data}
    res = run_balance(load_case("anhui"))
    want = float(res.reserve_margin[res.scenario("normal-neutral"), res.years.index(2025)])
    assert got["安徽省"] == pytest.approx(want, rel=1e-12)
    assert got["台湾"] is None  # no case: no data, never zero
    shot(page, "geojson")


def test_compare_two_scenarios_side_by_side(page: Page, server: str) -> None:
    open_atlas(page, server, "?prov=ZJ")
    wait_panel(page)
    page.locator("input[data-kind='growth'][data-weather='neutral'][data-year='2026']").fill("15")
    page.click("#apply")
    page.wait_for_function("document.getElementById('explorer-status').textContent !== '…'")
    page.fill("#scenario-name", "hot 2026")
    page.click("#save")
    page.wait_for_function(
        "[...document.querySelectorAll('#cmp-b option')].some(o => o.textContent === 'hot 2026')"
    )
    page.select_option("#cmp-a", index=0)  # the case as published
    page.select_option("#cmp-b", label="hot 2026")
    page.click("#compare-btn")
    page.wait_for_selector("#compare table >> nth=1")
    tables = page.eval_on_selector_all(
        "#compare table",
        "ts => ts.map(t => [...t.querySelectorAll('tr')].slice(1).map("
        "r => [...r.children].map(c => c.textContent)))",
    )
    pub = run_balance(load_case("zhejiang"))
    hot = run_balance(
        apply_overrides(load_case("zhejiang"), Overrides(peak_growth={"neutral": {2026: 0.15}}))
    )
    for got, res in zip(tables, (pub, hot), strict=True):
        want = [
            [s.label("zh"), *(_fmt(v, "fraction") for v in res.reserve_margin[i])]
            for i, s in enumerate(res.scenarios)
        ]
        assert got == want
    assert tables[0] != tables[1]
    shot(page, "compare")


# The page's own words (not data such as a region's Chinese policy texts): headings, labels,
# buttons, options, table heads, legend, notes and tile names. 万千瓦 is the capacity unit in
# both languages; the language button names the other language.
CHROME = (
    "[data-i18n], #metric option, #scenario option, th, #legend, .tile .n, #panel-title, "
    "#balance-unit, #adequacy, #brief p, button:not(#lang)"
)
CHROME_TEXTS = f"""() => [...document.querySelectorAll({CHROME!r})]
  .filter(e => e.id !== "lang").map(e => e.textContent.replaceAll("万千瓦", ""))"""


def has_cjk(text: str) -> bool:
    return any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def test_english_chrome_has_no_cjk_and_chinese_shows_the_glossary_labels(
    page: Page, server: str
) -> None:
    open_atlas(page, server, "?prov=AH&lang=en")
    wait_panel(page)
    page.wait_for_selector("#recs td", timeout=60_000)
    page.wait_for_selector("#brief p", timeout=60_000)
    texts = page.evaluate(CHROME_TEXTS)
    assert len(texts) > 60  # the selector found the chrome
    assert [x for x in texts if has_cjk(x)] == []
    assert page.inner_text("#lang") == terms()["web.lang_switch"].en
    assert page.title() == "gridatlas · " + terms()["web.title"].en
    shot(page, "chrome_en")
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'zh'")
    page.wait_for_function(
        "document.querySelector('#recs th') && document.querySelector('#recs th').textContent "
        f"=== {terms()['web.role'].zh!r}"
    )
    # every element that names a label shows the glossary's Chinese text
    shown = page.eval_on_selector_all(
        "[data-i18n]", "es => es.map(e => [e.dataset.i18n, e.textContent])"
    )
    assert len(shown) > 20
    assert shown == [[k, terms()[k].zh] for k, _ in shown]
    assert page.input_value("#scenario-name") == ""
    placeholder = page.get_attribute("#scenario-name", "placeholder")
    assert placeholder == terms()["web.scenario_name"].zh
    assert page.inner_text("#lang") == "English"
    heads = page.eval_on_selector_all("#recs th", "ts => ts.map(t => t.textContent)")
    assert heads == [terms()[k].zh for k in ("web.role", "web.rank", "web.score", "web.scenario")]


def test_brief_shows_stage_and_archetype_labels(page: Page, server: str) -> None:
    open_atlas(page, server, "?prov=AH")
    page.wait_for_selector("#brief .stage", timeout=60_000)
    for lang in ("zh", "en"):
        if lang == "en":
            page.click("#lang")
            page.wait_for_function("document.documentElement.lang === 'en'")
            page.wait_for_function(
                "document.querySelector('#brief .stage') && "
                "/[a-z]/.test(document.querySelector('#brief .stage').textContent)"
            )
        brief = page.locator("#brief .brief-class")
        stage, archetype = brief.get_attribute("data-stage"), brief.get_attribute("data-archetype")
        assert stage in STAGES and archetype in ARCHETYPES
        assert page.inner_text("#brief .stage") == terms()[f"stage.{stage}"].text(lang)
        want = terms()[f"archetype.{archetype}"].text(lang)
        assert page.inner_text("#brief .archetype") == want
        if lang == "zh":  # the raw keys are not what the reader sees
            text = brief.inner_text()
            assert stage not in text and archetype not in text


def test_lole_map_and_panel_show_computing_then_the_model_result(
    page: Page, server: str, web_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    # hold the background run at a gate so "computing…" is seen, then let the real run finish;
    # a seed of its own so no earlier run (other tests open panels too) answers in its place
    gate = threading.Event()
    real = aa.compute
    seed = 20_261_201

    def held(*args: Any, **kwargs: Any) -> aa.AtlasAdequacy:
        assert gate.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(aa, "compute", held)
    monkeypatch.setattr(web_app.state.adequacy, "seed", seed)
    try:
        open_atlas(page, server, "?metric=lole&prov=AH")
        computing = terms()["web.computing"].zh
        page.wait_for_selector("#adequacy .computing", timeout=60_000)
        assert page.inner_text("#adequacy") == computing
        assert page.inner_text(".tile[data-code='AH'] .v") == computing
        assert page.inner_text("#layer-status") == computing
        shot(page, "lole_computing")
    finally:
        gate.set()
    page.wait_for_selector("#adequacy tr[data-metric='lole']", timeout=120_000)
    page.wait_for_function("document.querySelector(\".tile[data-code='AH']\").dataset.value !== ''")
    run = aa.cached(aa.YEAR, ADEQUACY_SAMPLES, seed)
    assert run is not None
    ah = run.provinces["AH"]
    assert float(page.get_attribute(".tile[data-code='AH']", "data-value") or "nan") == ah.lole_h
    row = page.eval_on_selector_all(
        "#adequacy tr[data-metric='lole'] td", "ts => ts.map(t => t.textContent)"
    )
    assert row[0] == terms()["lole"].zh and row[1] == str(aa.YEAR) and row[4] == "h/yr"
    eue = page.eval_on_selector_all(
        "#adequacy tr[data-metric='eue'] td", "ts => ts.map(t => t.textContent)"
    )
    assert eue[0] == terms()["eue"].zh and eue[4] == "MWh/yr"
    assert eue[2] == f"{ah.eue_mwh:,.0f}"
    # every number states its unit and its source: a gridatlas model result with its sample count
    source = page.inner_text("#adequacy .source")
    assert "gridatlas" in source and f"{ADEQUACY_SAMPLES} 个抽样年" in source
    assert f"{ADEQUACY_SAMPLES} 个抽样年" in page.inner_text("#layer-source")
    assert "[h/yr]" in page.inner_text("#legend")
    page.hover(".tile[data-code='AH']")
    tip = page.inner_text("#tooltip")
    assert "h/yr" in tip and "MWh/yr" in tip and f"{ADEQUACY_SAMPLES} 个抽样年" in tip
    shot(page, "lole_done")
    page.click("#lang")
    page.wait_for_function(
        "document.querySelector('#adequacy .source') && "
        "document.querySelector('#adequacy .source').textContent.includes('sample years')"
    )
    assert page.inner_text("#layer-status") == ""


def test_panel_shows_the_provincial_economics(page: Page, server: str) -> None:
    best = bundled_economics().best_irr()
    open_atlas(page, server, "?prov=ZJ")
    page.wait_for_selector("#economics tr.best", timeout=60_000)
    rows = page.eval_on_selector_all(
        "#economics tr[data-archetype]", "rs => rs.map(r => [r.dataset.archetype, r.className])"
    )
    assert len(rows) == 5
    best_text = page.inner_text("#economics tr.best td.num")
    assert best_text == f"{best['ZJ'] * 100:.1f}%"
    # a province without a tariff says so instead of showing numbers
    page.click(".tile[data-code='AH']")
    page.wait_for_function(
        "() => !document.querySelector('#economics tr') && "
        "document.querySelector('#economics p.note') !== null"
    )
    assert "gridatlas economics --tariffs" in page.inner_text("#economics")
