"""`agents eval` options: each provider is a configuration of the team (the router and the
language model), and bad options are refused naming the option."""

from __future__ import annotations

from typer.testing import CliRunner

from retention_agents.cli import app
from retention_agents.config import AgentsSettings
from retention_agents.jobs.evals.run import PROVIDERS, provider_settings


def test_each_provider_configures_the_router_and_the_model() -> None:
    base = AgentsSettings(llm_threads=1)
    assert provider_settings(base, "rules").router == "rules"
    assert provider_settings(base, "rules").llm == "none"
    assert provider_settings(base, "neighbours").router == "neighbours"
    local = provider_settings(base, "local")
    assert (local.router, local.llm, local.llm_threads) == ("neighbours", "local", 1)
    assert set(PROVIDERS) == {"rules", "neighbours", "local", "openai"}


def test_an_unknown_provider_or_engine_is_refused() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "--provider", "gpt-9"])
    assert result.exit_code == 2
    assert "--provider" in result.output
    result = runner.invoke(app, ["eval", "--engine", "spark"])
    assert result.exit_code == 2
    assert "--engine" in result.output
