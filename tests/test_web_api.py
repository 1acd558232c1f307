"""REST API v1: same numbers as the CLI/app path, strict inputs, problem+json errors."""

from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR
from typer.testing import CliRunner

from gridatlas.app import pipeline as pl
from gridatlas.app.cases import list_cases, load_case
from gridatlas.app.jobs import JobPool, QueueFull
from gridatlas.app.opportunity import assess
from gridatlas.app.province_economics import bundled_economics
from gridatlas.app.scenario_store import SCHEMA_VERSION, ScenarioStore
from gridatlas.app.scenarios import Overrides, apply_overrides
from gridatlas.app.services import adequacy_available, adequacy_systems
from gridatlas.cli import app as cli_app
from gridatlas.core.glossary import LANGS, terms
from gridatlas.domain.opportunity import ARCHETYPES
from gridatlas.domain.region_vocab import STAGES
from gridatlas.runners.balance import run_balance
from gridatlas.web.app import MAX_BODY, create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "scenarios.sqlite"
    # few LOLE samples (tests/test_web_adequacy.py SAMPLES): the process computes them once
    with TestClient(create_app(db, workers=1, queue=1, adequacy_samples=4)) as c:
        yield c


def test_cases_are_the_case_list(client: TestClient) -> None:
    got = client.get("/api/v1/cases").json()
    assert got == [c.to_json() for c in list_cases()]


def test_balance_equals_cli_json(client: TestClient) -> None:
    for info in list_cases():
        api = client.get(f"/api/v1/cases/{info.name}/balance", params={"unit": "MW"}).json()
        out = CliRunner().invoke(cli_app, ["balance", info.name, "-f", "json"])
        assert out.exit_code == 0, out.output
        cli = json.loads(out.stdout)
        for key in ("case", "years", "reserve_band", "scenarios", "unit"):
            assert api[key] == cli[key], (info.name, key)


def test_balance_overrides_growth_identity(client: TestClient) -> None:
    # Independent check: raising the last year's neutral peak growth from g to g' scales
    # that year's neutral peak by (1+g')/(1+g) and leaves every earlier year unchanged.
    base = client.get("/api/v1/cases/anhui/balance", params={"unit": "MW"}).json()
    g_old = base["weathers"]["neutral"]["growth"][-1]
    g_new = g_old + 0.05
    body = {"overrides": {"peak_growth": {"neutral": {"2027": g_new}}}, "unit": "MW"}
    got = client.post("/api/v1/cases/anhui/balance", json=body).json()
    old = base["scenarios"]["normal-neutral"]["peak_load"]
    new = got["scenarios"]["normal-neutral"]["peak_load"]
    assert new[:-1] == old[:-1]
    # 9 significant digits in the JSON: relative 1e-8 covers the rounding of both figures
    assert new[-1] == pytest.approx(old[-1] * (1 + g_new) / (1 + g_old), rel=1e-8)
    supply = got["scenarios"]["normal-neutral"]["effective_supply"][-1]
    assert got["scenarios"]["normal-neutral"]["reserve_margin"][-1] == pytest.approx(
        supply / new[-1] - 1, rel=1e-8
    )


