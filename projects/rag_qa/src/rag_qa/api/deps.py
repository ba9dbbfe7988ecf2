"""What the routes share: the engine of this app, and the checks every question goes through."""

from __future__ import annotations

from fastapi import Request

from portfolio_shared.service import ApiError
from rag_qa.io.engine import RagEngine


def engine_of(request: Request) -> RagEngine:
    engine: RagEngine = request.app.state.engine
    return engine


def require_index(engine: RagEngine) -> None:
    if not engine.snapshot.meta.chunks:
        raise ApiError(503, "the index is empty: POST /ingest documents or run `rag-qa ingest`")


def check_question(engine: RagEngine, question: str, field: str) -> str:
    question = question.strip()
    if not question:
        raise ApiError(422, "the question is empty", field)
    if len(question) > engine.settings.max_question_chars:
        raise ApiError(
            422, f"the question exceeds {engine.settings.max_question_chars} characters", field
        )
    return question


def check_sources(
    engine: RagEngine, sources: list[str] | None, field: str
) -> frozenset[str] | None:
    """The documents a question is restricted to, each known to the live index (by source name
    or doc id); an unknown one is a 404 naming the field."""
    if sources is None:
        return None
    documents = engine.snapshot.documents
    known = set(documents) | {d.source for d in documents.values()}
    unknown = [s for s in sources if s not in known]
    if unknown:
        raise ApiError(404, f"no indexed document named {', '.join(map(repr, unknown))}", field)
    return frozenset(sources)
