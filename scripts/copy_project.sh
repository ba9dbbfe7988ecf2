#!/usr/bin/env bash
# Copy one project out of the monorepo as a standalone repository you can own:
#   scripts/copy_project.sh <project> ../my-copy      (a folder of projects/)
# It keeps the layout (shared/ library + projects/<name>/), the Makefile, CI, infra and
# image tooling, drops the other projects, re-locks the dependencies and makes a first commit.
# A project that uses another one as a library brings it along (the workspace dependencies in its
# pyproject decide), and so does a project that calls others over HTTP (its
# `[tool.portfolio] services`). The copy names no project it left behind: `copy_out` in
# portfolio_shared.testing.copy_out greps it for their `[tool.portfolio] names`.
set -euo pipefail
project=${1:?usage: $0 PROJECT DEST}
dest=${2:?usage: $0 PROJECT DEST   (or $0 PROJECT --list: the projects a copy brings)}
src=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$src/projects/$project/pyproject.toml" ] || { echo "no project '$project' in $src/projects" >&2; exit 2; }
[ "$dest" = --list ] || [ ! -e "$dest" ] || [ -z "$(ls -A "$dest" 2>/dev/null)" ] || { echo "$dest exists and is not empty" >&2; exit 2; }
# The project and the workspace projects it depends on (transitively).
keep=$(python3 - "$src" "$project" <<'PY'
import sys, tomllib
from pathlib import Path
root, first = Path(sys.argv[1]), sys.argv[2]
by_name = {tomllib.loads(p.read_text())["project"]["name"]: p.parent.name
           for p in root.glob("projects/*/pyproject.toml")}
keep, todo = [], [first]
while todo:
    name = todo.pop()
    if name in keep:
        continue
    keep.append(name)
    meta = tomllib.loads((root / "projects" / name / "pyproject.toml").read_text())
    for dep, spec in meta.get("tool", {}).get("uv", {}).get("sources", {}).items():
        if spec.get("workspace") and dep in by_name:
            todo.append(by_name[dep])
    todo += meta.get("tool", {}).get("portfolio", {}).get("services", [])
print(" ".join(sorted(keep)))
PY
)
[ "$dest" != --list ] || { echo "$keep"; exit 0; }
mkdir -p "$dest/projects"
# Tracked files only: no venv, data, caches or build outputs.
(cd "$src" && git ls-files -z -- . ":!:projects/*"; for p in $keep; do git ls-files -z -- "projects/$p"; done) \
  | (cd "$src" && xargs -0 tar -cf -) | tar -C "$dest" -xf -
# The workflow's path filters name every project: keep only this one.
python3 - "$dest/.github/workflows/ci.yml" $keep <<'PY'
import re, sys
path, keep = sys.argv[1], set(sys.argv[2:])
text = open(path).read()
block = re.search(r"(          filters: \|\n)((?:            .*\n)+)", text)
if block:
    entries = re.split(r"(?m)^(?=            \S)", block.group(2))
    kept = [e for e in entries if e.strip().split(":")[0] in keep]
    text = text.replace(block.group(2), "".join(kept))
open(path, "w").write(text)
PY
# Per-project pieces of shared files go with their project. In any text file, a block from a
# comment line `>>> a [b ...]` to `<<< a [b ...]` (after #, ;, // or <!--), and a line ending in
# such a comment `only: a [b ...]`, stay only if every project named is brought (`a|b`: either);
# so do the paths listed in the root pyproject's [tool.portfolio.copy] requires. Compose services
# built from another project's Dockerfile (or marked `# project: name`) go with that project.
python3 - "$dest" $keep <<'PY'
import re, shutil, sys, tomllib
from pathlib import Path
dest, keep = Path(sys.argv[1]), set(sys.argv[2:])


def wanted(names):
    """Every name is brought (`a|b`: one of them is)."""
    return all(set(name.split("|")) & keep for name in names)


requires = tomllib.loads((dest / "pyproject.toml").read_text()).get("tool", {}).get(
    "portfolio", {}).get("copy", {}).get("requires", {})
for path, projects in requires.items():
    if not wanted(projects):
        target = dest / path
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
opener = r"^[ \t]*(?:#|;|//|<!--) "
block = re.compile(rf"(?ms){opener}>>> ([\w|]+(?: [\w|]+)*)(?![\w|])[^\n]*\n.*?{opener}<<< \1(?![\w|])[^\n]*\n(?:[ \t]*\n)*")
line = re.compile(r"(?m)^.*(?:#|;|//|<!--) only: ([\w|]+(?: [\w|]+)*)(?: -->)?[ \t]*\n")


