"""retention_agents: an offline multi-agent retention analyst on LangGraph (see README)."""

__version__ = "0.1.0"
PROJECT = "agents"
