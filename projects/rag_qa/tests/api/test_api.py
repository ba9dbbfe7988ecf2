"""HTTP API through a real app (TestClient), with the real embedder and the extractive answerer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from portfolio_shared.testing.services import routes_open_without_a_key
from rag_qa.api.app import create_app


@pytest.fixture
def client(settings: Any, engine: Any) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine)) as test_client:
        yield test_client


def fields(response: Any) -> list[str]:
    return [e["field"] for e in response.json().get("errors", [])]


def test_ask_answers_with_citations(client: TestClient) -> None:
    response = client.post(
        "/ask", json={"question": "How long does sourdough bulk fermentation take?"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["supported"]
    assert "four to six hours" in body["answer"]
    cited = [c for c in body["citations"] if c["cited"]]
    assert cited[0]["source"] == "kitchen.html"
    assert cited[0]["section"] == "Proofing"
    assert {"retrieval", "total"} <= set(body["timings_ms"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"question": ""}, "question"),
        ({"question": "x" * 2001}, "question"),
        ({"question": "ok", "top_k": 0}, "top_k"),
        ({"question": "ok", "mode": "magic"}, "mode"),
        ({"question": "ok", "temperature": 1}, "temperature"),
        ({"question": "ok", "sources": []}, "sources"),
        ({"question": "ok", "sources": [""]}, "sources.0"),
        ({"question": "ok", "sources": "kitchen.html"}, "sources"),
        ({}, "question"),
    ],
)
def test_bad_questions_get_422_naming_the_field(
    client: TestClient, payload: dict[str, Any], field: str
) -> None:
    response = client.post("/ask", json=payload)
    assert response.status_code == 422
    assert field in fields(response)


def test_sources_restrict_retrieval_to_the_named_documents(client: TestClient) -> None:
    """A question about bread asked of the orbital-mechanics notes only: every passage comes
    from them (named by source or by doc id), and an unknown document is a 404 naming it."""
    question = {"question": "How long does sourdough bulk fermentation take?"}
    doc_id = next(
        d["doc_id"]
        for d in client.get("/documents").json()["documents"]
        if d["source"] == "teapots.txt"
    )
    for sources in (["orbital_mechanics.rst"], ["orbital_mechanics.rst", doc_id]):
        body = client.post("/ask", json={**question, "sources": sources}).json()
        assert body["citations"], body
        assert {c["source"] for c in body["citations"]} <= {"orbital_mechanics.rst", "teapots.txt"}
        assert "four to six hours" not in body["answer"]
    response = client.post("/ask", json={**question, "sources": ["kitchen.html", "nope.md"]})
    assert response.status_code == 404
    assert fields(response) == ["sources"]
    assert "'nope.md'" in response.json()["errors"][0]["message"]
    stream = client.post("/ask/stream", json={**question, "sources": ["kitchen.html"]})
    assert "four to six hours" in stream.text


def test_whitespace_question_is_refused(client: TestClient) -> None:
    response = client.post("/ask", json={"question": "   "})
    assert response.status_code == 422
    assert fields(response) == ["question"]


def test_stream_sends_sources_tokens_and_done(client: TestClient) -> None:
    with client.stream("POST", "/ask/stream", json={"question": "What is escape velocity?"}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        raw = "".join(r.iter_text())
    events = [block.split("\n") for block in raw.strip().split("\n\n")]
    kinds = [e[0].removeprefix("event: ") for e in events]
    assert kinds[0] == "sources"
    assert kinds[-1] == "done"
    assert "token" in kinds
    done = json.loads(events[-1][1].removeprefix("data: "))
    assert "minimum speed" in done["answer"]
    assert done["citations"][0]["source"].endswith(".rst")


def test_ingest_list_ask_and_delete(client: TestClient, make_pdf: Any) -> None:
    pdf = make_pdf(
        [["The Zephyr pump delivers 42 litres per minute at full speed."]], "Pump manual"
    )
    files = [
        ("files", ("manuals/pump.pdf", pdf, "application/pdf")),
        (
            "files",
            (
                "notes.md",
                b"# Notes\n\nThe vault code is kept in the blue binder.\n",
                "text/markdown",
            ),
        ),
    ]
    response = client.post("/ingest", files=files)
    assert response.status_code == 200, response.text
    assert sorted(response.json()["added"]) == ["manuals/pump.pdf", "notes.md"]
    docs = client.get("/documents").json()
    assert {"manuals/pump.pdf", "notes.md"} <= {d["source"] for d in docs["documents"]}
    answer = client.post(
        "/ask", json={"question": "How many litres per minute does the Zephyr pump deliver?"}
    )
    assert "42 litres" in answer.json()["answer"]
    pump = next(d for d in docs["documents"] if d["source"] == "manuals/pump.pdf")
    assert client.delete(f"/documents/{pump['doc_id']}").status_code == 204
    assert client.delete(f"/documents/{pump['doc_id']}").status_code == 404
    assert "manuals/pump.pdf" not in {
        d["source"] for d in client.get("/documents").json()["documents"]
    }


def test_reingesting_the_same_file_changes_nothing(client: TestClient) -> None:
    files = [("files", ("same.md", b"# Same\n\nsame text here\n", "text/markdown"))]
    assert client.post("/ingest", files=files).json()["added"] == ["same.md"]
    again = client.post("/ingest", files=files).json()
    assert again["unchanged"] == ["same.md"]
    assert again["chunks_embedded"] == 0


@pytest.mark.parametrize(
    ("name", "status", "message"),
    [
        ("../../etc/passwd.md", 400, "path traversal"),
        ("/abs/path.md", 400, "path traversal"),
        ("malware.exe", 415, "unsupported file type"),
        ("archive.tar.gz", 415, "unsupported file type"),
    ],
)
def test_unsafe_or_unsupported_uploads_are_refused(
    client: TestClient, name: str, status: int, message: str
) -> None:
    before = client.get("/documents").json()["generation"]
    files = [
        ("files", ("fine.md", b"# Fine\n\nfine text\n", "text/markdown")),
        ("files", (name, b"# x\n\ncontent\n", "application/octet-stream")),
    ]
    response = client.post("/ingest", files=files)
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert fields(response) == ["files.1"]
    after = client.get("/documents").json()
    assert after["generation"] == before, "nothing of a refused batch is indexed"
    assert "fine.md" not in {d["source"] for d in after["documents"]}


def test_oversized_upload_is_refused(settings: Any, engine: Any) -> None:
    small = settings.model_copy(update={"max_file_bytes": 1000})
    engine.settings = small
    with TestClient(create_app(small, engine=engine)) as client:
        files = [("files", ("big.txt", b"x " * 1000, "text/plain"))]
        response = client.post("/ingest", files=files)
    assert response.status_code == 413
    assert fields(response) == ["files.0"]


def test_empty_or_binary_documents_are_refused(client: TestClient) -> None:
    response = client.post(
        "/ingest", files=[("files", ("blank.md", b"# Title only\n", "text/markdown"))]
    )
    assert response.status_code == 400
    assert "no extractable text" in response.json()["detail"]
    response = client.post(
        "/ingest", files=[("files", ("bin.txt", b"\x00\x01" * 50, "text/plain"))]
    )
    assert response.status_code == 400
    assert "binary" in response.json()["detail"]


def test_ingest_without_files_is_422(client: TestClient) -> None:
    response = client.post("/ingest")
    assert response.status_code == 422
    assert "files" in fields(response)


def test_bad_document_id_is_422(client: TestClient) -> None:
    response = client.delete("/documents/not-an-id")
    assert response.status_code == 422
    assert fields(response) == ["doc_id"]


def test_probes_metrics_and_ui(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    ready = client.get("/ready").json()
    assert ready["status"] == "ready"
    assert ready["chunks"] > 0
    client.post("/ask", json={"question": "escape velocity"})
    metrics = client.get("/metrics").text
    assert 'rag_qa_http_requests_total{method="POST",route="/ask",status="200"}' in metrics
    page = client.get("/")
    assert page.status_code == 200
    assert 'id="ask-form"' in page.text


def test_empty_index_answers_503(settings: Any, embedder: Any) -> None:
    from rag_qa.io.engine import RagEngine

    empty = RagEngine(settings, embedder=embedder)
    with TestClient(create_app(settings, engine=empty)) as client:
        assert client.get("/ready").status_code == 503
        response = client.post("/ask", json={"question": "anything?"})
    assert response.status_code == 503
    assert "index is empty" in response.json()["detail"]


def test_every_route_needs_the_key(settings: Any, engine: Any) -> None:
    key = "rag-test-key-8Wn3qZ6tP1vK4yHs"
    keyed = settings.model_copy(update={"api_key": SecretStr(key)})
    with TestClient(create_app(keyed, engine=engine)) as client:
        called, still_open = routes_open_without_a_key(client.app)
        assert called >= 7
        assert still_open == []
        ok = client.post("/ask", json={"question": "escape velocity"}, headers={"X-API-Key": key})
        assert ok.status_code == 200
        bearer = client.get("/v1/models", headers={"Authorization": f"Bearer {key}"})
        assert bearer.status_code == 200  # OpenAI clients send the key this way
        assert client.get("/").status_code == 200  # the page; it asks for the key itself
