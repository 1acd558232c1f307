"""REST API v1: thin handlers over the app layer (the CLI's numbers).

No handler reads a path it is given: cases, sites and pipeline inputs are
looked up by name in the bundled lists, and anything else is a 422 problem.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import Response as RawResponse

from gridatlas.app import atlas, services
from gridatlas.app.atlas_adequacy import AdequacyJobs
from gridatlas.app.jobs import JobPool
from gridatlas.app.scenario_store import ScenarioStore
from gridatlas.app.scenarios import case_infos, require_case, run_scenario
from gridatlas.core.errors import InputError
from gridatlas.core.glossary import LANGS, terms
from gridatlas.domain.opportunity import ROLE_NAMES
from gridatlas.reports.balance_report import report_rows
from gridatlas.reports.table_xlsx import table_xlsx
from gridatlas.reports.workbook import balance_provenance
from gridatlas.runners.balance import BalanceResult
from gridatlas.web.models import (
    AdequacyRequest,
    BalanceRequest,
    GlossaryOut,
    Lang,
    MicrogridRequest,
    ScenarioIn,
    SimulateRequest,
    TableIn,
    Unit,
)
from gridatlas.web.problems import problem, responses

router = APIRouter(prefix="/api/v1")

CaseName = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        description="A name from GET /api/v1/cases (never a path).",
    ),
]
LangQ = Annotated[Lang, Query(description="Labels: zh (default) or en.")]
Role = Literal["investor", "integrator", "aggregator", "retailer"]
IndexRole = Literal["general", "investor", "integrator", "aggregator", "retailer"]
ScenarioId = Annotated[int, Path(ge=1, le=2**62)]
JOB_RESPONSES = responses(429)


def _pool(request: Request) -> JobPool:
    pool: JobPool = request.app.state.jobs
    return pool


def _store(request: Request) -> ScenarioStore:
    store: ScenarioStore = request.app.state.store
    return store


def _case_name(name: str) -> str:
    try:
        return require_case(name)
    except InputError:
        raise _NotFound(f"no case named {name!r}; see GET /api/v1/cases") from None


class _NotFound(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


async def not_found_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, _NotFound)
    return problem(404, exc.detail)


def balance_json(result: BalanceResult, unit: str, lang: Lang) -> dict[str, Any]:
    """The balance JSON of ``gridatlas balance -f json`` plus the report table and labels."""
    case = result.case
    out = result.to_json_dict(unit)
    out["title"] = case.title
    out["province"]["name_en"] = case.province.name_en
    out["weathers"] = {
        w: {"growth": [float(g) for g in spec.growth]} for w, spec in case.weathers.items()
    }
    raw_links = {
        item.get("name"): item for item in case.raw.get("links", []) if isinstance(item, dict)
    }
    out["links"] = [
        {
            "name": link.name,
            "type": link.type,
            "direction": link.direction,
            "from_year": raw_links.get(link.name, {}).get("from_year"),
            "until_year": raw_links.get(link.name, {}).get("until_year"),
        }
        for link in case.links
    ]
    out["fixed_peak_years"] = [
        int(y) for y, p in zip(case.years, case.peak_fixed, strict=True) if p == p
    ]
    out["hydrologies"] = list(case.hydrologies)
    out["coefficients"] = case.coefficients
    out["scenario_labels"] = {s.name: s.label(lang) for s in result.scenarios}
    out["sources"] = {
        key: {"title": s.title, "publisher": s.publisher, "as_of": s.as_of}
        for key, s in case.sources.items()
    }
    out["provenance"] = balance_provenance([result])
    out["report_rows"] = [
        {"section": r.section, "label": r.label, "kind": r.kind, "values": r.values}
        for r in report_rows(result, unit, lang)
    ]
    return out


# ------------------------------------------------------------------ cases


@router.get("/cases", tags=["cases"])
def get_cases() -> list[dict[str, Any]]:
    """Every case a user can name (``gridatlas cases``)."""
    return [c.to_json() for c in case_infos()]


@router.get("/cases/{name}", tags=["cases"])
def get_case(name: CaseName) -> dict[str, Any]:
    """One case's summary."""
    key = _case_name(name)
    return next(c.to_json() for c in case_infos() if c.name == key)


@router.get("/cases/{name}/balance", tags=["cases"])
def get_balance(
    name: CaseName,
    scenario: Annotated[list[str] | None, Query(max_length=20)] = None,
    unit: Unit = "万千瓦",
    lang: LangQ = "zh",
) -> dict[str, Any]:
    """Balance of a case over its scenarios (``gridatlas balance NAME -f json``)."""
    return _published_json(_case_name(name), tuple(scenario) if scenario else None, unit, lang)


@lru_cache(maxsize=256)
def _published_json(
    name: str, scenario: tuple[str, ...] | None, unit: str, lang: Lang
) -> dict[str, Any]:
    return balance_json(run_scenario(name, None, scenario), unit, lang)


