"""The stage table of a CI run against its budget (the root pyproject's `[tool.portfolio.ci]`).

    python3 scripts/ci_budget.py build/ci/stages.tsv      (.ci/run calls it on exit)

Reads `stage<TAB>seconds` lines, prints each stage's time beside its budget and the total beside
the run's budget and the hard limit, and warns loudly for every stage or total past its budget.
It never fails the run: the hard limit is enforced by whoever runs CI (past it, nothing lands).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOUD = "\033[1;31m"
PLAIN = "\033[0m"


def main(stages_file: Path) -> None:
    ci = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["portfolio"]["ci"]
    budgets: dict[str, int] = ci["stages"]
    rows = [line.split("\t") for line in stages_file.read_text().splitlines() if line.strip()]
    warnings = []
    print(f"\n{'stage':<14}{'seconds':>9}{'budget':>9}")
    for name, seconds in rows:
        budget = budgets.get(name)
        over = budget is not None and int(seconds) > budget
        mark = "  OVER BUDGET" if over else ""
        print(f"{name:<14}{seconds:>9}{budget if budget is not None else '-':>9}{mark}")
        if over:
            warnings.append(f"stage {name} took {seconds} s, budget {budget} s")
    total = sum(int(s) for _, s in rows)
    print(f"{'total':<14}{total:>9}{ci['budget_s']:>9}   (hard limit {ci['limit_s']} s)")
    if total > ci["budget_s"]:
        warnings.append(f"the run took {total} s, over its budget of {ci['budget_s']} s "
                        f"(past {ci['limit_s']} s nothing lands)")  # fmt: skip
    for warning in warnings:
        print(f"{LOUD}WARNING: {warning}{PLAIN}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
