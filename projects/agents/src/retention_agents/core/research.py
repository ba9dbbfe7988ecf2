"""A research question that names its source ("according to the model card, ...") is answered
from that document only: the phrase becomes rag_qa's `sources` filter and leaves the query text,
where it would only pull in every passage that mentions a model or a card."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Scoped:
    query: str
    #: rag_qa documents to retrieve from; None: the whole index.
    sources: list[str] | None


def _naming(phrase: str) -> re.Pattern[str]:
    lead = r"(?:(?:according to|as per|per|in|from|see|check|look (?:it )?up in)\s+)?"
    return re.compile(
        rf"{lead}(?:what does\s+)?(?:the\s+)?{re.escape(phrase)}(?:\s+says?)?\s*[,:;-]?\s*",
        re.IGNORECASE,
    )


def scoped(question: str, named: Mapping[str, str]) -> Scoped:
    """The query to send and the documents it names (`named`: phrase → rag_qa source name)."""
    text, sources = question, []
    for phrase, source in named.items():
        pattern = _naming(phrase)
        if pattern.search(text):
            text = pattern.sub(" ", text)
            sources.append(source)
    if not sources:
        return Scoped(question, None)
    text = re.sub(r"\s*[,:;-]\s*(?=[?.!]|$)", "", re.sub(r"\s+", " ", text)).strip(" ,:;-")
    if len(re.findall(r"\w+", text)) < 2:  # nothing left but the source: ask about it whole
        text = question
    return Scoped(text[:1].upper() + text[1:], list(dict.fromkeys(sources)))
