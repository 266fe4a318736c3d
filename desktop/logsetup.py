"""Logging to a rotating file in the per-user log folder."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from desktop import __version__

LOG_FILE = "taslim.log"


def configure_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    root.setLevel(level)
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return path  # configured already (a second command in the same process)
    # Opened only when it is added: a handler made and dropped would leave its file open.
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    # A log sent in after a problem says which Taslim wrote it, and how it was installed.
    logging.getLogger(__name__).info(
        "Taslim %s (%s, Python %s) started: %s", __version__,
        "bundle" if getattr(sys, "frozen", False) else "from source",
        sys.version.split()[0], " ".join(sys.argv[1:]) or "the window")
    return path
