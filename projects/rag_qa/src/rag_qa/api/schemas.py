"""Request and response bodies (OpenAPI documents them; 422s name the offending field)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from rag_qa.io.store import DocumentRecord

MAX_QUESTION_CHARS = 2000
MAX_SOURCES = 20
SourceName = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        pattern=r"\S",  # not only blanks: the schema says what the route refuses
        examples=["What does the global statement do?"],
    )
    top_k: int | None = Field(None, ge=1, le=20, description="passages to retrieve")
    mode: Literal["dense", "bm25", "hybrid"] | None = None
    mmr: bool | None = Field(None, description="diversify passages with maximal marginal relevance")
    sources: list[SourceName] | None = Field(
        None,
        min_length=1,
        max_length=MAX_SOURCES,
        description="retrieve only from these documents: source names as `GET /documents` lists "
        "them, or doc ids (an unknown one is a 404)",
        examples=[["model_card.md"]],
    )
    extractive: bool | None = Field(
        None,
        description="quote the best passages instead of generating (no model call); "
        "default: the server's provider",
    )


class Citation(BaseModel):
    id: int = Field(description="the number used in the answer, e.g. 1 for [1]")
    doc_id: str
    chunk_id: str
    source: str
    title: str
    section: str
    quote: str = Field(description="the passage text the model saw")
    score: float
    cosine: float
    cited: bool = Field(description="whether the answer cites it (else: context only)")


class AskResponse(BaseModel):
    question: str
    answer: str
    supported: bool = Field(description="false when retrieval support was too weak to answer")
    citations: list[Citation]
    provider: str
    model: str
    mode: str
    support: float
    injections_removed: int
    sentences_dropped: int
    timings_ms: dict[str, float]


class DocumentList(BaseModel):
    documents: list[DocumentRecord]  # the store's own record, documented as is
    generation: int
    chunks: int
    dense_index: str


class IngestResponse(BaseModel):
    generation: int
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    removed: list[str]
    chunks_total: int
    chunks_embedded: int
    chunks_reused: int
    embed_seconds: float
    seconds: float
    documents: list[dict[str, Any]]
