"""What the report tests share."""

from __future__ import annotations

import logging
import logging.handlers
from collections.abc import Iterator

import pytest


def _close_log_files() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()


@pytest.fixture(autouse=True)
def log_file_per_call() -> Iterator[None]:
    """The CLI's main() adds one log file handler to the process's root logger, in the log
    folder of the test that called it first: remove and close it around each test, so every
    test logs into its own folder and no file is left open."""
    _close_log_files()
    yield
    _close_log_files()