def test_added_capacity_and_links_match_app_layer(client: TestClient) -> None:
    body = {
        "overrides": {
            "added_capacity": {"solar": {"2026": 100.0}},
            "links": {"陕北-安徽直流": {"from_year": 2027}},
            "coefficients": {"hydro": {"normal": 0.2}},
        },
        "unit": "MW",
    }
    got = client.post("/api/v1/cases/anhui/balance", json=body).json()
    ov = Overrides(
        added_capacity={"solar": {2026: 100.0}},
        links={"陕北-安徽直流": {"from_year": 2027}},
        coefficients={"hydro": {"normal": 0.2}},
    )
    want = run_balance(apply_overrides(load_case("anhui"), ov)).to_json_dict("MW")
    assert got["scenarios"] == want["scenarios"]
    base = run_balance(load_case("anhui"))
    # 100 万千瓦 (1000 MW) of solar at its coefficient adds 1000 × coef MW in 2026 only; the
    # hydro coefficient changes local hydro alone (Anhui's links carry no hydro)
    case = load_case("anhui")
    coef = case.coefficients["solar"]["normal"]
    extra_hydro = (0.2 - case.coefficients["hydro"]["normal"]) * case.capacity["hydro"]
    delayed = run_balance(apply_overrides(load_case("anhui"), Overrides(links=ov.links)))
    expect = delayed.effective_supply[0] + extra_hydro + np.array([0, 0, 0, 1000 * coef, 0])
    assert np.allclose(got["scenarios"]["normal-neutral"]["effective_supply"], expect)
    assert not np.allclose(base.effective_supply[0], expect)


def test_unknown_and_path_like_case_names_are_404(client: TestClient) -> None:
    for name in ("nosuch", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "anhui.yaml"):
        r = client.get(f"/api/v1/cases/{name}/balance")
        assert r.status_code == 404, name
        assert r.headers["content-type"] == "application/problem+json"
    r = client.post("/api/v1/scenarios", json={"name": "x", "case": "../../etc/passwd"})
    assert r.status_code == 422


def test_strict_models_reject_coercion(client: TestClient) -> None:
    cases = [
        {"overrides": {"peak_growth": {"neutral": {"2027": False}}}},
        {"overrides": {"peak_growth": {"neutral": {"2027": "0.1"}}}},
        {"overrides": {"coefficients": {"coal": {"normal": 2}}}},
        {"unit": "kW"},
        {"surprise": 1},
    ]
    for body in cases:
        r = client.post("/api/v1/cases/anhui/balance", json=body)
        assert r.status_code == 422, body
        problem = r.json()
        assert problem["status"] == 422 and problem["detail"]
    r = client.post("/api/v1/cases/anhui/simulate", json={"draws": 1.5})
    assert r.status_code == 422


def test_override_naming_missing_things_is_422(client: TestClient) -> None:
    for ov in (
        {"links": {"no such link": {"from_year": 2026}}},
        {"peak_growth": {"stormy": {"2026": 0.1}}},
        {"peak_growth": {"neutral": {"2040": 0.1}}},
    ):
        r = client.post("/api/v1/cases/anhui/balance", json={"overrides": ov})
        assert r.status_code == 422, ov
        assert r.headers["content-type"] == "application/problem+json"


