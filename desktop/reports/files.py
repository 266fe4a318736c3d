"""Writing a finished document: under a temporary name beside the target, synced, then renamed.

A pulled USB stick, a full disk or a crash leaves the old file (or none) under the name asked
for, never half a workbook or half a certificate.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_replacing(path: Path, write: Callable[[Path], None]) -> None:
    """``write`` fills the temporary file it is given; it is synced and renamed over ``path``."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        write(temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes_replacing(path: Path, data: bytes) -> None:
    def write(temporary: Path) -> None:
        temporary.write_bytes(data)

    write_replacing(path, write)
