"""Soak: 1,000 `/ask` requests on one rag_qa process over loopback (2 client threads), over
the default index (Python docs + this repository's docs). Answers are extractive by default, so
the soak measures the service (retrieval, context, citations, HTTP) rather than the model's
speed; `SOAK_RAG_PROVIDER=local` puts SmolLM2 in the loop. Every answer must be a 200 with
citations; RSS growth after warm-up is printed (target under 5 %).

    uv run python projects/rag_qa/bench/soak.py           # make soak
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from portfolio_shared.soak import served, soak

PORT = int(os.environ.get("SOAK_PORT", "8942"))
TOTAL = int(os.environ.get("SOAK_REQUESTS", "1000"))
QUESTIONS = [
    "What does the global statement do?",
    "How do I start the churn API?",
    "What is a list comprehension?",
    "How are exceptions raised and caught?",
    "Which metrics does the drift monitor export?",
    "What does the nonlocal statement do?",
]


def main() -> int:
    cli = shutil.which("rag-qa") or "rag-qa"
    subprocess.run([cli, "ingest", "--no-track"], check=True, capture_output=True)
    env = {"RAG_RATE_LIMIT": "1000000000/minute", "RAG_ACCESS_LOG": "false",
           "RAG_LOG_LEVEL": "WARNING",
           "RAG_PROVIDER": os.environ.get("SOAK_RAG_PROVIDER", "extractive")}  # fmt: skip
    with served([cli, "serve", "--port", str(PORT)], f"http://127.0.0.1:{PORT}", env) as server:
        result = soak(
            server,
            lambda c, i: c.post("/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]}),
            total=TOTAL,
            warmup=100,
            threads=2,
            ok=lambda r: r.status_code == 200 and '"citations"' in r.text,
        )
    return result.verdict(f"rag_qa /ask ({env['RAG_PROVIDER']})")


if __name__ == "__main__":
    sys.exit(main())
