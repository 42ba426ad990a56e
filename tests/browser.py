"""Debian's Chromium for the browser tests, driven headless through Playwright (it never downloads
a browser): where it is and how it is started, in one place for every test that needs it."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM: str | None = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
