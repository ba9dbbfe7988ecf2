"""The index's documents: list, delete, and ingest uploads."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, File, Path, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from portfolio_shared.service import ApiError, error_responses, json_response
from rag_qa.api.deps import engine_of
from rag_qa.api.schemas import DocumentList, IngestResponse
from rag_qa.core.documents import DocumentError, safe_source_name
from rag_qa.io.corpus import RawFile
from rag_qa.io.indexing import IngestError

router = APIRouter()


@router.get("/documents", response_model=DocumentList, tags=["documents"])
async def list_documents(request: Request) -> Response:
    engine = engine_of(request)
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
    responses=error_responses({404: "no such document"}),
)
async def delete_document(
    request: Request,
    doc_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$", description="id from GET /documents")],
) -> Response:
    engine = engine_of(request)
    report = await run_in_threadpool(engine.delete, doc_id)
    if report is None:
        raise ApiError(404, f"no document with id {doc_id}", "doc_id")
    return Response(status_code=204)


@router.post(
    "/ingest",
    response_model=IngestResponse,
    tags=["documents"],
    summary="Add or replace documents (md, txt, rst, html, pdf); all-or-nothing per request",
    responses=error_responses(
        {
            400: "an unsafe file name, or a document that cannot be read",
            413: "a file exceeds the size limit",
            415: "a file type that is not supported (told by its name)",
        }
    ),
)
async def ingest(
    request: Request,
    files: Annotated[list[UploadFile], File(description="one or more documents")],
) -> Response:
    engine = engine_of(request)
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
