"""The system Chromium the UI tests drive (no browser download)."""

from __future__ import annotations

import shutil

#: Headless Chromium as the UI tests drive it (the system browser: no download).
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")