def keep_or_drop(m):
    """The piece without its left-behind alternatives (`a|b` -> `a`), or nothing."""
    names = m.group(1).split()
    if not wanted(names):
        return ""
    brought = " ".join("|".join(a for a in n.split("|") if a in keep) for n in names)
    return m.group(0).replace(m.group(1), brought)


for path in sorted(dest.rglob("*")):
    if not path.is_file() or ".git" in path.parts:
        continue
    try:
        text = path.read_text()
    except (UnicodeDecodeError, OSError):
        continue
    if ">>> " not in text and " only: " not in text:
        continue
    new = block.sub(keep_or_drop, text)
    new = line.sub(keep_or_drop, new)
    if new != text:
        path.write_text(new.rstrip("\n") + "\n")
compose = dest / "infra" / "compose.yaml"
owner = re.compile(r"dockerfile: projects/(\w+)/Dockerfile|# project: (\w+)")
if compose.is_file():
    text = compose.read_text()
    blocks = re.split(r"(?m)^(?=(?:  )?[a-z][\w-]*:\n)", text)
    kept = [b for b in blocks
            if not (m := owner.search(b)) or (m.group(1) or m.group(2)) in keep]
    compose.write_text("".join(kept))
PY
# Kubernetes: a base marked `# project: name` goes with that project, and so do the overlay
# lines that name it (resources, components, images) and network-policy peers that select it.
python3 - "$dest" $keep <<'PY'
import re, shutil, sys
from pathlib import Path
dest, keep = Path(sys.argv[1]), set(sys.argv[2:])
base = dest / "infra" / "k8s" / "base"
if not base.is_dir():
    sys.exit(0)
gone, images = [], []
for kustomization in sorted(base.glob("*/kustomization.yaml")):
    m = re.search(r"^# project: (\w+)", kustomization.read_text(), re.M)
    if m and m.group(1) not in keep:
        folder = kustomization.parent
        gone.append(folder.name)
        images += re.findall(r"image: (ai-portfolio/[\w-]+)", "".join(
            f.read_text() for f in folder.rglob("*.yaml")))
        shutil.rmtree(folder)
kept_images = {i for f in base.rglob("*.yaml") for i in re.findall(r"image: (ai-portfolio/[\w-]+)", f.read_text())}
for f in (dest / "infra" / "k8s").rglob("*.yaml"):
    text = f.read_text()
    for name in gone:
        text = re.sub(rf"(?m)^ *- \.\./\.\./base/{name}(/\w+)?\n", "", text)
        text = re.sub(rf"(?m)^( *)- podSelector:\n\1    matchLabels:\n\1      app\.kubernetes\.io/name: {name}\n", "", text)
    for image in set(images) - kept_images:
        text = re.sub(rf"(?m)^( *)- name: {image}\n(\1  .*\n)*", "", text)
    f.write_text(text)
PY
# The copy's own README opens with its two commands; the monorepo's README stays behind.
python3 - "$dest" "$project" $keep <<'PY'
import sys, tomllib
from pathlib import Path
dest, project, keep = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
meta = tomllib.loads((dest / "projects" / project / "pyproject.toml").read_text())
run = meta["tool"]["portfolio"]["run"]
others = [k for k in keep if k != project]
brought = f" (with {', '.join(f'`projects/{o}/`' for o in others)}, which it needs)" if others else ""
(dest / "README.md").write_text(f"""# {project}

```bash
make {run}   # set up (uv, the locked environment, CPU-only torch) and run it
make test{' ' * (len(run) - 4)}   # set up and run every test tier
```

{meta["project"]["description"]}.

Copied out of the ai-portfolio monorepo with `scripts/copy_project.sh`: `shared/` is the common
library, `projects/{project}/` the application{brought}. [Its README](projects/{project}/README.md)
says what it does and what was measured; `make help` lists every target; `infra/` holds the
compose file, the image tooling and the Kubernetes manifests of what was copied.
""")
PY
cd "$dest"
mkdir -p .wheels
[ -e "$src/.wheels" ] && cp -P "$src"/.wheels/* .wheels/ 2>/dev/null || true
uv=$(command -v uv || echo "python3 -m uv")
$uv lock --quiet
git init -q -b main && git add -A && git -c user.name=copy -c user.email=copy@localhost commit -qm "Start from ai-portfolio/$project"
echo "copied $project (with: $keep) to $dest: cd $dest && make help"
