"""Every test once: the ids CI's pytest runs wrote against the ids `make test` collects.

    python scripts/ci_test_ids.py <ids folder> <test folder> [...]      (make test-ids)

Each pytest run in CI (the monorepo's `make test` over shared/ and infra/, each copy-out's over
its own project) writes the ids it ran to the folder (`PORTFOLIO_TEST_IDS`, see
`portfolio_shared.testing.plugin`). This collects the test folders here, as `make test` would,
and fails when a collected test ran nowhere (dropped) or a test ran twice (two files hold it) or
ran but is not collected here. Prints the counts per file of ids.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path


def collected(folders: list[str]) -> set[str]:
    """The node ids `pytest --collect-only` finds in `folders` (as `make test` would run them)."""
    done = subprocess.run(  # noqa: S603 - pytest from this interpreter, on the repo's tests
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *folders],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"collection failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return {line.strip() for line in done.stdout.splitlines() if "::" in line}


def main(folder: Path, tests: list[str]) -> int:
    runs = sorted(folder.glob("*.txt"))
    if not runs:
        print(f"no test ids in {folder}: was PORTFOLIO_TEST_IDS set for the runs?")
        return 1
    counts: Counter[str] = Counter()
    for run in runs:
        ids = set(run.read_text().split("\n")) - {""}
        counts.update(ids)
        print(f"{len(ids):6d} ran in {run.name}")
    expected = collected(tests)
    ran = set(counts)
    dropped = sorted(expected - ran)
    extra = sorted(ran - expected)
    twice = sorted(i for i, n in counts.items() if n > 1)
    print(f"{len(expected):6d} collected by make test; {len(ran)} ran in CI, once each: "
          f"{len(ran) - len(twice)}")  # fmt: skip
    for title, ids in (
        ("collected but run nowhere", dropped),
        ("run in CI but not collected by make test", extra),
        ("run more than once", twice),
    ):
        if ids:
            print(f"{title} ({len(ids)}):")
            print("".join(f"  {i}\n" for i in ids[:50]), end="")
    if dropped or extra or twice:
        return 1
    print("the union of CI's runs is exactly what make test collects, each test once")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
