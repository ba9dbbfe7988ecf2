"""Property-based tests generated from the OpenAPI schema (schemathesis + hypothesis): valid
input is answered per the schema, invalid input gets a 4xx, nothing ever gets a 5xx."""

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
)

from churn_api.api.app import create_app
from churn_api.config import ChurnSettings

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]


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
    @settings(
        max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    def run(data: st.DataObject) -> None:
        case = data.draw(strategy)
        response = case.call_and_validate(checks=CHECKS)
        seen.append(response.status_code)

    run()
    assert seen
    if mode == "negative":
        assert all(400 <= s < 500 for s in seen)
