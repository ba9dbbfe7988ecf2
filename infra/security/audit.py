"""Audit every locked Python dependency for known vulnerabilities (pip-audit, PyPA advisory
data through PyPI), minus the reviewed allow-list in `audit-allowlist.toml`.

    python infra/security/audit.py            # make audit
    AUDIT_REQUIRED=1 python infra/security/audit.py   # CI with network: unaudited is a failure

Exit 0: nothing known and not allowed. Exit 1: a vulnerability, or (with AUDIT_REQUIRED=1)
packages the service could not be asked about. Where the vulnerability service cannot be reached
(an offline machine: PyPI's per-version JSON API answers 404 there), it says so and which
packages went unaudited; it never reports them clean.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PIP_AUDIT = "pip-audit==2.10.1"


def allowlist(path: Path = HERE / "audit-allowlist.toml") -> list[dict[str, Any]]:
    """The reviewed entries; an entry without its fields or past its review date is an error."""
    entries: list[dict[str, Any]] = tomllib.loads(path.read_text())["ignore"]
    today = dt.date.today()
    for entry in entries:
        missing = {"id", "package", "reason", "review_by"} - set(entry)
        if missing:
            raise ValueError(f"allow-list entry {entry.get('id')!r} lacks {sorted(missing)}")
        if entry["review_by"] < today:
            due = entry["review_by"]
            raise ValueError(f"allow-list entry {entry['id']} was due for review {due}")
    return entries


def locked_requirements() -> str:
    """Every third-party package in uv.lock (all projects, all extras), pinned."""
    command = [
        shutil.which("uv") or "uv", "export", "--frozen", "--no-hashes", "--no-emit-workspace",
        "--all-extras", "--all-packages", "--no-header", "--no-annotate",
    ]  # fmt: skip
    exported = subprocess.run(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return "\n".join(line.split(" ;")[0] for line in exported.splitlines() if "==" in line)


def main() -> int:
    ignored = allowlist()
    requirements = locked_requirements()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(requirements)
    args = ["pip-audit", "--no-deps", "--disable-pip", "-r", f.name, "--format", "json",
            "--progress-spinner", "off"]  # fmt: skip
    for entry in ignored:
        args += ["--ignore-vuln", str(entry["id"])]
    runner = [shutil.which("uvx") or "uvx", "--from", PIP_AUDIT]
    done = subprocess.run(runner + args, check=False, capture_output=True, text=True)  # noqa: S603
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n")
        return 1
    packages = len(requirements.splitlines())
    found = [(d["name"], d["version"], v["id"], v.get("fix_versions") or [])
             for d in report["dependencies"] for v in d.get("vulns", [])]  # fmt: skip
    skipped = [d["name"] for d in report["dependencies"] if "skip_reason" in d]
    for name, version, vuln, fixes in found:
        fixed = ", ".join(fixes) or "nothing yet"
        print(f"VULNERABLE {name}=={version}: {vuln} (fixed in {fixed})")
    audited = packages - len(skipped)
    print(
        f"audit: {packages} locked packages, {audited} audited, {len(found)} known "
        f"vulnerabilities, {len(ignored)} allowed by review, {len(skipped)} not audited"
    )
    if skipped:
        names = ", ".join(skipped[:8]) + (" ..." if len(skipped) > 8 else "")
        print(
            f"NOT AUDITED ({len(skipped)}): the vulnerability service could not be asked: {names}"
        )
    if found:
        return 1
    if skipped and os.environ.get("AUDIT_REQUIRED"):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
