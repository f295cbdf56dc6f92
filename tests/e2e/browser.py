"""Debian's Chromium for the browser tests: its path and the flags it needs on this machine."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("NEWSFLOW_CHROMIUM", "/usr/bin/chromium"))
# headless as root, and no background connections (this machine's network is closed)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
