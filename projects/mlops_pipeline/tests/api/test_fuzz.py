"""Every operation of the monitor fuzzed from its OpenAPI schema with all of schemathesis' checks
(valid and invalid input, with the key): no 5xx, every answer as documented. Bounded and
derandomised here; `make fuzz` runs more examples (FUZZ_EXAMPLES)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from churn_api.config import ChurnSettings
from mlops_pipeline.api.app import create_app
from mlops_pipeline.config import MlopsSettings
from portfolio_shared.fuzzing import examples, fuzz_app, keyed_without_limits

pytestmark = pytest.mark.slow
KEY = "mlops-fuzz-key-4Rb8nW1xK6tQ3mZc"
#: Rules JSON Schema cannot state; the schema's descriptions say them, the code answers 422.
SEMANTIC = [
    "POST /ab/analyze",  # successes <= customers in each arm
    "PUT /drift/reference",  # both labels occur
]


def test_no_operation_answers_5xx_or_off_its_schema(tmp_path: Any) -> None:
    settings = MlopsSettings(
        data_dir=tmp_path, churn=ChurnSettings(data_dir=tmp_path), access_log=False, seed=3,
        **keyed_without_limits(KEY),
    )  # fmt: skip
    with TestClient(create_app(settings)) as client:
        report = fuzz_app(
            client.app, examples=examples(20), headers={"X-API-Key": KEY}, semantic=SEMANTIC
        )
    report.assert_clean(min_operations=7)
    assert report.cases >= 100
