"""The MCP server with the official MCP client, over both transports: stdio (the client starts
`agents mcp`) and streamable HTTP (a server process on loopback). Tools are listed with their
schemas, arguments are validated by them, and results come back as structured content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamablehttp_client

from portfolio_shared.processes import free_port

TOOLS = {"query_customers", "score_customer", "ask_docs", "ask_team"}
QUERY = {"query": {"metric": "churn_rate", "group_by": ["Contract"], "top_k": 1}}


def env_for(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "AGENTS_DATA_DIR": str(data_dir), "AGENTS_CHURN_URL": "http://127.0.0.1:9",
            "AGENTS_RAG_URL": "http://127.0.0.1:9", "AGENTS_TOOL_RETRIES": "0"}  # fmt: skip


def payload(result: Any) -> Any:
    return json.loads(result.content[0].text)


async def exercise(session: ClientSession) -> dict[str, Any]:
    await session.initialize()
    listed = await session.list_tools()
    schemas = {t.name: t.inputSchema for t in listed.tools}
    query = await session.call_tool("query_customers", QUERY)
    bad = await session.call_tool("query_customers", {"query": {"metric": "mean"}})
    team = await session.call_tool("ask_team", {"question": "Which contract type churns most?"})
    down = await session.call_tool("score_customer", {"customer": {"Contract": "One year"}})
    return {"schemas": schemas, "query": query, "bad": bad, "team": team, "down": down}


def check(seen: dict[str, Any]) -> None:
    assert set(seen["schemas"]) == TOOLS
    metric = seen["schemas"]["query_customers"]["$defs"]["Metric"]["enum"]
    assert "churn_rate" in metric  # the enums of the data contract reach the client
    rows = payload(seen["query"])["rows"]
    assert rows[0]["Contract"] == "Month-to-month"
    assert round(rows[0]["churn_rate"], 3) == 0.427
    assert seen["bad"].isError
    assert "needs a measure" in seen["bad"].content[0].text
    answer = payload(seen["team"])
    assert answer["status"] == "answered"
    assert "42.7% of 3,875 customers" in answer["answer"]
    assert seen["down"].isError  # churn_api is down: a clear tool error, not a crash
    assert "churn_api" in seen["down"].content[0].text


def test_stdio_with_the_official_client(tmp_path: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "retention_agents.cli", "mcp"], env=env_for(tmp_path)
    )

    async def main() -> dict[str, Any]:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            return await exercise(session)

    check(anyio.run(main))


KEY = "mcp-test-key-" + "a1B2c3D4e5F6g7H8i9J0kLmN"  # 37 characters, not repetitive


def test_streamable_http_with_the_official_client(tmp_path: Path) -> None:
    """Over HTTP the server is behind the API's guard: no key is 401, the key works."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "retention_agents.cli", "mcp", "--transport", "streamable-http",
         "--port", str(port)],
        env={**env_for(tmp_path), "AGENTS_ENVIRONMENT": "production", "AGENTS_API_KEY": KEY},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, "the MCP server exited"
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the MCP server never listened"
                time.sleep(0.2)

        initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
        refused = httpx.post(url, json=initialize, timeout=10)
        assert refused.status_code == 401
        assert "X-API-Key" in refused.json()["detail"]
        assert httpx.post(url, json=initialize, headers={"X-API-Key": "wrong"}).status_code == 401

        async def main() -> dict[str, Any]:
            async with (
                streamablehttp_client(url, headers={"X-API-Key": KEY}) as (read, write, _),
                ClientSession(read, write) as session,
            ):
                return await exercise(session)

        check(anyio.run(main))
    finally:
        proc.terminate()
        proc.wait(timeout=20)


pytestmark = pytest.mark.slow
