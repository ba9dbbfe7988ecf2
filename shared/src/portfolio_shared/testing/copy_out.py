"""Copying a project out of the monorepo (`scripts/copy_project.sh`) and checking the copy: it
holds only the projects it brought, names none it left behind, and opens with its own commands."""

from __future__ import annotations

import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path


def repo_root(start: Path) -> Path:
    """The folder holding `shared/` and `projects/` above `start` (a checkout or a copy-out)."""
    for folder in (start, *start.parents):
        if (folder / "shared").is_dir() and (folder / "projects").is_dir():
            return folder
    raise FileNotFoundError(f"no repository root above {start}")


@dataclass(frozen=True)
class CopiedProject:
    dest: Path
    projects: list[str]
    makefile: str
    compose_services: list[str]
    ci_filters: list[str]
    lock_members: set[str]


def project_names(root: Path) -> dict[str, list[str]]:
    """Every project under `root/projects` and the words files name it by
    (`[tool.portfolio] names` in its pyproject, plus its folder name)."""
    names = {}
    for pyproject in sorted(root.glob("projects/*/pyproject.toml")):
        meta = tomllib.loads(pyproject.read_text())
        portfolio = meta.get("tool", {}).get("portfolio", {})
        names[pyproject.parent.name] = sorted({pyproject.parent.name, *portfolio.get("names", [])})
    return names


def foreign_references(dest: Path, names: dict[str, list[str]]) -> dict[str, list[str]]:
    """`{file: [project, ...]}` for every file git tracks in `dest` that names one of the
    projects in `names` (whole words, case-sensitive; a name ending in `_` is a prefix)."""

    def word(name: str) -> str:
        return rf"(?<![A-Za-z0-9]){re.escape(name)}" + (
            "" if name.endswith("_") else r"(?![A-Za-z0-9])"
        )

    patterns = {project: re.compile("|".join(map(word, words))) for project, words in names.items()}
    files = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607
        cwd=dest,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    found: dict[str, list[str]] = {}
    for name in filter(None, files):
        try:
            text = (dest / name).read_text()
        except (UnicodeDecodeError, OSError):
            continue
        hits = [project for project, pattern in patterns.items() if pattern.search(text)]
        if hits:
            found[name] = hits
    return found


def copy_out(project: str, dest: Path, root: Path) -> CopiedProject:
    """Run `scripts/copy_project.sh`, check the copy holds only the projects it brought, that no
    file it tracks names a project left behind, and that its README opens with its own two
    commands; return what it holds."""
    import yaml

    result = subprocess.run(  # noqa: S603
        ["bash", str(root / "scripts/copy_project.sh"), project, str(dest)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    projects = sorted(p.name for p in (dest / "projects").iterdir())
    assert project in projects
    left_behind = {p: words for p, words in project_names(root).items() if p not in projects}
    foreign = foreign_references(dest, left_behind)
    assert not foreign, f"the copy of {project} names projects it did not bring: {foreign}"
    makefile = (dest / "Makefile").read_text()
    readme = (dest / "README.md").read_text()
    run = tomllib.loads((dest / "projects" / project / "pyproject.toml").read_text())["tool"][
        "portfolio"
    ]["run"]
    first_block = readme.split("```")[1]
    assert f"make {run}" in first_block, "the copy's README opens with its own run command"
    assert "make test" in first_block, "... and `make test`"
    assert f"\n{run}:" in makefile, f"the copy's Makefile has no {run} target"
    compose = yaml.safe_load((dest / "infra/compose.yaml").read_text())
    flow = yaml.safe_load((dest / ".github/workflows/ci.yml").read_text())
    filters = yaml.safe_load(flow["jobs"]["changes"]["steps"][1]["with"]["filters"])
    lock = tomllib.loads((dest / "uv.lock").read_text())
    dry = subprocess.run(
        ["make", "-n", "test", "images"],  # noqa: S607
        cwd=dest,
        capture_output=True,
        text=True,
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    return CopiedProject(
        dest=dest,
        projects=projects,
        makefile=makefile,
        compose_services=sorted(compose["services"]),
        ci_filters=list(filters),
        lock_members=set(lock["manifest"]["members"]),
    )
