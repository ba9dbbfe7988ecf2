"""Tool calls over HTTP: transient failures are retried with backoff, 4xx are final, and what
still fails is a ToolError with the reason (a stated gap in the answer, never a crash)."""

from __future__ import annotations

import httpx
import pytest

from retention_agents.config import AgentsSettings
from retention_agents.io.clients import ChurnClient, ToolError

PREDICTION = {"churn_probability": 0.7, "churn": True, "threshold": 0.3, "model_version": "3"}


def client_with(handler, settings: AgentsSettings) -> tuple[ChurnClient, list[float]]:
    client = ChurnClient(settings)
    client.client = httpx.Client(base_url="http://churn", transport=httpx.MockTransport(handler))
    sleeps: list[float] = []
    client.sleep = sleeps.append
    return client, sleeps


def test_transient_errors_are_retried_with_exponential_backoff(settings: AgentsSettings) -> None:
    calls = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) < 3:
            return httpx.Response(503, text="warming up")
        return httpx.Response(200, json=PREDICTION)

    s = settings.model_copy(update={"tool_retries": 2, "retry_backoff_s": 0.5})
    client, sleeps = client_with(flaky, s)
    assert client.predict({})["churn_probability"] == 0.7
    assert len(calls) == 3
    assert sleeps == [0.5, 1.0]


def test_a_client_error_is_final_and_a_dead_service_fails_after_its_retries(
    settings: AgentsSettings,
) -> None:
    bad, sleeps = client_with(lambda r: httpx.Response(422, text='{"detail": "tenure"}'), settings)
    with pytest.raises(ToolError, match="HTTP 422") as caught:
        bad.predict({})
    assert (caught.value.attempts, sleeps) == (1, [])

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    dead, sleeps = client_with(refuse, settings)
    with pytest.raises(ToolError, match="ConnectError") as caught:
        dead.predict({})
    assert caught.value.attempts == settings.tool_retries + 1


def test_an_answer_of_the_wrong_shape_is_a_final_tool_error(settings: AgentsSettings) -> None:
    odd, sleeps = client_with(lambda r: httpx.Response(200, json={"score": 1}), settings)
    with pytest.raises(ToolError, match="unexpected answer: churn_probability") as caught:
        odd.predict({})
    assert (caught.value.attempts, sleeps) == (1, [])


def test_fields_the_team_does_not_read_are_kept(settings: AgentsSettings) -> None:
    extra = {**PREDICTION, "variant": "champion", "top_features": []}
    client, _ = client_with(lambda r: httpx.Response(200, json=extra), settings)
    assert client.predict({}) == extra
