"""The agents service: `create_app()` wires the shared scaffolding (probes, metrics, errors), the
team and its routes."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse

import retention_agents
from portfolio_shared.logging import configure_logging
from portfolio_shared.service import create_service, watcher_lifespan
from retention_agents.api.metrics import AgentMetrics
from retention_agents.api.routes import router
from retention_agents.config import AgentsSettings
from retention_agents.team import Team
from retention_agents.ui import page


def create_app(settings: AgentsSettings | None = None, team: Team | None = None) -> FastAPI:
    settings = settings or AgentsSettings()
    configure_logging(settings.log_level, settings.log_format)
    team = team or Team(settings)

    def ready() -> tuple[bool, dict[str, Any]]:
        return True, {"churn_api": settings.churn_url, "rag_qa": settings.rag_url}

    async def close() -> None:
        team.close()

    app = create_service(
        title="Retention agents",
        version=retention_agents.__version__,
        settings=settings,
        ready_check=ready,
        metrics=AgentMetrics("agents"),
        lifespan=watcher_lifespan(stop=close),
        public=["/"],  # the page holds no data; it asks for the key and sends it
        description="A team of agents that answers retention questions with checked figures.",
    )
    app.state.team = team
    app.include_router(router)  # the key and rate limits: the shared guard, on every route

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    async def index() -> HTMLResponse:
        """The browser UI (the key, when one is set, is typed in the page)."""
        return HTMLResponse(page.html())

    return app
