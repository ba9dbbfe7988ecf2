"""The pytest plugin every suite loads (`-p portfolio_shared.testing.plugin` in the root
pyproject's addopts).

- **The `slow` rule, one for every package.** A test is `slow` when it trains a model, starts a
  server or a child process, drives a browser, fuzzes, copies a project out, builds or runs an
  image, or its own work (the call, not a session artefact built once for everyone) takes more
  than `SLOW_AFTER_S` seconds. Marked here by location: the tiers that do so by nature
  (`SLOW_TIERS`) and the kinds of test file that do (`SLOW_FILES`: fuzz, crash, copy-out, UI,
  image); elsewhere a test or module says `pytest.mark.slow` itself. `make test-fast` runs what
  is not slow. Every run lists, at its end, the tests whose call took longer than `SLOW_AFTER_S`
  without the marker, so the rule is checked by each run rather than remembered.
- **`serial`**: a test that measures time or memory, or loads the machine, and so must not share
  it with a second worker. `make test` runs these apart, after the parallel run.
- **The ids a run ran**: with `PORTFOLIO_TEST_IDS=<folder>` the run writes the node id and outcome
  (passed, failed, skipped) of every test it ran to a file there; with
  `PORTFOLIO_COLLECTED_IDS=<file>` it writes the ids it collected. `scripts/ci_test_ids.py`
  compares the union of CI's runs with what `make test` collects, and lists what was skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

#: Test folders whose every test is slow by the rule (trained models, servers, real engines).
SLOW_TIERS = frozenset({"model", "eval", "e2e", "ui"})
#: Test files whose every test is slow by the rule (their names say what they do).
SLOW_FILES = re.compile(r"test_(fuzz|crash|copy_out|ui|image|soak)\w*\.py")
#: A test whose call takes longer than this is slow by the rule.
SLOW_AFTER_S = 2.0

_ran: dict[str, str] = {}  # node id -> outcome
_slow: set[str] = set()
_durations: dict[str, float] = {}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "serial: measures time or memory or loads the machine: run apart, not beside an xdist "
        "worker",
    )


def tier(item: pytest.Item) -> str | None:
    """The tier folder a test lives in (`tests/<tier>/test_x.py`), or None at the top."""
    folders = Path(str(item.path)).parent.parts
    if "tests" not in folders:
        return None
    below = folders[len(folders) - folders[::-1].index("tests") :]  # after the last `tests`
    return below[0] if below else None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if tier(item) in SLOW_TIERS or SLOW_FILES.fullmatch(Path(str(item.path)).name):
            item.add_marker(pytest.mark.slow)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _durations[report.nodeid] = report.duration
    if "slow" in report.keywords:
        _slow.add(report.nodeid)
    if _ran.get(report.nodeid, "passed") == "passed":  # a failed or skipped phase decides
        _ran[report.nodeid] = (
            "failed" if report.failed else "skipped" if report.skipped else "passed"
        )


def pytest_collection_finish(session: pytest.Session) -> None:
    path = os.environ.get("PORTFOLIO_COLLECTED_IDS")
    if path and not _is_worker(session.config):
        Path(path).write_text("".join(f"{item.nodeid}\n" for item in session.items))


def pytest_sessionfinish(session: pytest.Session) -> None:
    folder = os.environ.get("PORTFOLIO_TEST_IDS")
    if not folder or _is_worker(session.config) or not _ran:
        return
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    root = Path(str(session.config.rootpath)).name
    lines = "".join(f"{i}\t{outcome}\n" for i, outcome in sorted(_ran.items()))
    (out / f"{root}-{os.getpid()}.txt").write_text(lines)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _is_worker(terminalreporter.config):
        return
    unmarked = sorted(
        ((s, i) for i, s in _durations.items() if s > SLOW_AFTER_S and i not in _slow),
        reverse=True,
    )
    if unmarked:
        terminalreporter.section(f"calls over {SLOW_AFTER_S:.0f} s without the slow marker")
        for seconds, nodeid in unmarked:
            terminalreporter.write_line(f"{seconds:7.1f} s  {nodeid}")
