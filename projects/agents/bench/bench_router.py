"""Router comparison: tool selection and argument accuracy and latency, the same 68 tasks for
the no-LLM path (rules), SmolLM2-135M (the packaged default) and, where its GGUF is present,
Qwen2.5-Coder-0.5B-Instruct (opt-in: `--qwen PATH`, sha256-checked). A benchmark, not a test.

    uv run python projects/agents/bench/bench_router.py [--qwen path/to/qwen.gguf] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
from functools import partial
from pathlib import Path

from portfolio_shared.llm import LocalChatModel, packaged_smollm2
from retention_agents.jobs.evals import routing

QWEN_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"


def local(path: Path, sha256: str | None) -> LocalChatModel:
    threads = max(1, len(os.sched_getaffinity(0)))
    return LocalChatModel(model_path=path, threads=threads, n_ctx=4096, max_tokens=96,
                          temperature=0.0, expected_sha256=sha256)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--qwen", type=Path, help="Qwen2.5-Coder-0.5B-Instruct Q4_K_M GGUF")
    parser.add_argument("--limit", type=int, default=0, help="first N cases only")
    parser.add_argument("--out", type=Path, default=Path("reports/agents-router.json"))
    args = parser.parse_args()
    cases = routing.cases()
    cases = cases[: args.limit] if args.limit else cases
    rows = [routing.summary("rules (no LLM)", routing.run(routing.rules_route, cases))]
    smol = local(packaged_smollm2(), None)
    smol.warm_up()
    rows.append(routing.summary("SmolLM2-135M", routing.run(partial(routing.model_route, smol),
                                                             cases)))  # fmt: skip
    if args.qwen:
        qwen = local(args.qwen, QWEN_SHA256)
        qwen.warm_up()
        rows.append(routing.summary("Qwen2.5-Coder-0.5B", routing.run(
            partial(routing.model_route, qwen), cases)))  # fmt: skip
    print(f"{'provider':<22} {'cases':>5} {'tool':>6} {'args':>6} {'p50 ms':>9} {'p95 ms':>9} "
          f"{'tokens':>7}  by tool")  # fmt: skip
    for r in rows:
        print(f"{r['provider']:<22} {r['cases']:>5} {r['tool_accuracy']:>6.3f} "
              f"{r['argument_accuracy']:>6.3f} {r['p50_ms']:>9.1f} {r['p95_ms']:>9.1f} "
              f"{r['tokens_per_call']:>7.1f}  {r['by_tool']}")  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
