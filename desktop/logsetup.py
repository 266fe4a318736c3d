"""Logging to a rotating file in the per-user log folder."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

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
    return path
