"""The model layer on a 100-case BFCL subset (`jobs/evals/bfcl.py`): SmolLM2-135M (packaged)
and, where its GGUF is present, Qwen2.5-Coder-0.5B-Instruct (opt-in: `--qwen PATH`,
sha256-checked), both through `portfolio_shared.llm.LocalChatModel` with forced,
JSON-schema-constrained calls (irrelevance: the model decides). A benchmark, not a test.

    uv run python projects/agents/bench/bench_bfcl.py [--qwen path/to/qwen.gguf] [--limit N]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from local_models import models

from retention_agents.jobs.evals import bfcl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--qwen", type=Path, help="Qwen2.5-Coder-0.5B-Instruct Q4_K_M GGUF")
    parser.add_argument("--limit", type=int, default=0, help="first N cases only")
    parser.add_argument("--out", type=Path, default=Path("reports/agents-bfcl.json"))
    args = parser.parse_args()
    cases = bfcl.cases()
    cases = cases[: args.limit] if args.limit else cases
    rows, misses = [], {}
    for name, model in models(args.qwen, max_tokens=160):
        outcomes = bfcl.run(model, cases)
        rows.append(bfcl.summary(name, outcomes))
        misses[name] = [{"id": o.case.id, "called": o.name, "why": o.why} for o in outcomes
                        if not o.ok][:20]  # fmt: skip
    print(f"{'model':<22} {'cases':>5} {'accuracy':>9} {'p50 s':>7}  by category")
    for r in rows:
        print(f"{r['provider']:<22} {r['cases']:>5} {r['accuracy']:>9.3f} {r['p50_s']:>7}  "
              f"{r['by_category']}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"rows": rows, "misses": misses}, indent=2))


if __name__ == "__main__":
    main()
