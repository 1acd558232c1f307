"""schemathesis over the whole OpenAPI schema: no 5xx, every status and body as declared.

Bounded: a few examples per operation (``MAX_EXAMPLES``), deterministic, so the run
is fast and repeatable. The microgrid job route gets real jobs on a one-worker pool;
429s when it is busy are declared and count as conforming.
"""

from __future__ import annotations

import schemathesis
from schemathesis import GenerationMode
from schemathesis.config._checks import PositiveDataAcceptanceConfig

from gridatlas.web.app import create_app

MAX_EXAMPLES = 15

# few LOLE samples (tests/test_web_adequacy.py SAMPLES): the process computes them once
app = create_app(":memory:", workers=1, queue=2, adequacy_samples=4)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
schema.config.generation.update(
    max_examples=MAX_EXAMPLES,
    deterministic=True,
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
)

# A schema-valid body can still name what a case lacks (a link, a weather, a year): that is a
# documented 422 problem, as 404 is for an unknown case and 429 for a busy job queue.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2XX", "404", "422", "429"]
)


@schema.parametrize()
def test_api_conforms(case: schemathesis.Case) -> None:
    case.call_and_validate()
