"""HTTP routes: ask (JSON and SSE), documents, ingest, and the OpenAI-compatible chat API."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from portfolio_shared.service import ApiError, json_response
from rag_qa.api.schemas import (
    AskRequest,
    AskResponse,
    ChatCompletionRequest,
    DocumentList,
    IngestResponse,
)
from rag_qa.core.documents import DocumentError, safe_source_name
from rag_qa.io.corpus import RawFile
from rag_qa.io.engine import RagEngine
from rag_qa.io.indexing import IngestError

router = APIRouter()
MODEL_ID = "rag-qa"


def _engine(request: Request) -> RagEngine:
    engine: RagEngine = request.app.state.engine
    return engine


def _require_index(engine: RagEngine) -> None:
    if not engine.snapshot.meta.chunks:
        raise ApiError(503, "the index is empty: POST /ingest documents or run `rag-qa ingest`")


def _check_question(engine: RagEngine, question: str, field: str) -> str:
    question = question.strip()
    if not question:
        raise ApiError(422, "the question is empty", field)
    if len(question) > engine.settings.max_question_chars:
        raise ApiError(
            422, f"the question exceeds {engine.settings.max_question_chars} characters", field
        )
    return question


@router.post("/ask", response_model=AskResponse, tags=["qa"], summary="Answer with citations")
async def ask(body: AskRequest, request: Request) -> Response:
    engine = _engine(request)
    _require_index(engine)
    question = _check_question(engine, body.question, "question")
    result = await run_in_threadpool(
        engine.pipeline.answer, question, body.top_k, body.mode, body.mmr
    )
    return json_response(result.as_dict())


def _sse(event: str, data: Any) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post(
    "/ask/stream",
    tags=["qa"],
    summary="Answer as server-sent events: sources, token..., done",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def ask_stream(body: AskRequest, request: Request) -> StreamingResponse:
    engine = _engine(request)
    _require_index(engine)
    question = _check_question(engine, body.question, "question")

    def events() -> Iterator[str]:
        try:
            for kind, payload in engine.pipeline.stream(question, body.top_k, body.mode, body.mmr):
                if kind == "sources":
                    yield _sse("sources", payload)
                elif kind == "token":
                    yield _sse("token", {"text": payload})
                else:
                    yield _sse("done", payload.as_dict())
        except Exception as exc:  # headers are sent: report in-band, then close
            yield _sse("error", {"detail": f"generation failed: {type(exc).__name__}"})

    return StreamingResponse(
        iterate_in_threadpool(events()),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/documents", response_model=DocumentList, tags=["documents"])
async def list_documents(request: Request) -> Response:
    engine = _engine(request)
    snap = engine.snapshot
    return json_response(
        {
            "documents": [asdict(d) for d in engine.documents()],
            "generation": snap.meta.generation,
            "chunks": snap.meta.chunks,
            "dense_index": snap.dense.kind,
        }
    )


@router.delete(
    "/documents/{doc_id}",
    status_code=204,
    tags=["documents"],
    responses={404: {"description": "No such document"}},
)
async def delete_document(
    request: Request,
    doc_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="id from GET /documents")],
) -> Response:
    engine = _engine(request)
    report = await run_in_threadpool(engine.delete, doc_id)
    if report is None:
        raise ApiError(404, f"no document with id {doc_id}", "doc_id")
    return Response(status_code=204)


@router.post(
    "/ingest",
    response_model=IngestResponse,
    tags=["documents"],
    summary="Add or replace documents (md, txt, rst, html, pdf); all-or-nothing per request",
)
async def ingest(
    request: Request,
    files: Annotated[list[UploadFile], File(description="one or more documents")],
) -> Response:
    engine = _engine(request)
    limit = engine.settings.max_file_bytes
    raws: list[RawFile] = []
    for i, upload in enumerate(files):
        field = f"files.{i}"
        try:
            name = safe_source_name(upload.filename or "")
        except DocumentError as exc:
            raise ApiError(400, str(exc), field) from None
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise ApiError(413, f"{name}: file exceeds {limit} bytes", field)
        raws.append(RawFile(name, data))
    try:
        report = await run_in_threadpool(engine.ingest, raws)
    except IngestError as exc:
        first = exc.errors[0]
        index = next((i for i, r in enumerate(raws) if r.name == first.name), 0)
        status = 415 if "unsupported file type" in first.message else 400
        if "exceeds" in first.message:
            status = 413
        raise ApiError(status, str(exc), f"files.{index}") from None
    return json_response(report.as_dict())


# ---------------------------------------------------------------- OpenAI-compatible
def _question_from(body: ChatCompletionRequest) -> str:
    for message in reversed(body.messages):
        if message.role == "user":
            content = message.content
            if isinstance(content, list):
                content = " ".join(
                    str(part.get("text", "")) for part in content if part.get("type") == "text"
                )
            if content and content.strip():
                return content
    raise ApiError(422, "no user message with text content", "messages")


def _with_sources(answer: str, citations: list[dict[str, Any]]) -> str:
    cited = [c for c in citations if c["cited"]]
    if not cited:
        return answer
    lines = [f"[{c['id']}] {c['source']} — {c['section'] or c['title']}" for c in cited]
    return answer + "\n\nSources:\n" + "\n".join(lines)


@router.get("/v1/models", tags=["openai"], summary="OpenAI-compatible model list")
async def list_models() -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": MODEL_ID, "object": "model", "created": 0, "owned_by": "rag-qa"}],
    }


@router.post(
    "/v1/chat/completions",
    tags=["openai"],
    summary="OpenAI-compatible chat completions (the answer with its sources), streaming or not",
)
async def chat_completions(body: ChatCompletionRequest, request: Request) -> Response:
    engine = _engine(request)
    _require_index(engine)
    question = _check_question(engine, _question_from(body), "messages")
    completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    created = int(time.time())

    if not body.stream:
        result = await run_in_threadpool(engine.pipeline.answer, question)
        content = _with_sources(result.answer, result.citations)
        return json_response(
            {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": MODEL_ID,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
                "citations": result.citations,
            }
        )

    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        payload = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def events() -> Iterator[str]:
        yield chunk({"role": "assistant", "content": ""})
        sent: list[str] = []
        for kind, payload in engine.pipeline.stream(question):
            if kind == "sentence":  # grounded and cited: final text, safe to send now
                yield chunk({"content": (" " if sent else "") + payload})
                sent.append(payload)
            elif kind == "done":
                if not sent:  # declined, extractive, or nothing grounded: the final text
                    yield chunk({"content": payload.answer})
                tail = _with_sources("", payload.citations)
                if tail:
                    yield chunk({"content": tail})
        yield chunk({}, "stop")
        yield "data: [DONE]\n\n"

    async def body_iter() -> AsyncIterator[str]:
        async for item in iterate_in_threadpool(events()):
            yield item

    return StreamingResponse(body_iter(), media_type="text/event-stream")
