"""Keep the researcher's sources current: the served model's card, fetched from churn_api and
ingested into rag_qa as `model_card.md` (replacing the previous one), waiting for both services."""

from __future__ import annotations

import time

from retention_agents.config import AgentsSettings
from retention_agents.io.clients import ChurnClient, IngestReceipt, RagClient, ToolError

CARD_NAME = "model_card.md"


def sync_model_card(settings: AgentsSettings, wait_s: float = 0.0) -> IngestReceipt:
    """Ingest churn_api's card into rag_qa; retry until `wait_s` has passed (services starting)."""
    churn, rag = ChurnClient(settings), RagClient(settings)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            return rag.ingest(CARD_NAME, churn.card())
        except ToolError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(1.0)
