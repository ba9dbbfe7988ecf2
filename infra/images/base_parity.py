"""Run inside a base image (`docker run --rm python:3.11-slim python - 3.11 < base_parity.py`):
checks that it lays Python out the way the official `python:X.Y-slim` does, so a Dockerfile
that builds on this machine's debootstrap stand-in also builds on the real image. Prints what it
found; exits 1 on a difference."""

import os
import shutil
import sys
import sysconfig

expected = sys.argv[1]  # "3.11", from the Dockerfiles' FROM line
problems = []
found = f"{sys.version_info.major}.{sys.version_info.minor}"
if found != expected:
    problems.append(f"Python {found}, the Dockerfiles' FROM says {expected}")
for command in ("python", "python3", "pip"):  # the official image's entry points
    path = shutil.which(command)
    if path is None or os.path.dirname(path) != "/usr/local/bin":
        problems.append(f"{command} is at {path}, the official image has /usr/local/bin/{command}")
stdlib = sysconfig.get_paths()["stdlib"]
if os.path.exists(os.path.join(stdlib, "EXTERNALLY-MANAGED")):
    problems.append(
        "EXTERNALLY-MANAGED: pip refuses to install outside a venv; the official image does not"
    )
try:
    import ensurepip  # noqa: F401
    import venv  # noqa: F401
except ImportError as exc:
    problems.append(f"`python -m venv` cannot work: {exc}")
if os.environ.get("LANG") != "C.UTF-8":
    problems.append(f"LANG={os.environ.get('LANG')}, the official image sets C.UTF-8")
print(f"base image: Python {found} at {sys.executable}, stdlib {stdlib}")
for problem in problems:
    print("parity FAIL:", problem)
sys.exit(1 if problems else 0)
