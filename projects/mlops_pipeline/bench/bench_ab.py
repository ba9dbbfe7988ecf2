"""A/B decision rules by simulation: false-positive rate under no difference and power under a
real one, for the fixed-horizon z-test, the same test with peeking, and the always-valid mixture
SPRT — all on the same simulated experiments of each condition.

    python projects/mlops_pipeline/bench/bench_ab.py [--experiments 20000]
"""

from __future__ import annotations

import argparse
import json
import time

from mlops_pipeline.core.ab.simulate import simulate, wilson_interval
from mlops_pipeline.core.ab.stats import sample_size_per_arm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=float, default=0.20)
    parser.add_argument("--mde", type=float, default=-0.03)
    parser.add_argument("--experiments", type=int, default=20_000)
    parser.add_argument("--looks", type=int, default=20)
    args = parser.parse_args()
    n = sample_size_per_arm(args.baseline, args.mde)
    print(
        f"baseline churn {args.baseline:.2f}, minimum detectable change {args.mde:+.2f}: "
        f"{n} customers per arm (alpha 0.05, power 0.80); {args.experiments} experiments, "
        f"{args.looks} looks each\n"
    )
    rows = []
    started = time.perf_counter()
    for label, rate_b, per_arm, looks in [
        ("no difference, planned n", args.baseline, n, args.looks),
        ("no difference, 2n", args.baseline, 2 * n, 2 * args.looks),
        ("real difference, planned n", args.baseline + args.mde, n, args.looks),
        ("real difference, 2n", args.baseline + args.mde, 2 * n, 2 * args.looks),
    ]:
        r = simulate(args.baseline, rate_b, per_arm, looks, args.experiments, seed=len(rows))
        rows.append((label, r))
    header = ("fixed z-test", "z-test, peeking", "mixture SPRT")
    print(f"{'condition':<28}" + "".join(f"{h:>24}" for h in header))
    for label, r in rows:
        cells = []
        for value in (r.fixed, r.peeking, r.msprt):
            low, high = wilson_interval(value * r.experiments, r.experiments)
            cells.append(f"{value:.4f} [{low:.3f}, {high:.3f}]")
        print(f"{label:<28}" + "".join(f"{c:>24}" for c in cells))
    print(
        "\n(no-difference rows: false-positive rate, target <= 0.05; others: power; "
        "[95 % Monte Carlo interval])"
    )
    print(f"simulated in {time.perf_counter() - started:.1f} s")
    print(json.dumps({label: r.as_dict() for label, r in rows}))


if __name__ == "__main__":
    main()
