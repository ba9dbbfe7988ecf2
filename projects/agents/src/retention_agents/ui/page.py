"""The browser UI: one self-contained page (`index.html`: no build step, no CDN), served at `/`.
It streams `POST /runs/stream` (server-sent events over fetch) and shows the plan, each agent's
steps and tool calls live, the checked answer with its sources, and the approval a run waits for.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def html() -> str:
    return files("retention_agents.ui").joinpath("index.html").read_text(encoding="utf-8")
