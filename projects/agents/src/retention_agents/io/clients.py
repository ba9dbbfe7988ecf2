"""HTTP clients of the services the team calls: churn_api (scores) and rag_qa (cited answers).
Transient failures (connection refused, timeouts, 5xx) are retried with exponential backoff;
what still fails raises `ToolError`, which the node turns into a stated gap, never a crash.

The answers the team reads are typed (`Prediction`, `RagAnswer`, `IngestReceipt`): the fields it
uses are checked, any others are kept as the service sent them. An answer of the wrong shape is a
`ToolError` ("unexpected answer"), not retried: the service would send it again."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, NotRequired, TypeVar

import httpx
from pydantic import SecretStr, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

from portfolio_shared.logging import get_logger
from retention_agents.config import AgentsSettings

log = get_logger(__name__)
Answer = TypeVar("Answer")


@with_config(extra="allow")
class Prediction(TypedDict):
    """churn_api's `POST /predict` (its `Prediction`): the fields the scorer reads."""

    churn_probability: float
    churn: bool  # the probability is at or above the campaign threshold
    threshold: float
    model_version: str


@with_config(extra="allow")
class RagCitation(TypedDict):
    """One passage of a rag_qa answer (`core.findings.Citation` reads the cited ones)."""

    cited: NotRequired[bool]


@with_config(extra="allow")
class RagAnswer(TypedDict):
    """rag_qa's `POST /ask` (its `AskResponse`): the fields the researcher reads."""

    answer: str
    supported: NotRequired[bool]
    citations: NotRequired[list[RagCitation]]


@with_config(extra="allow")
class IngestReceipt(TypedDict):
    """rag_qa's `POST /ingest` (its `IngestResponse`): what changed in the index."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]


class ToolError(RuntimeError):
    """A tool call that failed for good (after its retries), with the reason."""

    def __init__(self, tool: str, reason: str, attempts: int) -> None:
        super().__init__(f"{tool}: {reason} (after {attempts} attempt(s))")
        self.tool, self.reason, self.attempts = tool, reason, attempts


def _headers(key: SecretStr | None) -> dict[str, str]:
    return {"X-API-Key": key.get_secret_value()} if key is not None else {}


class ServiceClient:
    def __init__(self, name: str, base_url: str, key: SecretStr | None, settings: AgentsSettings):
        self.name = name
        self.client = httpx.Client(
            base_url=base_url, timeout=settings.tool_timeout_s, headers=_headers(key)
        )
        self.retries = settings.tool_retries
        self.backoff_s = settings.retry_backoff_s
        self.sleep: Callable[[float], None] = time.sleep

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """JSON in, JSON out; 4xx is final (the request is wrong), the rest is retried."""
        return self.request(method, path, json=body).json()

    def answer(self, shape: TypeAdapter[Answer], method: str, path: str, **kwargs: Any) -> Answer:
        """One call's JSON answer, checked against the shape the team reads."""
        payload = self.request(method, path, **kwargs).json()
        try:
            return shape.validate_python(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the body"
            reason = f"unexpected answer: {where}: {first['msg']}"
            raise ToolError(f"{self.name} {method} {path}", reason, 1) from exc

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request with retries: 4xx is final (the request is wrong), the rest is retried."""
        tool = f"{self.name} {method} {path}"
        for attempt in range(1, self.retries + 2):
            try:
                response = self.client.request(method, path, **kwargs)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}"
            else:
                if response.status_code < 400:
                    return response
                detail = response.text[:300]
                if response.status_code < 500:
                    raise ToolError(tool, f"HTTP {response.status_code}: {detail}", attempt)
                reason = f"HTTP {response.status_code}: {detail}"
            if attempt <= self.retries:
                log.warning("tool call failed, retrying", extra={"tool": tool, "error": reason})
                self.sleep(self.backoff_s * 2 ** (attempt - 1))
        raise ToolError(tool, reason, self.retries + 1)


class ChurnClient(ServiceClient):
    def __init__(self, settings: AgentsSettings) -> None:
        super().__init__("churn_api", settings.churn_url, settings.churn_api_key, settings)

    def predict(self, customer: dict[str, Any]) -> Prediction:
        return self.answer(PREDICTION, "POST", "/predict", json=customer)

    def model(self) -> dict[str, Any]:
        result: dict[str, Any] = self.call("GET", "/model")
        return result

    def card(self) -> str:
        """The served model's card (Markdown)."""
        return self.request("GET", "/model/card").text


class RagClient(ServiceClient):
    def __init__(self, settings: AgentsSettings) -> None:
        super().__init__("rag_qa", settings.rag_url, settings.rag_api_key, settings)

    def ask(
        self, question: str, sources: list[str] | None = None, extractive: bool = False
    ) -> RagAnswer:
        """A cited answer; `sources` restricts retrieval to those documents, `extractive` asks
        for quoted passages instead of a generated answer."""
        body: dict[str, Any] = {"question": question}
        if sources:
            body["sources"] = sources
        if extractive:
            body["extractive"] = True
        return self.answer(RAG_ANSWER, "POST", "/ask", json=body)

    def ingest(self, name: str, text: str) -> IngestReceipt:
        """Add (or replace) one document in rag_qa's index."""
        files = {"files": (name, text.encode(), "text/markdown")}
        return self.answer(INGEST_RECEIPT, "POST", "/ingest", files=files)


PREDICTION = TypeAdapter(Prediction)
RAG_ANSWER = TypeAdapter(RagAnswer)
INGEST_RECEIPT = TypeAdapter(IngestReceipt)
