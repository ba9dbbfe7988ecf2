"""Every operation of churn_api fuzzed from its OpenAPI schema with all of schemathesis' checks
(valid and invalid input, with the key): no 5xx, every answer as documented. Bounded and
derandomised here; `make fuzz` runs more examples (FUZZ_EXAMPLES)."""

from fastapi.testclient import TestClient
from pydantic import SecretStr

from churn_api.api.app import create_app
from churn_api.config import ChurnSettings
from portfolio_shared.fuzzing import examples, fuzz_app

KEY = "churn-fuzz-key-1Zc6vN3qT8mK4wYp"
#: Rules JSON Schema cannot state; the descriptions say them, the code answers a documented 4xx.
SEMANTIC: list[str] = []


def test_no_operation_answers_5xx_or_off_its_schema(
    local_settings: ChurnSettings,
) -> None:
    """All of schemathesis' checks on every operation, with the key (bad keys too: no limits)."""
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
