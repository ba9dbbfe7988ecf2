"""Soak: 1,000 `/runs` on one agents process over loopback (2 client threads), with churn_api
and rag_qa (extractive) running beside it as in `make run-agents`: analyst, scorer, researcher
and composite questions in turn, each run checkpointed. Every answer must be a 200 whose status
is `answered`; RSS growth of the agents process after warm-up is printed (target under 5 %).

    uv run python projects/agents/bench/soak.py           # make soak
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import ExitStack

from portfolio_shared.soak import served, soak

PORTS = {"churn": 8951, "rag": 8952, "agents": 8953}
TOTAL = int(os.environ.get("SOAK_REQUESTS", "1000"))
QUESTIONS = [
    "Which contract type churns most?",
    "What is the churn risk of a month-to-month fiber customer paying 95 a month with 3 months "
    "of tenure?",
    "According to the model card, what decision threshold does the churn model use?",
    "How many senior citizens are there, and what is their churn rate?",
]


def main() -> int:
    churn, rag, agents = (shutil.which(n) or n for n in ("churn-api", "rag-qa", "agents"))
    subprocess.run([churn, "ensure-champion"], check=True, capture_output=True)
    subprocess.run([rag, "ingest", "--no-track"], check=True, capture_output=True)
    urls = {name: f"http://127.0.0.1:{port}" for name, port in PORTS.items()}
    quiet = {"ACCESS_LOG": "false", "LOG_LEVEL": "WARNING", "RATE_LIMIT": "1000000000/minute"}
    with ExitStack() as stack:
        stack.enter_context(served(
            [churn, "serve", "--port", str(PORTS["churn"])], urls["churn"],
            {f"CHURN_{k}": v for k, v in quiet.items()} | {"CHURN_RELOAD_INTERVAL_S": "0"},
        ))  # fmt: skip
        stack.enter_context(served(
            [rag, "serve", "--port", str(PORTS["rag"])], urls["rag"],
            {f"RAG_{k}": v for k, v in quiet.items()} | {"RAG_PROVIDER": "extractive"},
        ))  # fmt: skip
        subprocess.run([agents, "sync-docs", "--wait", "60"], check=True, capture_output=True,
                       env={**os.environ, "AGENTS_CHURN_URL": urls["churn"],
                            "AGENTS_RAG_URL": urls["rag"]})  # fmt: skip
        server = stack.enter_context(served(
            [agents, "serve", "--port", str(PORTS["agents"])], urls["agents"],
            {f"AGENTS_{k}": v for k, v in quiet.items()}
            | {"AGENTS_CHURN_URL": urls["churn"], "AGENTS_RAG_URL": urls["rag"]},
        ))  # fmt: skip
        result = soak(
            server,
            lambda c, i: c.post(
                "/runs", json={"question": QUESTIONS[i % len(QUESTIONS)], "thread_id": f"soak-{i}"}
            ),
            total=TOTAL,
            warmup=100,
            threads=2,
            ok=lambda r: r.status_code == 200 and r.json().get("status") == "answered",
        )
    return result.verdict("agents /runs")


if __name__ == "__main__":
    sys.exit(main())
