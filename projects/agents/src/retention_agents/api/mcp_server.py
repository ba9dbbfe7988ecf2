"""The team's tools as an MCP server (`agents mcp`, stdio or streamable HTTP): any MCP client
(Claude Desktop, an IDE, another agent) can query the customer table through the typed semantic
layer, score a customer with churn_api, ask rag_qa's documents, or ask the whole team.

The side-effect tool (queue a retention offer) is not exposed: it needs a human's approval,
which goes through the team's own API (`POST /runs/{thread}/resume`). Over HTTP the server sits
behind the same guard as the API: `AGENTS_API_KEY(S)` (sent as `X-API-Key` or `Authorization:
Bearer`) and the rate limits; production refuses to start without a strong key."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from mcp.server.fastmcp import FastMCP
from pydantic import Field
from starlette.types import ASGIApp

from portfolio_shared.guard import guarded
from retention_agents.config import AgentsSettings
from retention_agents.core.findings import ScorerFinding
from retention_agents.core.plan import ScorerTask
from retention_agents.core.semantic import Query
from retention_agents.nodes import roles
from retention_agents.state import TaskInput
from retention_agents.team import Team

INSTRUCTIONS = (
    "Retention analytics over the IBM Telco customer base: query_customers for figures "
    "(typed: metric, measure, filters, group_by, top_k), score_customer for one customer's churn "
    "risk (and a what-if), ask_docs for documented facts with citations, ask_team for a whole "
    "question answered by the team with checked figures."
)


def build_server(settings: AgentsSettings, team: Team) -> FastMCP:
    server = FastMCP(
        "retention-agents",
        instructions=INSTRUCTIONS,
        host=settings.host,
        port=settings.mcp_port,
        log_level="WARNING",
    )
    score = roles.scorer(team.tools)

    @server.tool()
    async def query_customers(query: Query) -> dict[str, Any]:
        """Run one semantic-layer query on the customer table (compiled to a guarded SELECT)."""
        result = await anyio.to_thread.run_sync(team.tools.warehouse.run, query)
        return {"sql": result.sql, "rows": result.records()}

    @server.tool()
    async def score_customer(
        customer: Annotated[
            dict[str, Any],
            Field(
                description="what is known of the customer (column → value); the rest is "
                "the typical customer"
            ),
        ],
        what_if: Annotated[
            dict[str, Any] | None, Field(description="the same customer with these values changed")
        ] = None,
    ) -> dict[str, Any]:
        """The customer's churn probability from churn_api, and a what-if comparison."""
        task = ScorerTask(ask="score_customer", stated=customer, what_if=what_if)
        item = TaskInput(index=0, task=task, question="")
        update = await anyio.to_thread.run_sync(score, item)
        finding: ScorerFinding = update["findings"][0]
        if not finding.ok:
            raise ValueError(finding.error)
        return dict(finding.data)

    @server.tool()
    async def ask_docs(
        question: Annotated[str, Field(min_length=1, max_length=2000)],
    ) -> dict[str, Any]:
        """A cited answer from rag_qa's documents (the model card, the repository's docs)."""
        answer = await anyio.to_thread.run_sync(team.tools.rag.ask, question)
        return dict(answer)

    @server.tool()
    async def ask_team(
        question: Annotated[str, Field(min_length=1, max_length=2000)],
    ) -> dict[str, Any]:
        """The whole team: plan, tools, draft, check. Every figure in the answer is verified."""
        result = await team.arun(question)
        return result.model_dump(mode="json", exclude={"trajectory"})

    return server


def http_app(settings: AgentsSettings, team: Team) -> ASGIApp:
    """The streamable-HTTP MCP endpoint (`/mcp`), every request through the key and rate guard."""
    return guarded(build_server(settings, team).streamable_http_app(), settings)