def test_body_limit(client: TestClient) -> None:
    big = b'{"name": "' + b"x" * (MAX_BODY + 10) + b'"}'
    r = client.post("/api/v1/scenarios", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.headers["content-type"] == "application/problem+json"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit counts streamed bytes
        yield b'{"name": "'
        for _ in range(MAX_BODY // 10_000 + 2):
            yield b"x" * 10_000
        yield b'", "case": "anhui"}'

    r = client.post(
        "/api/v1/scenarios", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.request.headers.get("transfer-encoding") == "chunked"
    assert r.status_code == 413


def test_simulate_equals_cli(client: TestClient) -> None:
    r = client.post("/api/v1/cases/zhejiang/simulate", json={"draws": 2000, "seed": 7})
    out = CliRunner().invoke(
        cli_app, ["simulate", "zhejiang", "-n", "2000", "--seed", "7", "-f", "json"]
    )
    assert r.status_code == 200
    assert r.json() == json.loads(out.stdout)


def test_regions_and_opportunity_equal_app(client: TestClient) -> None:
    assert len(client.get("/api/v1/regions").json()) == 32
    got = client.get("/api/v1/assess", params={"role": "investor"}).json()
    assert got == json.loads(json.dumps(assess("investor").to_json()))
    r = client.get("/api/v1/regions/..%2Fetc")
    assert r.status_code in (404, 422)
    recs = client.get("/api/v1/recommend", params={"role": "integrator", "top": 3}).json()
    assert len(recs) == 3
    assert client.get("/api/v1/recommend", params={"role": "ceo"}).status_code == 422


def test_region_brief_labels_stage_and_archetype(client: TestClient) -> None:
    table = terms()
    seen_archetypes = set()
    for region in client.get("/api/v1/regions").json():
        for lang in LANGS:
            brief = client.get(f"/api/v1/regions/{region['code']}", params={"lang": lang}).json()
            # the raw vocabulary keys stay; the labels are the glossary's
            assert brief["stage"] in STAGES
            assert brief["stage_label"] == table[f"stage.{brief['stage']}"].text(lang)
            if brief["archetype"] is None:
                assert brief["archetype_label"] is None
            else:
                assert brief["archetype"] in ARCHETYPES
                want = table[f"archetype.{brief['archetype']}"].text(lang)
                assert brief["archetype_label"] == want
                seen_archetypes.add(brief["archetype"])
    assert len(seen_archetypes) > 3  # the loop met labelled archetypes
    ah = client.get("/api/v1/regions/AH", params={"lang": "en"}).json()
    assert (ah["stage"], ah["stage_label"]) == ("project", "project roll-out")
    assert client.get("/api/v1/regions/AH", params={"lang": "fr"}).status_code == 422


def test_pipeline_equals_app(client: TestClient) -> None:
    got = client.get("/api/v1/pipeline/forecast", params={"case": "alternative"}).json()
    assert got == json.loads(json.dumps(pl.forecast("report-2024", case="alternative").to_json()))
    got = client.get("/api/v1/capacity-cost").json()
    assert got == json.loads(json.dumps(pl.capacity_cost("report-2024").to_json()))
    assert client.get("/api/v1/capacity-cost", params={"input": "/etc/passwd"}).status_code == 422


def test_scenarios_crud(client: TestClient) -> None:
    name = "<script>alert(1)</script>"
    body = {
        "name": name,
        "case": "anhui",
        "overrides": {"peak_growth": {"neutral": {"2026": 0.09}}},
    }
    r = client.post("/api/v1/scenarios", json=body)
    assert r.status_code == 201
    sid = r.json()["id"]
    got = client.get(f"/api/v1/scenarios/{sid}").json()
    assert got["name"] == name
    assert got["overrides"] == {"peak_growth": {"neutral": {"2026": 0.09}}}
    assert any(s["id"] == sid for s in client.get("/api/v1/scenarios").json())
    assert client.delete(f"/api/v1/scenarios/{sid}").status_code == 204
    assert client.get(f"/api/v1/scenarios/{sid}").status_code == 404
    assert client.delete(f"/api/v1/scenarios/{sid}").status_code == 404


def test_store_migrations(tmp_path: Path) -> None:
    store = ScenarioStore(tmp_path / "s.sqlite")
    assert store.version() == SCHEMA_VERSION
    store.add("a", "anhui", {})
    store.close()
    again = ScenarioStore(tmp_path / "s.sqlite")  # re-opening applies nothing twice
    assert again.version() == SCHEMA_VERSION
    assert [s.name for s in again.list()] == ["a"]


def test_microgrid_job_and_queue_full(client: TestClient) -> None:
    r = client.post(
        "/api/v1/microgrid/evaluate", json={"site": "zj_cold_store", "sensitivity": False}
    )
    assert r.status_code == 202
    job_id = r.json()["id"]
    # one worker, one queue place: the third job at once is over the bound
    codes = [
        client.post(
            "/api/v1/microgrid/evaluate", json={"site": "zj_cold_store", "sensitivity": False}
        ).status_code
        for _ in range(2)
    ]
    assert 429 in codes
    for _ in range(600):
        job = client.get(f"/api/v1/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["status"] == "done", job
    out = CliRunner().invoke(
        cli_app, ["microgrid", "evaluate", "zj_cold_store", "--no-sensitivity", "-f", "json"]
    )
    cli = json.loads(out.stdout)
    for key in ("npv", "irr", "sizes", "revenue"):
        assert job["result"][key] == cli[key]
    assert client.post("/api/v1/microgrid/evaluate", json={"site": "/etc/x"}).status_code == 422
    assert client.get("/api/v1/jobs/" + "0" * 32).status_code == 404


def test_job_pool_bounds() -> None:
    pool = JobPool(workers=1, queue=1)
    gate = threading.Event()
    a = pool.submit("t", lambda p: gate.wait(5))
    pool.submit("t", lambda p: 1)
    with pytest.raises(QueueFull):
        pool.submit("t", lambda p: 2)
    gate.set()
    pool.shutdown()
    assert pool.get(a.id) is not None and pool.get(a.id).status == "done"  # type: ignore[union-attr]


def test_atlas_layer_no_data_is_null(client: TestClient) -> None:
    layer = client.get("/api/v1/atlas", params={"year": 2025}).json()
    assert len(layer["tiles"]) == 32
    with_case = {c.province_code for c in list_cases()}
    for tile in layer["tiles"]:
        if tile["code"] in with_case:
            res = run_balance(load_case(tile["case"]))
            i = res.scenario("normal-neutral")
            assert tile["value"] == pytest.approx(res.reserve_margin[i, res.years.index(2025)])
        else:
            assert tile["value"] is None


def test_xlsx_export_round_trips(client: TestClient) -> None:
    body = {"title": "t", "columns": ["a", "b"], "rows": [["x", 1.5], ["=1+1", None]]}
    r = client.post("/api/v1/export/xlsx", json=body)
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows == [["t", None], ["a", "b"], ["x", 1.5], ["=1+1", None]]


def test_openapi_declares_problem_statuses(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    op = schema["paths"]["/api/v1/cases/{name}/balance"]["post"]
    for status in ("404", "413", "422"):
        assert "application/problem+json" in op["responses"][status]["content"]
    assert "429" in schema["paths"]["/api/v1/microgrid/evaluate"]["post"]["responses"]
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/echarts/echarts.min.js").status_code == 200


@pytest.mark.skipif(
    not adequacy_available(),
    reason="the adequacy engine (runners/adequacy.py) is not on this branch yet",
)
def test_adequacy_job_equals_cli(client: TestClient) -> None:
    name = adequacy_systems()[0]
    r = client.post("/api/v1/adequacy", json={"system": name, "samples": 256, "seed": 3})
    assert r.status_code == 202
    for _ in range(600):
        job = client.get(f"/api/v1/jobs/{r.json()['id']}").json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["status"] == "done", job
    out = CliRunner().invoke(
        cli_app, ["adequacy", name, "--samples", "256", "--seed", "3", "-f", "json"]
    )
    assert job["result"] == json.loads(out.stdout)


def test_openapi_json_validates_against_the_openapi_31_meta_schema(client: TestClient) -> None:
    # the meta-schema shipped with schemathesis (not FastAPI's own model of it)
    schema = client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    errors = [str(e) for e in OPENAPI_31_VALIDATOR.iter_errors(schema)]
    assert errors == []


def test_microgrid_irr_layer_is_the_provincial_economics(client: TestClient) -> None:
    best = bundled_economics().best_irr()
    body = client.get("/api/v1/atlas", params={"metric": "microgrid_irr"}).json()
    assert body["source"] and body["unit"] == "p.u."
    values = {t["code"]: t["value"] for t in body["tiles"]}
    assert {k for k, v in values.items() if v is not None} == set(best)
    for code, irr in best.items():
        assert values[code] == pytest.approx(irr)
    zj = next(t for t in body["tiles"] if t["code"] == "ZJ")
    assert zj["detail"]["sites"][zj["detail"]["best"]] == pytest.approx(best["ZJ"])
