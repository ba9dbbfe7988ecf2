"""The browser UI: one self-contained page (`index.html`: no build step, no CDN), served at `/`.

It streams `/ask/stream` (server-sent events over fetch), shows tokens as they arrive, then the
final grounded answer with its `[n]` markers linked to the cited passages; lists the indexed
documents and uploads new ones through `/ingest`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def html() -> str:
    return files("rag_qa.ui").joinpath("index.html").read_text(encoding="utf-8")
