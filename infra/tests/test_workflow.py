"""The GitHub workflow ships safely: every action is pinned to a full commit SHA (its tag in a
comment), the workflow grants nothing by default, each job asks only for read access except the
one publishing job, which alone may write packages and runs only on a push to main."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "ci.yml"
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.M)


def test_every_action_is_pinned_to_a_commit_with_its_tag_in_a_comment() -> None:
    uses = USES.findall(WORKFLOW.read_text())
    assert len(uses) >= 10
    for ref, rest in uses:
        assert not ref.startswith("./"), "local actions are not used here"
        action, _, version = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", version), f"{action} is pinned by {version!r}"
        assert re.search(r"#\s*v\d+(\.\d+)*", rest), f"{action}: say which tag the SHA is"


def test_permissions_are_least_privilege() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    assert flow["permissions"] == {}  # nothing unless a job asks
    writers = []
    for name, job in flow["jobs"].items():
        granted = job.get("permissions")
        assert granted is not None, f"{name} must say what it needs"
        assert granted.get("contents") == "read", name
        writes = {scope for scope, level in granted.items() if level == "write"}
        if writes:
            writers.append(name)
            assert writes == {"packages"}, (name, writes)
    assert writers == ["publish"]
    publish = flow["jobs"]["publish"]
    assert "refs/heads/main" in publish["if"]
    assert "'push'" in publish["if"]
    assert "pull_request" not in publish["if"]
    steps = publish["steps"]
    assert any("docker push" in s.get("run", "") for s in steps)
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)  # SBOM


def test_checkouts_do_not_keep_the_token() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    for name, job in flow["jobs"].items():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


def test_uv_is_cached_on_the_lock() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text())
    for name, job in flow["jobs"].items():
        setup = [s for s in job["steps"] if s.get("uses", "").startswith("astral-sh/setup-uv@")]
        if any("make " in s.get("run", "") for s in job["steps"]):
            assert setup, f"{name} runs make without uv set up"
            assert setup[0]["with"]["enable-cache"] is True
            assert setup[0]["with"]["cache-dependency-glob"] == "uv.lock"
