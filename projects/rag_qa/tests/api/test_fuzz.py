"""Every operation of rag_qa fuzzed from its OpenAPI schema with all of schemathesis' checks
(valid and invalid input, with the key): no 5xx, every answer as documented. Bounded and
derandomised here; `make fuzz` runs more examples (FUZZ_EXAMPLES)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from portfolio_shared.fuzzing import examples, fuzz_app, keyed_without_limits
from rag_qa.api.app import create_app

KEY = "rag-fuzz-key-9Lp2wT5yB8nH1qXv"
#: Rules JSON Schema cannot state; the descriptions say them, the code answers a documented 4xx.
SEMANTIC = [
    "POST /ingest",  # the file type is told by the file's name (415); the name must be safe (400)
    "POST /v1/chat/completions",  # at least one user message with text (422)
]


def test_no_operation_answers_5xx_or_off_its_schema(settings: Any, engine: Any) -> None:
    keyed = settings.model_copy(update=keyed_without_limits(KEY))
    with TestClient(create_app(keyed, engine=engine)) as client:
        report = fuzz_app(
            client.app, examples=examples(15), headers={"X-API-Key": KEY}, semantic=SEMANTIC
        )
    report.assert_clean(min_operations=10)