@router.post("/cases/{name}/balance", tags=["cases"])
def post_balance(name: CaseName, body: BalanceRequest) -> dict[str, Any]:
    """Balance of a case with what-if overrides."""
    result = run_scenario(_case_name(name), body.overrides.to_app(), body.scenario)
    return balance_json(result, body.unit, body.lang)


@router.post("/cases/{name}/simulate", tags=["cases"])
def post_simulate(name: CaseName, body: SimulateRequest) -> dict[str, Any]:
    """Monte Carlo of the reserve margin (``gridatlas simulate``)."""
    result = services.simulate_case(
        _case_name(name), body.weather, body.draws, body.seed, body.overrides.to_app()
    )
    return {**result.to_json_dict(), "provenance": balance_provenance([], [result])}


# ------------------------------------------------------------------ jobs


@router.post("/microgrid/evaluate", tags=["jobs"], status_code=202, responses=JOB_RESPONSES)
def post_microgrid(body: MicrogridRequest, request: Request) -> dict[str, Any]:
    """Screen a bundled example site as a job: 202 with its id, then ``GET /jobs/{id}``."""
    if body.site not in services.bundled_site_names():
        raise InputError(
            "microgrid site",
            "site",
            "one of " + ", ".join(services.bundled_site_names()),
            body.site,
        )
    job = _pool(request).submit(
        "microgrid",
        lambda progress: services.evaluate_site(
            body.site, body.optimize, body.sensitivity, progress
        ),
    )
    return {"id": job.id, "status": job.status, "url": f"/api/v1/jobs/{job.id}"}


def post_adequacy(body: AdequacyRequest, request: Request) -> dict[str, Any]:
    """LOLE/EUE of a bundled system as a job: 202 with its id, then ``GET /jobs/{id}``."""
    names = services.adequacy_systems()
    if body.system not in names:
        raise InputError("adequacy system", "system", "one of " + ", ".join(names), body.system)
    job = _pool(request).submit(
        "adequacy",
        lambda progress: services.run_adequacy(
            body.system, body.samples, body.seed, body.hydrology, progress
        ),
    )
    return {"id": job.id, "status": job.status, "url": f"/api/v1/jobs/{job.id}"}


# offered only where the adequacy engine is installed (it is built on its own branch)
if services.adequacy_available():
    router.add_api_route(
        "/adequacy",
        post_adequacy,
        methods=["POST"],
        tags=["jobs"],
        status_code=202,
        responses=JOB_RESPONSES,
    )


@router.get("/jobs/{job_id}", tags=["jobs"])
def get_job(
    job_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")], request: Request
) -> dict[str, Any]:
    """A job's status (queued, running, done, failed), progress [0–1] and result."""
    job = _pool(request).get(job_id)
    if job is None:
        raise _NotFound(f"no job {job_id}")
    return job.to_json()


# ------------------------------------------------------------------ regions


@router.get("/regions", tags=["regions"])
def get_regions() -> list[dict[str, Any]]:
    """The 32 regions with stage and archetype (``gridatlas regions``)."""
    return services.regions_json()


@router.get("/regions/{code}", tags=["regions"])
def get_region_brief(
    code: Annotated[str, Path(min_length=1, max_length=40)], lang: LangQ = "zh"
) -> dict[str, Any]:
    """One region's brief with its sources (``gridatlas region CODE``); ``stage`` and
    ``archetype`` are vocabulary keys, ``stage_label`` and ``archetype_label`` their labels."""
    return services.region_brief_json(code, lang)


@router.get("/search", tags=["regions"])
def get_search(
    q: Annotated[str, Query(min_length=1, max_length=200)],
    tag: Annotated[str | None, Query(max_length=100)] = None,
    role: Role | None = None,
    kind: Annotated[str | None, Query(max_length=40)] = None,
) -> list[dict[str, Any]]:
    """Full-text search of facts, policies, cases, scenarios and risks, with citations."""
    return services.search_json(q, tag, role, kind)


@router.get("/assess", tags=["regions"])
def get_assess(role: IndexRole = "general", lang: LangQ = "zh") -> dict[str, Any]:
    """The opportunity index over the 31 provinces (``gridatlas assess``)."""
    return services.assessment_json(role, lang)


@router.get("/recommend", tags=["regions"])
def get_recommend(
    role: Role,
    scenario: Annotated[str | None, Query(max_length=100)] = None,
    top: Annotated[int, Query(ge=1, le=32)] = 10,
    lang: LangQ = "zh",
) -> list[dict[str, Any]]:
    """Regions ranked for one kind of player (``gridatlas recommend``)."""
    return services.recommendations_json(role, scenario, top, lang)


# ------------------------------------------------------------------ pipeline


PipelineInput = Annotated[str, Query(min_length=1, max_length=100)]


@router.get("/pipeline/forecast", tags=["pipeline"])
def get_forecast(
    input: PipelineInput = "report-2024",
    case: Literal["central", "alternative"] = "central",
) -> dict[str, Any]:
    """Commissioning forecast of a bundled input (``gridatlas pipeline forecast``)."""
    return services.pipeline_forecast(input, case)


