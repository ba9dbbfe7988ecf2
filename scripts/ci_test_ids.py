"""Every test once: the ids CI's pytest runs wrote against the ids `make test` collects.

    python scripts/ci_test_ids.py <ids folder> <test folder> [...]      (make test-ids)

Each pytest run in CI (the monorepo's `make test` over shared/ and infra/, each copy-out's over
its own project) writes the ids it ran, with their outcomes, to the folder (`PORTFOLIO_TEST_IDS`,
see `portfolio_shared.testing.plugin`); the ones skipped are listed. This collects the test
folders here, as `make test` would, and fails when a collected test ran nowhere (dropped), ran
twice (two files hold it), or ran but is not collected here. Prints the counts per file of ids.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path


def collected(folders: list[str]) -> set[str]:
    """The node ids `pytest --collect-only` finds in `folders` (as `make test` would run them),
    as the shared plugin writes them (`PORTFOLIO_COLLECTED_IDS`)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "collected.txt"
        done = subprocess.run(  # noqa: S603 - pytest from this interpreter, on the repo's tests
            [sys.executable, "-m", "pytest", "--collect-only", "-q", *folders],
            capture_output=True,
            text=True,
            env={**os.environ, "PORTFOLIO_COLLECTED_IDS": str(out), "PORTFOLIO_TEST_IDS": ""},
            check=False,
        )
        if done.returncode != 0 or not out.is_file():
            sys.exit(f"collection failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        return set(out.read_text().split("\n")) - {""}


def main(folder: Path, tests: list[str]) -> int:
    runs = sorted(folder.glob("*.txt"))
    if not runs:
        print(f"no test ids in {folder}: was PORTFOLIO_TEST_IDS set for the runs?")
        return 1
    counts: Counter[str] = Counter()
    skipped: list[str] = []
    for run in runs:
        outcomes = dict(line.split("\t") for line in run.read_text().splitlines() if line)
        counts.update(outcomes.keys())
        skipped += [i for i, outcome in outcomes.items() if outcome == "skipped"]
        print(f"{len(outcomes):6d} ran in {run.name} ({list(outcomes.values()).count('skipped')} "
              "skipped)")  # fmt: skip
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
    if skipped:  # counted as run (the skip is the test's own verdict), listed so none hides
        print(f"skipped where they ran ({len(skipped)}):")
        print("".join(f"  {i}\n" for i in sorted(skipped)), end="")
    if dropped or extra or twice:
        return 1
    print("the union of CI's runs is exactly what make test collects, each test once")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))
