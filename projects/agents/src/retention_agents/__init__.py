"""retention_agents: an offline multi-agent retention analyst on LangGraph (see README)."""

import os

# Checkpoints are decoded with msgpack only, and only the types the graph's state names (LangGraph
# derives that allow-list from `state.RunState`). Set before LangGraph is first imported: it reads
# the setting once, at import.
os.environ.setdefault("LANGGRAPH_STRICT_MSGPACK", "true")

__version__ = "0.1.0"
PROJECT = "agents"
