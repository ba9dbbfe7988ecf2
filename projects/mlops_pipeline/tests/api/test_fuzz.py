"""Every operation of the monitor fuzzed from its OpenAPI schema with all of schemathesis' checks
(valid and invalid input, with the key): no 5xx, every answer as documented. Bounded and
derandomised here; `make fuzz` runs more examples (FUZZ_EXAMPLES)."""

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from churn_api.config import ChurnSettings
from mlops_pipeline.api.app import create_app
from mlops_pipeline.config import MlopsSettings
from portfolio_shared.fuzzing import examples, fuzz_app

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
        # no limits here: the checks send bad keys on purpose (the lockout has its own tests)
        api_key=SecretStr(KEY), rate_limit=None, auth_failure_limit="1000000/minute",
    )  # fmt: skip
    with TestClient(create_app(settings)) as client:
        report = fuzz_app(
            client.app, examples=examples(20), headers={"X-API-Key": KEY}, semantic=SEMANTIC
        )
    print(report.summary())
    assert len(report.operations) >= 7
    assert report.cases >= 100
    assert report.failures == []
    assert report.server_errors == 0
