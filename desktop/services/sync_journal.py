"""The import journal: one line per file offered for import, whatever happened to it.

Imported files are also logged inside the database, in the same transaction as their data. A
refused file must not write to the database at all, yet a supervisor has to see it (a fork is a
tamper alarm), so every outcome is appended here, beside the database, as a line of JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.clock import to_utc_text, utc_now

if TYPE_CHECKING:
    from desktop.services.base import Session
    from desktop.services.sync_import import FileReport

MAX_LINE_CHARS = 64 * 1024
RECEIPT = "receipt"  # the outcome of a line that records a receipt written, not a file offered


def journal_path(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + ".imports.jsonl")


class ImportJournal:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, report: FileReport, session: Session | None) -> None:
        self._write({"at": to_utc_text(utc_now()),
                     "by": session.username if session else None, **report.to_json()})

    def append_receipt(self, device_id: str, device_code: str, held_seq: int,
                       session: Session | None = None) -> None:
        """A receipt written for a laptop: how far its revisions were confirmed held."""
        self._write({"at": to_utc_text(utc_now()), "by": session.username if session else None,
                     "outcome": RECEIPT, "device_id": device_id, "device_code": device_code,
                     "held_seq": held_seq})

    def _write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False)[:MAX_LINE_CHARS]
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def entries(self) -> list[dict[str, Any]]:
        """Newest first, receipt lines included; a line cut short by a power cut is skipped."""
        if not self.path.exists():
            return []
        found = []
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if isinstance(entry, dict):
                    found.append(entry)
        return found[::-1]
