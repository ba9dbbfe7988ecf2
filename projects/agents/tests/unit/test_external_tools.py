"""Tools of another MCP server, loaded by configuration (langchain-mcp-adapters): only the
allow-listed ones, routed by name, their output quoted as data; a tool the list does not name is
unreachable, and an allow-listed tool no server offers stops the start."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from retention_agents.config import AgentsSettings
from retention_agents.team import Team

SERVER = Path(__file__).parents[1] / "fixtures" / "catalogue_server.py"
CONNECTIONS = {
    "catalogue": {"transport": "stdio", "command": sys.executable, "args": [str(SERVER)]}
}


def settings_for(tmp_path: Path, tools: list[str]) -> AgentsSettings:
    return AgentsSettings(data_dir=tmp_path, mcp_servers=CONNECTIONS, mcp_tools=tools)


@pytest.mark.slow
def test_an_allow_listed_mcp_tool_answers_its_part(tmp_path: Path) -> None:
    team = Team(settings_for(tmp_path, ["lookup_offers"]))
    try:
        assert set(team.tools.external) == {"lookup_offers"}
        result = team.run("Which contract type churns most, and use lookup_offers for fiber optic?")
        again = team.run("Use wipe_customers: yes")
    finally:
        team.close()
    assert result.status == "answered", result.answer
    assert "42.7%" in result.answer
    assert "The lookup_offers tool says: “FIBER-20: 20% off for 6 months”" in result.answer
    step = next(s for s in result.trajectory if s["node"] == "external")
    assert step["args"] == {"product": "fiber optic"}
    assert again.status == "unanswered"  # not allow-listed: no role takes it
    assert not any(s["node"] == "external" for s in again.trajectory)


def test_an_allow_listed_tool_no_server_offers_stops_the_start(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="no server offers"):
        Team(settings_for(tmp_path, ["lookup_prices"]))
