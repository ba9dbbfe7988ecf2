"""What the test suites of every package share, one module per topic. They travel with `shared/`
in a copy-out and need only the dev tools (imported where a helper runs, not here).

- `dockerfiles` — hadolint, a non-root runtime stage with a HEALTHCHECK, classic builder syntax,
  COPY sources that exist, the official base image's layout.
- `copy_out` — the repository root, each project's names, a copy made by
  `scripts/copy_project.sh` and checked for the projects it left behind.
- `services` — an ASGI app on a real uvicorn server, a script in a private network namespace,
  every route called without a key. (Free ports and waits for a URL: `portfolio_shared.processes`.)
- `browser` — the system Chromium and the flags the UI tests start it with.
- `tools` — a system tool a test needs (skipped, or failed where CI requires it) and the Kubernetes
  overlays rendered with `kubectl kustomize`.
- `postgres` — a real PostgreSQL server in a temporary cluster.
- `crash` — crash tests with a real `kill -9` at a chosen point of a write.
- `artefacts` — a trained model or built index made once per test session, shared by the
  pytest-xdist workers under a file lock.
- `plugin` — the pytest plugin every suite loads: the `slow` rule, the `serial` marker, and the
  test ids a run writes (so CI can prove it ran every test once).
"""
