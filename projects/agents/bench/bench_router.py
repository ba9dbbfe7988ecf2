"""Router comparison: tool selection and argument accuracy and latency on the same tasks for the
no-LLM paths (the rules, the nearest-neighbour router on MiniLM int8 embeddings alone, and both
in turn: the default), SmolLM2-135M (the packaged model) and, where its GGUF is present,
Qwen2.5-Coder-0.5B-Instruct (opt-in: `--qwen PATH`, sha256-checked). Two task sets: the
phrasings the rules were written for (68) and paraphrases they were not (64, 6 of them questions
no tool should take). A benchmark, not a test.

    uv run python projects/agents/bench/bench_router.py [--qwen path/to/qwen.gguf] [--limit N]
"""

from __future__ import annotations

import argparse
import json
from functools import partial
from pathlib import Path
from typing import Any

from local_models import models

from retention_agents.config import AgentsSettings
from retention_agents.io.router import make_router
from retention_agents.jobs.evals import routing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--qwen", type=Path, help="Qwen2.5-Coder-0.5B-Instruct Q4_K_M GGUF")
    parser.add_argument("--limit", type=int, default=0, help="first N cases of each set only")
    parser.add_argument("--no-llm", action="store_true", help="the no-LLM paths only")
    parser.add_argument("--out", type=Path, default=Path("reports/agents-router.json"))
    args = parser.parse_args()
    router = make_router(AgentsSettings(router="neighbours"))
    assert router is not None
    providers: list[tuple[str, Any]] = [
        ("rules (no LLM)", routing.rules_route),
        ("neighbours (MiniLM)", partial(routing.neighbours_route, router)),
        ("rules+neighbours", partial(routing.combined_route, router)),
    ]
    if not args.no_llm:
        providers += [(name, partial(routing.model_route, m))
                      for name, m in models(args.qwen, max_tokens=96)]  # fmt: skip
    rows = []
    for set_name, every in (("templates", routing.cases()), ("paraphrases", routing.paraphrases())):
        cases = every[: args.limit] if args.limit else every
        for name, route in providers:
            rows.append({"set": set_name, **routing.summary(name, routing.run(route, cases))})
    print(f"{'set':<12} {'provider':<22} {'cases':>5} {'tool':>6} {'args':>6} {'p50 ms':>9} "
          f"{'p95 ms':>9} {'tokens':>7}  by tool")  # fmt: skip
    for r in rows:
        print(f"{r['set']:<12} {r['provider']:<22} {r['cases']:>5} {r['tool_accuracy']:>6.3f} "
              f"{r['argument_accuracy']:>6.3f} {r['p50_ms']:>9.1f} {r['p95_ms']:>9.1f} "
              f"{r['tokens_per_call']:>7.1f}  {r['by_tool']}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