@router.get("/capacity-cost", tags=["pipeline"])
def get_capacity_cost(input: PipelineInput = "report-2024") -> dict[str, Any]:
    """Capacity-price cost of a bundled input (``gridatlas capacity-cost``)."""
    return services.pipeline_capacity_cost(input)


# ------------------------------------------------------------------ scenarios


@router.post("/scenarios", tags=["scenarios"], status_code=201)
def post_scenario(body: ScenarioIn, request: Request) -> dict[str, Any]:
    """Save a named set of overrides on a case (checked by running it first)."""
    case = require_case(body.case)
    run_scenario(case, body.overrides.to_app())
    saved = _store(request).add(
        body.name, case, body.overrides.model_dump(exclude_defaults=True), body.note
    )
    return saved.to_json()


@router.get("/scenarios", tags=["scenarios"])
def get_scenarios(
    request: Request, case: Annotated[str | None, Query(max_length=100)] = None
) -> list[dict[str, Any]]:
    """Saved scenarios, newest first (of one case when given)."""
    return [s.to_json() for s in _store(request).list(case)]


@router.get("/scenarios/{scenario_id}", tags=["scenarios"])
def get_scenario(scenario_id: ScenarioId, request: Request) -> dict[str, Any]:
    """One saved scenario."""
    saved = _store(request).get(scenario_id)
    if saved is None:
        raise _NotFound(f"no scenario {scenario_id}")
    return saved.to_json()


@router.delete("/scenarios/{scenario_id}", tags=["scenarios"], status_code=204)
def delete_scenario(scenario_id: ScenarioId, request: Request) -> Response:
    """Delete a saved scenario."""
    if not _store(request).delete(scenario_id):
        raise _NotFound(f"no scenario {scenario_id}")
    return Response(status_code=204)


# ------------------------------------------------------------------ atlas and helpers


ATLAS_RESPONSES: dict[int | str, dict[str, Any]] = {
    202: {
        "description": (
            "``metric=lole`` not computed yet: the layer with ``null`` values, ``status`` "
            "(queued or running) and ``job`` (id, progress, url); ask again."
        )
    },
    **JOB_RESPONSES,
}


@router.get("/atlas", tags=["atlas"], responses=ATLAS_RESPONSES)
def get_atlas(
    request: Request,
    response: Response,
    metric: Literal["reserve_margin", "surplus_gw", "opportunity", "microgrid_irr", "lole"] = (
        "reserve_margin"
    ),
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    scenario: Annotated[str, Query(min_length=1, max_length=60)] = atlas.DEFAULT_SCENARIO,
    lang: LangQ = "zh",
) -> dict[str, Any]:
    """One value per tile of the 32-region grid; ``null`` = no data.

    ``lole``: LOLE [h/yr] (EUE [MWh/yr] in each tile's ``detail``) of the national adequacy
    model for 2025 — a gridatlas model result, described in ``source`` and ``caveat``. It is
    computed once per server in the background: until then the answer is 202 with
    ``status`` and ``job``; then 200 with ``status`` ``done`` (or ``failed`` and ``error``).
    """
    if metric != "lole":
        return atlas.layer(metric, year, scenario, lang)
    jobs: AdequacyJobs = request.app.state.adequacy
    state = jobs.state()
    out = atlas.layer(metric, year, scenario, lang, adequacy=state.result)
    out["status"] = state.status
    out["error"] = state.error
    if state.job is not None:
        out["job"] = {
            "id": state.job.id,
            "progress": state.job.progress,
            "url": f"/api/v1/jobs/{state.job.id}",
        }
    if state.result is not None:
        out["samples"] = state.result.samples
        out["seconds"] = state.result.seconds
    if state.status in ("queued", "running"):
        response.status_code = 202
    return out


@router.get("/glossary", tags=["atlas"], response_model=GlossaryOut)
def get_glossary(lang: LangQ = "zh") -> dict[str, Any]:
    """The CLI's glossary: name → zh, en, unit; and every label in ``lang`` (the page's
    UI strings are the ``web.*`` names)."""
    return _glossary(lang)


@lru_cache(maxsize=len(LANGS))
def _glossary(lang: Lang) -> dict[str, Any]:
    return {
        "lang": lang,
        "terms": {
            n: {**{lg: t.text(lg) for lg in LANGS}, "unit": t.unit} for n, t in terms().items()
        },
        "labels": {n: t.text(lang) for n, t in terms().items()},
    }


@router.get("/roles", tags=["regions"])
def get_roles() -> dict[str, dict[str, str]]:
    """Player roles with their labels."""
    return {r: {lg: ROLE_NAMES[r].label(lg) for lg in LANGS} for r in ROLE_NAMES}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post(
    "/export/xlsx",
    tags=["atlas"],
    response_class=RawResponse,
    responses={200: {"content": {XLSX: {}}, "description": "The workbook."}},
)
def post_xlsx(body: TableIn) -> Response:
    """The table the page shows, as an Excel workbook."""
    data = table_xlsx(body.columns, body.rows, body.title)
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="gridatlas.xlsx"'},
    )
