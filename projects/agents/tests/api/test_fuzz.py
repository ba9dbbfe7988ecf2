"""Every operation of the agents service fuzzed from its OpenAPI schema with all of
schemathesis' checks (valid and invalid input, with the key): no 5xx, every answer as
documented, while the services the team calls are down (runs answer degraded, never 500).
Bounded and derandomised here; `make fuzz` runs more examples (FUZZ_EXAMPLES)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from portfolio_shared.fuzzing import examples, fuzz_app, keyed_without_limits
from retention_agents.api.app import create_app
from retention_agents.config import AgentsSettings
from retention_agents.team import Team

KEY = "agents-fuzz-key-7Mv3kQ9zR2wX5bTn"
#: Rules JSON Schema cannot state; the descriptions say them, the code answers a documented 4xx.
SEMANTIC = [
    "POST /v1/chat/completions",  # at least one user message with text (422)
    "POST /runs/{thread_id}/resume",  # only a thread waiting for approval can be resumed (409)
]


def test_no_operation_answers_5xx_or_off_its_schema(settings: AgentsSettings) -> None:
    keyed = settings.model_copy(update=keyed_without_limits(KEY))
    with TestClient(create_app(keyed, Team(keyed))) as client:
        report = fuzz_app(
            client.app, examples=examples(10), headers={"X-API-Key": KEY}, semantic=SEMANTIC
        )
    report.assert_clean(min_operations=9)
