"""Tools from other MCP servers, loaded by configuration through langchain-mcp-adapters: only
the tools named in `mcp_tools` (an allow-list), each callable with one text argument so the
deterministic planner can route a clause to it. Their output is data for the writer, quoted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool
from langchain_mcp_adapters.client import MultiServerMCPClient

from retention_agents.config import AgentsSettings


@dataclass(frozen=True)
class ExternalTool:
    tool: BaseTool
    argument: str  # its one required text argument


def text_argument(tool: BaseTool) -> str | None:
    """The tool's one required string argument, or None (the planner cannot fill others)."""
    schema: Any = tool.args_schema
    schema = schema if isinstance(schema, dict) else schema.model_json_schema() if schema else {}
    required = schema.get("required", [])
    props = schema.get("properties", {})
    if len(required) == 1 and props.get(required[0], {}).get("type") == "string":
        return str(required[0])
    return None


async def load_external(settings: AgentsSettings) -> dict[str, ExternalTool]:
    if not settings.mcp_tools:
        return {}
    client = MultiServerMCPClient(settings.mcp_servers, handle_tool_errors=False)  # type: ignore[arg-type]
    offered = {t.name: t for t in await client.get_tools()}
    missing = sorted(set(settings.mcp_tools) - set(offered))
    if missing:
        raise RuntimeError(f"MCP tool(s) {missing} are allow-listed but no server offers them")
    loaded = {}
    for name in settings.mcp_tools:
        argument = text_argument(offered[name])
        if argument is None:
            raise RuntimeError(f"MCP tool {name} needs more than one text argument")
        loaded[name] = ExternalTool(offered[name], argument)
    return loaded
