"""Property-based tests generated from the OpenAPI schema (schemathesis + hypothesis): valid
input is answered per the schema, invalid input gets a 4xx, nothing ever gets a 5xx."""

import os
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
    response_schema_conformance,
)

from churn_api.api.app import create_app
from churn_api.config import ChurnSettings

# Schema-invalid input must get a 4xx; we check that ourselves below, because schemathesis'
# negative_data_rejection does not count 413 (what an oversized batch correctly gets).
POSITIVE_CHECKS = [not_a_server_error, response_schema_conformance, positive_data_acceptance]
NEGATIVE_CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(local_settings: ChurnSettings) -> Iterator[schemathesis.BaseSchema]:
    app = create_app(local_settings)
    with TestClient(app):  # run the lifespan: the model is loaded before requests arrive
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.parametrize("path", ["/predict", "/predict/batch"])
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_predict_routes_follow_their_schema(
    api_schema: schemathesis.BaseSchema, path: str, mode: str
) -> None:
    operation = api_schema[path]["POST"]
    strategy = operation.as_strategy(generation_mode=schemathesis.GenerationMode(mode))
    seen: list[int] = []

    @given(data=st.data())
    # Random exploration locally; a fixed example set in CI so a red build is reproducible.
    # FUZZ_EXAMPLES=1000 for a deeper search.
    @settings(
        max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=bool(os.environ.get("CI")),
    )
    def run(data: st.DataObject) -> None:
        case = data.draw(strategy)
        checks = NEGATIVE_CHECKS if mode == "negative" else POSITIVE_CHECKS
        response = case.call_and_validate(checks=checks)
        seen.append(response.status_code)
        if mode == "negative":
            assert 400 <= response.status_code < 500, response.text[:500]

    run()
    print(f"{path} {mode}: {len(seen)} requests, statuses {sorted(set(seen))}")
    assert seen


KEY = "churn-fuzz-key-1Zc6vN3qT8mK4wYp"
#: Rules JSON Schema cannot state; the descriptions say them, the code answers a documented 4xx.
SEMANTIC: list[str] = []


def test_every_operation_answers_as_documented_and_never_5xx(
    local_settings: ChurnSettings,
) -> None:
    """All of schemathesis' checks on every operation, with the key (bad keys too: no limits)."""
    from pydantic import SecretStr

    from portfolio_shared.fuzzing import examples, fuzz_app

    keyed = local_settings.model_copy(
        update={"api_key": SecretStr(KEY), "rate_limit": None,
                "auth_failure_limit": "1000000/minute"}
    )  # fmt: skip
    with TestClient(create_app(keyed)) as client:
        report = fuzz_app(
            client.app, examples=examples(15), headers={"X-API-Key": KEY}, semantic=SEMANTIC
        )
    print(report.summary())
    assert len(report.operations) >= 9
    assert report.failures == []
    assert report.server_errors == 0
